import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readConnectionChange } from '../../../src/top/connection.js';
import { ConnectionError } from '../../../src/errors.js';
import { type ConnectionEvent, describeConnectionEvent } from '../../../src/transport/events.js';
import { toSnapshot } from '../../../src/top/snapshot.js';
import { applyInputs, createTopState } from '../../../src/top/state.js';
import { REPO_ROOT } from '../../helpers/fixtures.js';
import { T0, flaps, ifdChange, linkTrap } from './inputs.js';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'top.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

describe('toSnapshot', () => {
  const state = applyInputs(createTopState(T0, ['mx1', 'mx2']), [
    ...flaps('ge-0/0/1', 3), linkTrap('down', 'xe-0/0/3', 4000), ifdChange('ge-0/0/2', 4500),
  ], T0 + 5000);

  it('follows schemas/top.schema.json, empty or not', () => {
    for (const snapshot of [toSnapshot(createTopState(T0), { sort: 'recent' }), toSnapshot(state, { sort: 'flaps' })]) {
      assert.ok(validate(snapshot), JSON.stringify(validate.errors));
    }
  });

  it('says what the screen says', () => {
    const all = toSnapshot(state, { sort: 'flaps' });
    assert.deepEqual(all.interfaces, [
      { device: 'mx1', router: 'mx1', interface: 'ge-0/0/1', link: 'up', flaps: 3, last_change: '2026-11-25T14:25:02.500Z', last_event_at: '2026-11-25T14:25:02.500Z', last_event_id: 'SNMP_TRAP_LINK_UP', events_per_s: 1.2, events: 6 },
      { device: 'mx1', router: 'mx1', interface: 'ge-0/0/2', link: 'unknown', flaps: 0, last_change: null, last_event_at: '2026-11-25T14:25:04.500Z', last_event_id: 'KERNEL_EVENT_IFD_CHANGE', events_per_s: 0.2, events: 1 },
      { device: 'mx1', router: 'mx1', interface: 'xe-0/0/3', link: 'down', flaps: 0, last_change: '2026-11-25T14:25:04.000Z', last_event_at: '2026-11-25T14:25:04.000Z', last_event_id: 'SNMP_TRAP_LINK_DOWN', events_per_s: 0.2, events: 1 },
    ]);
    assert.deepEqual(all.devices, [
      { device: 'mx1', connection: 'connecting', events: 8, gaps: 0, interfaces: 3, down: 1, flaps: 3 },
      { device: 'mx2', connection: 'connecting', events: 0, gaps: 0, interfaces: 0, down: 0, flaps: 0 },
    ]);
    assert.equal(all.events_per_s, 1.6, '8 events over the 5 s since start');
  });

  const FILTERS: readonly [string, string[]][] = [
    ['ge-*', ['ge-0/0/1', 'ge-0/0/2']],
    ['*/*/3', ['xe-0/0/3']],
    ['*/3', []],
    ['ge-0/*', []],
    ['ge-0/0/*', ['ge-0/0/1', 'ge-0/0/2']],
    ['*', ['ge-0/0/1', 'ge-0/0/2', 'xe-0/0/3']],
  ];
  for (const [filter, expected] of FILTERS) {
    it(`--filter '${filter}' keeps ${expected.join(', ') || 'nothing'}`, () => {
      const { interfaces } = toSnapshot(state, { sort: 'name', filter }) as { interfaces: { interface: string }[] };
      assert.deepEqual(interfaces.map((i) => i.interface), expected);
    });
  }
});

describe('readConnectionChange: the header state from typed connection events, and the line each is told with', () => {
  const where = 'mqtt://192.0.2.1:1883';
  const since = new Date('2026-01-01T00:00:00Z');
  const CASES: readonly [ConnectionEvent, string, ReturnType<typeof readConnectionChange>][] = [
    [{ type: 'connecting', device: 'mx1', where, clientId: 'jetsub-abc', host: '192.0.2.1' }, 'connecting to mqtt://192.0.2.1:1883 as jetsub-abc (mx1)', 'connecting'],
    [{ type: 'connected', device: 'mx1', where }, 'connected to mqtt://192.0.2.1:1883', 'connected'],
    [{ type: 'reconnecting', device: 'mx1', where, reason: 'connection refused', since }, 'connection to mqtt://192.0.2.1:1883 lost (connection refused); reconnecting', 'reconnecting'],
    [{ type: 'subscribed', device: 'mx1', filter: '/junos/events/#', qos: 0 }, 'subscribed to /junos/events/# (qos 0)', null],
    [{ type: 'subscribed', device: 'mx1', filter: '/junos/events/#', qos: 0x80 }, 'the broker rejected the subscription to /junos/events/# (SUBACK 0x80 refused): its events will not arrive', null],
    [{ type: 'fatal', device: 'mx1', error: new ConnectionError('gave up on mqtt://192.0.2.1:1883') }, 'gave up on mqtt://192.0.2.1:1883', 'unreachable'],
  ];
  for (const [event, line, expected] of CASES) {
    it(line, () => {
      assert.equal(readConnectionChange(event), expected);
      assert.equal(describeConnectionEvent(event).line, line);
    });
  }
});
