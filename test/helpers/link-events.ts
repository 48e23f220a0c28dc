/**
 * Link flaps as a router publishes them, for the top and --collapse-flaps tests: the SNMP
 * link traps (syslog, attribute `interface-name`) and the kernel's ifd change events.
 */

export interface Message {
  topic: string;
  payload: string;
}

export function linkTrap(direction: 'DOWN' | 'UP', name: string, hostname = 'mx1'): Message {
  const id = `SNMP_TRAP_LINK_${direction}`;
  const oper = `${direction.toLowerCase()}(${direction === 'UP' ? 1 : 2})`;
  return {
    topic: `/junos/events/syslog/${id}`,
    payload: JSON.stringify({ 'jet-event': {
      'event-id': id, hostname, time: '2026-11-24-09:15:02', severity: 'warning', facility: 'daemon', 'process-id': 2211,
      'process-name': 'mib2d', message: `${id}: ifIndex 520, ifAdminStatus up(1), ifOperStatus ${oper}, ifName ${name}`,
      attributes: { 'snmp-interface-index': '520', 'admin-status': 'up(1)', 'operational-status': oper, 'interface-name': name },
    } }),
  };
}

export function ifdChange(name: string, hostname = 'mx1'): Message {
  return {
    topic: `/junos/events/kernel/interfaces/ifd/change/${name}`,
    payload: JSON.stringify({ 'jet-event': {
      'event-id': 'KERNEL_EVENT_IFD_CHANGE', hostname, time: '2026-11-24-09:15:02', severity: 'info', facility: 'KERNEL',
      attributes: { name, 'snmp-id': 521, flags: 32776 },
    } }),
  };
}

/** `n` flaps of `name`: a down and an up each, with the kernel's ifd change between them when `withIfd`. */
export function flaps(name: string, n: number, options: { withIfd?: boolean } = {}): Message[] {
  const one = () => [linkTrap('DOWN', name), ...(options.withIfd ? [ifdChange(name)] : []), linkTrap('UP', name)];
  return Array.from({ length: n }, one).flat();
}
