/**
 * Junos events as a router publishes them ({topic, payload}), for the e2e tests: kernel
 * interface and route events, syslog events, and link flaps (the SNMP link traps that
 * `top` and `--collapse-flaps` count, with the kernel's ifd change events between them).
 */

export interface Message {
  topic: string;
  payload: string;
}

const TIME = '2026-11-24-09:15:02';

function jet(topic: string, event: Record<string, unknown>): Message {
  return { topic, payload: JSON.stringify({ 'jet-event': { hostname: 'mx1', time: TIME, ...event } }) };
}

/** An ifd event; `attributes` are merged over `{name, snmp-id: 500, flags: 8}`. */
export function ifdEvent(name: string, options: { action?: 'add' | 'change' | 'delete'; hostname?: string; attributes?: Record<string, unknown> } = {}): Message {
  const action = options.action ?? 'change';
  return jet(`/junos/events/kernel/interfaces/ifd/${action}/${name}`, {
    'event-id': `KERNEL_EVENT_IFD_${action.toUpperCase()}`, hostname: options.hostname ?? 'mx1', severity: 'info', facility: 'KERNEL',
    attributes: { name, 'snmp-id': 500, flags: 8, ...options.attributes },
  });
}

/** Storm traffic for the memory tests: ifd changes of ge-0/0/1, numbered by `generation-number`. */
export const STORM_TOPIC = ifdEvent('ge-0/0/1').topic;

/** Storm events `first` .. `first + count - 1`, one payload per line, as `mosquitto_pub -l` reads them. */
export function stormLines(first: number, count: number): string {
  const payload = (index: number) => ifdEvent('ge-0/0/1', { attributes: { 'snmp-id': 501, flags: 32776, 'generation-number': index } }).payload;
  return `${Array.from({ length: count }, (_, i) => payload(first + i)).join('\n')}\n`;
}

export function ifdChange(name: string, hostname = 'mx1'): Message {
  return ifdEvent(name, { hostname, attributes: { 'snmp-id': 521, flags: 32776 } });
}

export function routeEvent(action: 'add' | 'change' | 'delete', family: string, prefix: string): Message {
  return jet(`/junos/events/kernel/route/${action}/${family}/${prefix}`, {
    'event-id': `KERNEL_EVENT_ROUTE_${action.toUpperCase()}`, severity: 'info', facility: 'KERNEL',
    attributes: { 'table-name': family === 'inet' ? 'inet.0' : 'inet6.0', 'route-prefix': prefix, flags: 0 },
  });
}

/** A syslog event as mib2d or mgd publish it; `message` gets the `EVENT_ID: ` prefix the router adds. */
export function syslogEvent(
  id: string, message: string, options: { severity?: string; attributes?: Record<string, string>; hostname?: string } = {},
): Message {
  return jet(`/junos/events/syslog/${id}`, {
    'event-id': id, hostname: options.hostname ?? 'mx1', severity: options.severity ?? 'warning', facility: 'daemon',
    'process-id': 2211, 'process-name': 'mib2d', message: `${id}: ${message}`,
    attributes: options.attributes ?? { 'interface-name': 'ge-0/0/0' },
  });
}

export function linkTrap(direction: 'DOWN' | 'UP', name: string, hostname = 'mx1'): Message {
  const id = `SNMP_TRAP_LINK_${direction}`;
  const oper = `${direction.toLowerCase()}(${direction === 'UP' ? 1 : 2})`;
  return syslogEvent(id, `ifIndex 520, ifAdminStatus up(1), ifOperStatus ${oper}, ifName ${name}`, {
    hostname,
    attributes: { 'snmp-interface-index': '520', 'admin-status': 'up(1)', 'operational-status': oper, 'interface-name': name },
  });
}

/** `n` flaps of `name`: a down and an up each, with the kernel's ifd change between them when `withIfd`. */
export function flaps(name: string, n: number, options: { withIfd?: boolean } = {}): Message[] {
  const one = () => [linkTrap('DOWN', name), ...(options.withIfd ? [ifdChange(name)] : []), linkTrap('UP', name)];
  return Array.from({ length: n }, one).flat();
}
