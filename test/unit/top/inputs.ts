/** Records for the top tests, at received times given as milliseconds after T0. */
import type { EventRecord } from '../../../src/record.js';
import { makeRecord } from '../../helpers/records.js';

/** 2026-11-25T14:25:00.000Z: a whole minute, so second boundaries are easy to read. */
export const T0 = Date.parse('2026-11-25T14:25:00.000Z');

export const at = (ms: number) => new Date(T0 + ms).toISOString();

export function linkTrap(direction: 'down' | 'up', name: string, ms: number, partial: Partial<EventRecord> = {}): EventRecord {
  const id = direction === 'down' ? 'SNMP_TRAP_LINK_DOWN' : 'SNMP_TRAP_LINK_UP';
  return makeRecord({
    received_at: at(ms), topic: `/junos/events/syslog/${id}`, kind: 'syslog', action: null, topic_fields: { event_id: id },
    event: {
      'event-id': id, hostname: partial.device ?? 'mx1', time: '2019-01-01-00:00:00', severity: 'warning', facility: 'daemon',
      message: `${id}: ifIndex 520, ifAdminStatus up(1), ifOperStatus ${direction}(2), ifName ${name}`,
      attributes: { 'interface-name': name },
    },
    ...partial,
  });
}

export function ifdChange(name: string, ms: number, partial: Partial<EventRecord> = {}): EventRecord {
  return makeRecord({
    received_at: at(ms), topic: `/junos/events/kernel/interfaces/ifd/change/${name}`, kind: 'ifd', action: 'change',
    topic_fields: { interface: name },
    event: { 'event-id': 'KERNEL_EVENT_IFD_CHANGE', hostname: partial.device ?? 'mx1', attributes: { name, 'snmp-id': 520, flags: 32776 } },
    ...partial,
  });
}

/** `n` down/up pairs, 1 s apart, starting at `ms`. */
export function flaps(name: string, n: number, ms = 0, partial: Partial<EventRecord> = {}): EventRecord[] {
  return Array.from({ length: n }, (_, i) => [
    linkTrap('down', name, ms + i * 1000, partial), linkTrap('up', name, ms + i * 1000 + 500, partial),
  ]).flat();
}
