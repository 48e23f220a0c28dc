import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { writeExposition } from '../../../src/metrics/exposition.js';
import { createRegistry } from '../../../src/metrics/registry.js';
import { createStreamCounters } from '../../../src/pipeline/outputs/metrics.js';
import type { Notice } from '../../../src/pipeline/types.js';
import type { EventRecord } from '../../../src/record.js';
import { makeRecord } from '../../helpers/records.js';

function trap(direction: 'DOWN' | 'UP', name: string, device = 'mx1'): EventRecord {
  const id = `SNMP_TRAP_LINK_${direction}`;
  return makeRecord({ device, topic: `/junos/events/syslog/${id}`, kind: 'syslog', action: null, topic_fields: { event_id: id },
    event: { 'event-id': id, attributes: { 'interface-name': name } } });
}

function ifd(action: 'add' | 'change' | 'delete', name: string): EventRecord {
  return makeRecord({ topic: `/junos/events/kernel/interfaces/ifd/${action}/${name}`, action, topic_fields: { interface: name },
    event: { 'event-id': `KERNEL_EVENT_IFD_${action.toUpperCase()}` } });
}

/** The sample lines of the named families after the inputs. */
function run(inputs: (EventRecord | Notice)[], families: string[]): string[] {
  const registry = createRegistry({ maxSeries: 1000, onLimit: () => undefined });
  const count = createStreamCounters(registry.family);
  for (const input of inputs) {
    if ('type' in input && input.type === 'event') count.event(input as EventRecord);
    else count.notice(input as Notice);
  }
  return writeExposition(registry.snapshot()).split('\n').filter((line) => !line.startsWith('#') && families.some((f) => line.startsWith(f)));
}

describe('link state and flaps', () => {
  // [what, records, expected lines of jetsub_interface_link_state and jetsub_interface_flaps_total]
  const cases: [string, EventRecord[], string[]][] = [
    ['down, up: one flap, up', [trap('DOWN', 'ge-0/0/1'), trap('UP', 'ge-0/0/1')],
      ['jetsub_interface_link_state{device="mx1",interface="ge-0/0/1"} 1', 'jetsub_interface_flaps_total{device="mx1",interface="ge-0/0/1"} 1']],
    ['up first is no flap; down, down, up is one', [trap('UP', 'xe-1/0/0'), trap('DOWN', 'xe-1/0/0'), trap('DOWN', 'xe-1/0/0'),
      trap('UP', 'xe-1/0/0'), trap('UP', 'xe-1/0/0')],
    ['jetsub_interface_link_state{device="mx1",interface="xe-1/0/0"} 1', 'jetsub_interface_flaps_total{device="mx1",interface="xe-1/0/0"} 1']],
    ['three flaps, ending down', [trap('DOWN', 'ae0'), trap('UP', 'ae0'), trap('DOWN', 'ae0'), trap('UP', 'ae0'), trap('DOWN', 'ae0'),
      trap('UP', 'ae0'), trap('DOWN', 'ae0')],
    ['jetsub_interface_link_state{device="mx1",interface="ae0"} 0', 'jetsub_interface_flaps_total{device="mx1",interface="ae0"} 3']],
    ['per device: the same name on two routers is two interfaces', [trap('DOWN', 'ge-0/0/0', 'mx1'), trap('UP', 'ge-0/0/0', 'mx2')],
      ['jetsub_interface_link_state{device="mx1",interface="ge-0/0/0"} 0', 'jetsub_interface_link_state{device="mx2",interface="ge-0/0/0"} 1',
        'jetsub_interface_flaps_total{device="mx1",interface="ge-0/0/0"} 0', 'jetsub_interface_flaps_total{device="mx2",interface="ge-0/0/0"} 0']],
    ['an ifd event makes the interface known (state -1, flaps 0) without a state', [ifd('add', 'ge-0/0/2'), ifd('change', 'ge-0/0/2')],
      ['jetsub_interface_link_state{device="mx1",interface="ge-0/0/2"} -1', 'jetsub_interface_flaps_total{device="mx1",interface="ge-0/0/2"} 0']],
    ['an ifd event does not undo a trap\'s state; a delete is down', [trap('UP', 'ge-0/0/3'), ifd('change', 'ge-0/0/3'),
      ifd('delete', 'ge-0/0/4')],
    ['jetsub_interface_link_state{device="mx1",interface="ge-0/0/3"} 1', 'jetsub_interface_link_state{device="mx1",interface="ge-0/0/4"} 0',
      'jetsub_interface_flaps_total{device="mx1",interface="ge-0/0/3"} 0', 'jetsub_interface_flaps_total{device="mx1",interface="ge-0/0/4"} 0']],
  ];
  for (const [what, records, expected] of cases) {
    test(what, () => assert.deepEqual(run(records, ['jetsub_interface_link_state', 'jetsub_interface_flaps_total']), expected));
  }
});

