/**
 * One simulated event per function: the topic and the payload bytes a Junos router would
 * publish for it (docs/jet-notification.md §2–3). Pure; `time` is the device-local clock.
 */
import { type Action, type Kind, JUNOS_ROOT } from '../topics/catalog.js';
import {
  type Address, type Family, type Filter, type Port, type Router, type Unit, familyOfTable, tableName, unitName,
} from './inventory.js';

export interface SimulatedEvent {
  topic: string;
  /** The payload as published: compact JSON, as routers send it. */
  payload: string;
  kind: Kind;
  /** The router's host-name (`mx1`). */
  router: string;
}

const KERNEL = `${JUNOS_ROOT}/kernel`;
const INTERFACES = `${KERNEL}/interfaces`;

/** Link state in the ifd/ifl `flags` bitmask. The bit meanings are not public: illustrative values. */
const LINK_FLAGS = { up: 0x8008, down: 0x4008 } as const;

function kernelEvent(
  router: Router, time: string, kind: Kind, action: Action, topic: string, eventId: string, attributes: Record<string, unknown>,
): SimulatedEvent {
  const payload = {
    'jet-event': {
      'event-id': `KERNEL_EVENT_${eventId}_${action.toUpperCase()}`,
      hostname: router.hostname,
      time,
      // Kernel events are always info; the captured one says INFO (syslog events say info).
      severity: 'INFO',
      facility: 'KERNEL',
      attributes,
    },
  };
  return { topic, payload: JSON.stringify(payload), kind, router: router.hostname };
}

export function ifdEvent(router: Router, time: string, action: Action, port: Port): SimulatedEvent {
  return kernelEvent(router, time, 'ifd', action, `${INTERFACES}/ifd/${action}/${port.name}`, 'IFD', {
    name: port.name, 'snmp-id': port.snmpId, flags: port.up ? LINK_FLAGS.up : LINK_FLAGS.down,
  });
}

export function iflEvent(router: Router, time: string, action: Action, unit: Unit, up = true): SimulatedEvent {
  return kernelEvent(router, time, 'ifl', action, `${INTERFACES}/ifl/${action}/${unitName(unit)}`, 'IFL', {
    name: unit.ifd, subunit: unit.unit, 'snmp-id': unit.snmpId, flags: up ? LINK_FLAGS.up : LINK_FLAGS.down,
  });
}

export function iffEvent(router: Router, time: string, action: Action, unit: Unit, family: Family): SimulatedEvent {
  return kernelEvent(router, time, 'iff', action, `${INTERFACES}/iff/${action}/${unitName(unit)}/${family}`, 'IFF', {
    name: unit.ifd, subunit: unit.unit, family, 'table-name': tableName(unit.instance, family), flags: 0,
  });
}

/** As captured: the topic and `local-address` carry the host address, `destination-address` the subnet. */
export function ifaEvent(router: Router, time: string, action: Action, unit: Unit, address: Address): SimulatedEvent {
  const hostLength = address.family === 'inet' ? 32 : 128;
  const attributes: Record<string, unknown> = {
    name: unit.ifd, subunit: unit.unit, family: address.family, 'local-address': `${address.local}/${hostLength}`,
  };
  if (address.network !== undefined) attributes['destination-address'] = address.network;
  if (address.broadcast !== undefined) attributes['broadcast-address'] = `${address.broadcast}/32`;
  attributes['generation-number'] = ++router.generation;
  attributes.flags = address.network === undefined ? 0x80 : 0xc0;
  const topic = `${INTERFACES}/ifa/${action}/${unitName(unit)}/${address.family}/${address.local}/${hostLength}`;
  return kernelEvent(router, time, 'ifa', action, topic, 'IFA', attributes);
}

export function firewallEvent(router: Router, time: string, action: Action, filter: Filter): SimulatedEvent {
  return kernelEvent(router, time, 'firewall', action, `${KERNEL}/firewall/filter/${action}/${filter.name}`, 'FIREWALL_FILTER', {
    name: filter.name, version: filter.version, 'client-id': 1, 'filter-type': 'classic',
    protocol: filter.family, 'interface-name': filter.interfaceName, flags: 0,
  });
}

/** `prefix` is `address/length`, already a network address. */
export function routeEvent(
  router: Router, time: string, action: Action, table: string, prefix: string, nextHops: readonly string[], routeType = 'user',
): SimulatedEvent {
  const family = familyOfTable(table);
  return kernelEvent(router, time, 'route', action, `${KERNEL}/route/${action}/${family}/${prefix}`, 'ROUTE', {
    'table-name': table, 'logical-router-name': 'default', 'address-family': family,
    'route-type': routeType, 'route-prefix': prefix, 'nexthop-address': [...nextHops], flags: 0,
  });
}

export function routeTableEvent(router: Router, time: string, action: Action, table: string): SimulatedEvent {
  return kernelEvent(router, time, 'route-table', action, `${KERNEL}/route-table/${action}/${table}/default`, 'ROUTE_TABLE', {
    name: table, 'logical-router-name': 'default', 'address-family': familyOfTable(table), flags: 0,
  });
}

export interface SyslogDetails {
  severity: string;
  facility: string;
  process: keyof Router['pids'];
  /** The message after `EVENT_ID: `. */
  text: string;
  /** Structured attributes; values are strings, as on the device. */
  attributes: Record<string, string>;
}

export function syslogEvent(router: Router, time: string, eventId: string, details: SyslogDetails): SimulatedEvent {
  const payload = {
    'jet-event': {
      'event-id': eventId,
      hostname: router.hostname,
      time,
      severity: details.severity,
      facility: details.facility,
      'process-id': router.pids[details.process],
      'process-name': details.process,
      message: `${eventId}: ${details.text}`,
      attributes: details.attributes,
    },
  };
  return { topic: `${JUNOS_ROOT}/syslog/${eventId}`, payload: JSON.stringify(payload), kind: 'syslog', router: router.hostname };
}

/** The broker's own chatter: a generic SYSTEM event carrying just a message. */
export function chatterEvent(router: Router, time: string, text: string): SimulatedEvent {
  const payload = {
    'jet-event': {
      'event-id': 'SYSTEM', hostname: router.hostname, time, severity: 'info', facility: 'daemon',
      attributes: { message: text },
    },
  };
  return { topic: `${JUNOS_ROOT}/syslog/SYSTEM`, payload: JSON.stringify(payload), kind: 'syslog', router: router.hostname };
}

/** `commit-patch` without a jet-event wrapper: XML text or a JSON object, as the router is configured. */
export function configUpdateEvent(router: Router, patch: { xml: string; json: Record<string, unknown> }): SimulatedEvent {
  const commitPatch = router.diffFormat === 'xml' ? `<configuration>${patch.xml}</configuration>` : { configuration: patch.json };
  return {
    topic: `${JUNOS_ROOT}/genpub/config-update`,
    payload: JSON.stringify({ 'commit-patch': commitPatch }),
    kind: 'config-update',
    router: router.hostname,
  };
}
