/**
 * Link state from syslog: `SNMP_TRAP_LINK_DOWN` / `SNMP_TRAP_LINK_UP` name the interface in
 * the attribute `interface-name`. These are the only events whose meaning for the link is
 * public (the bits of an ifd's `flags` are not), so flaps are counted from them alone.
 */
import type { EventRecord, LinkDirection } from '../record.js';

const LINK_DOWN_EVENT = 'SNMP_TRAP_LINK_DOWN';
const LINK_UP_EVENT = 'SNMP_TRAP_LINK_UP';

export interface LinkTrap {
  interface: string;
  direction: LinkDirection;
}

/** The message names the interface too (`..., ifName ge-0/0/0`): used when the attribute is missing. */
const IF_NAME_IN_MESSAGE = /\bifName (\S+)/;

/**
 * The router an event is about: its `hostname` (the router's host-name), else the device
 * (connection) it came by. A central broker carries many routers over one connection.
 */
export function readRouter(record: EventRecord): string {
  const hostname = record.event?.hostname;
  return typeof hostname === 'string' && hostname !== '' ? hostname : record.device;
}

/** The event id of a record: the topic's (it decides the kind), else the payload's. */
export function readEventId(record: EventRecord): string | undefined {
  const fromPayload = record.event?.['event-id'];
  return record.topic_fields.event_id ?? (typeof fromPayload === 'string' ? fromPayload : undefined);
}

/** The link trap a record carries, or null. Permissive: an invalid event that names its interface still counts. */
export function readLinkTrap(record: EventRecord): LinkTrap | null {
  if (record.kind !== 'syslog') return null;
  const id = readEventId(record);
  const direction = id === LINK_DOWN_EVENT ? 'down' : id === LINK_UP_EVENT ? 'up' : null;
  if (direction === null) return null;
  const name = readInterfaceName(record.event);
  return name === undefined ? null : { interface: name, direction };
}

function readInterfaceName(event: EventRecord['event']): string | undefined {
  const attributes = event?.attributes;
  if (attributes !== null && typeof attributes === 'object') {
    const name = (attributes as Record<string, unknown>)['interface-name'];
    if (typeof name === 'string' && name !== '') return name;
  }
  const message = event?.message;
  return typeof message === 'string' ? IF_NAME_IN_MESSAGE.exec(message)?.[1] : undefined;
}