describe('events, validity and invalid payloads', () => {
  test('by device, kind, event id and validity; not JSON and schema failures apart', () => {
    const lines = run([
      trap('DOWN', 'ge-0/0/1'), trap('DOWN', 'ge-0/0/1'),
      makeRecord({ valid: null, event: { 'event-id': 'KERNEL_EVENT_IFD_ADD' } }),
      makeRecord({ valid: false, event: null, raw: 'x' }),
      makeRecord({ valid: false, kind: 'ifl', event: { 'event-id': 'KERNEL_EVENT_IFL_ADD' } }),
    ], ['jetsub_events_total', 'jetsub_invalid_payloads_total']);
    assert.deepEqual(lines, [
      'jetsub_events_total{device="mx1",kind="syslog",event_id="SNMP_TRAP_LINK_DOWN",valid="true"} 2',
      'jetsub_events_total{device="mx1",kind="ifd",event_id="KERNEL_EVENT_IFD_ADD",valid="unknown"} 1',
      'jetsub_events_total{device="mx1",kind="ifd",event_id="",valid="false"} 1',
      'jetsub_events_total{device="mx1",kind="ifl",event_id="KERNEL_EVENT_IFL_ADD",valid="false"} 1',
      'jetsub_invalid_payloads_total{device="mx1",kind="ifd",reason="not_json"} 1',
      'jetsub_invalid_payloads_total{device="mx1",kind="ifl",reason="schema"} 1',
    ]);
  });
});

describe('connections, reconnects, gaps, skipped payloads', () => {
  const connection = (event: Extract<Notice, { type: 'connection' }>['event']): Notice => ({ type: 'connection', event });
  const where = 'mqtt://192.0.2.1:1883';
  test('a loss and a return: reconnects 1, one gap of 4 s, state connected', () => {
    const lines = run([
      connection({ type: 'connecting', device: 'mx1', where, clientId: 'j', host: '192.0.2.1' }),
      connection({ type: 'connected', device: 'mx1', where }),
      connection({ type: 'reconnecting', device: 'mx1', where, reason: 'closed', since: new Date(0) }),
      connection({ type: 'connected', device: 'mx1', where }),
      { type: 'gap', gap: { device: 'mx1', from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:04Z') } },
      { type: 'oversize', device: 'mx1', topic: '/junos/events/syslog/X', bytes: 2e6, limit: 1e6 },
      { type: 'redelivery', device: 'mx1', topic: '/junos/events/syslog/X' },
      { type: 'redelivery', device: 'mx1', topic: '/junos/events/syslog/X' },
    ], ['jetsub_connection_', 'jetsub_reconnects_total', 'jetsub_gap', 'jetsub_oversize', 'jetsub_redeliveries']);
    assert.deepEqual(lines, [
      'jetsub_connection_up{device="mx1"} 1',
      'jetsub_connection_state{device="mx1",state="connecting"} 0',
      'jetsub_connection_state{device="mx1",state="connected"} 1',
      'jetsub_connection_state{device="mx1",state="reconnecting"} 0',
      'jetsub_connection_state{device="mx1",state="unreachable"} 0',
      'jetsub_reconnects_total{device="mx1"} 1',
      'jetsub_gaps_total{device="mx1"} 1',
      'jetsub_gap_seconds_total{device="mx1"} 4',
      'jetsub_oversize_payloads_total{device="mx1"} 1',
      'jetsub_redeliveries_dropped_total{device="mx1"} 2',
    ]);
  });
  test('lost: up 0, reconnecting; counters from 0 once the device is known', () => {
    const lines = run([
      connection({ type: 'connecting', device: 'mx2', where, clientId: 'j', host: '192.0.2.2' }),
      connection({ type: 'connected', device: 'mx2', where }),
      connection({ type: 'reconnecting', device: 'mx2', where, reason: 'closed', since: new Date(0) }),
    ], ['jetsub_connection_up', 'jetsub_connection_state{device="mx2",state="reconnecting"}', 'jetsub_reconnects', 'jetsub_gaps']);
    assert.deepEqual(lines, ['jetsub_connection_up{device="mx2"} 0', 'jetsub_connection_state{device="mx2",state="reconnecting"} 1',
      'jetsub_reconnects_total{device="mx2"} 0',
      'jetsub_gaps_total{device="mx2"} 0']);
  });
});
