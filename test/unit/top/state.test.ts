import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventRecord } from '../../../src/record.js';
import { applyInputs, createTopState, interfaceKey, type TopInput, type TopState } from '../../../src/top/state.js';
import { summarizeInterface, totalRate } from '../../../src/top/summary.js';
import { T0, at, flaps, ifdChange, linkTrap } from './inputs.js';

interface Expected {
  link: 'up' | 'down' | 'unknown';
  flaps: number;
  /** ms after T0, or null. */
  lastChange: number | null;
  events: number;
  rate?: number;
}

function row(state: TopState, name: string, device = 'mx1') {
  const iface = state.interfaces.get(interfaceKey(device, device, name));
  assert.ok(iface, `no row for ${device} ${name}`);
  return summarizeInterface(state, iface);
}

/** [name, inputs, clock (ms after T0), interface, expected]. */
const FLAP_CASES: readonly [string, TopInput[], number, string, Expected][] = [
  ['down then up is one flap', [linkTrap('down', 'ge-0/0/1', 0), linkTrap('up', 'ge-0/0/1', 400)], 1000, 'ge-0/0/1',
    { link: 'up', flaps: 1, lastChange: 400, events: 2 }],
  ['seven down/up pairs are seven flaps', flaps('ge-0/0/1', 7), 8000, 'ge-0/0/1', { link: 'up', flaps: 7, lastChange: 6500, events: 14 }],
  ['down alone: down, no flap', [linkTrap('down', 'xe-0/0/3', 0)], 1000, 'xe-0/0/3', { link: 'down', flaps: 0, lastChange: 0, events: 1 }],
  ['up first (its down not seen): up, no flap', [linkTrap('up', 'ge-0/0/2', 0)], 1000, 'ge-0/0/2', { link: 'up', flaps: 0, lastChange: 0, events: 1 }],
  ['a repeated down is not a second change', [linkTrap('down', 'ae0', 0), linkTrap('down', 'ae0', 300), linkTrap('up', 'ae0', 600)], 1000, 'ae0',
    { link: 'up', flaps: 1, lastChange: 600, events: 3 }],
  ['a repeated up is not a second flap', [linkTrap('down', 'ae0', 0), linkTrap('up', 'ae0', 300), linkTrap('up', 'ae0', 600)], 1000, 'ae0',
    { link: 'up', flaps: 1, lastChange: 300, events: 3 }],
  ['down, up, down: one flap, now down', [linkTrap('down', 'ae0', 0), linkTrap('up', 'ae0', 300), linkTrap('down', 'ae0', 600)], 1000, 'ae0',
    { link: 'down', flaps: 1, lastChange: 600, events: 3 }],
  ['ifd change events are activity, not link state', [ifdChange('ge-0/0/4', 0), ifdChange('ge-0/0/4', 100)], 1000, 'ge-0/0/4',
    { link: 'unknown', flaps: 0, lastChange: null, events: 2 }],
  ['ifd changes between the traps add to the events only', [linkTrap('down', 'ge-0/0/1', 0), ifdChange('ge-0/0/1', 10), linkTrap('up', 'ge-0/0/1', 20), ifdChange('ge-0/0/1', 30)], 1000, 'ge-0/0/1',
    { link: 'up', flaps: 1, lastChange: 20, events: 4 }],
  ['unit events count for their physical interface', [
    { ...ifdChange('ge-0/0/0', 0), kind: 'ifl', topic: '/junos/events/kernel/interfaces/ifl/change/ge-0/0/0.100', topic_fields: { interface: 'ge-0/0/0.100', ifd: 'ge-0/0/0', unit: 100 } },
  ], 1000, 'ge-0/0/0', { link: 'unknown', flaps: 0, lastChange: null, events: 1 }],
  ['the interface is read from the message when the attribute is missing',
    [linkTrap('down', 'ge-0/0/9', 0), { ...linkTrap('up', 'ge-0/0/9', 100), event: { 'event-id': 'SNMP_TRAP_LINK_UP', message: 'SNMP_TRAP_LINK_UP: ifIndex 5, ifName ge-0/0/9' } }],
    1000, 'ge-0/0/9', { link: 'up', flaps: 1, lastChange: 100, events: 2 }],
  ['the device time does not matter, the received time does', [
    { ...linkTrap('down', 'ge-0/0/1', 0), event: { ...linkTrap('down', 'ge-0/0/1', 0).event, time: '1999-01-01-00:00:00' } },
    linkTrap('up', 'ge-0/0/1', 100),
  ], 1000, 'ge-0/0/1', { link: 'up', flaps: 1, lastChange: 100, events: 2 }],
  ['an invalid trap that names its interface still counts', [linkTrap('down', 'ge-0/0/1', 0, { valid: false }), linkTrap('up', 'ge-0/0/1', 100)], 1000, 'ge-0/0/1',
    { link: 'up', flaps: 1, lastChange: 100, events: 2 }],
];

/** Flap window: 5 minutes of received time, to the second. */
const WINDOW_CASES: readonly [string, number, number][] = [
  ['just after the flap', 1000, 2],
  ['4 min 59 s later', 299_000, 2],
  ['the first flap (second 0) leaves the window at 300 s', 300_000, 1],
  ['the second (second 10) at 310 s', 310_000, 0],
  ['an hour later', 3_600_000, 0],
];

describe('applyInputs: link state and flaps', () => {
  for (const [name, inputs, clock, iface, expected] of FLAP_CASES) {
    it(name, () => {
      const state = applyInputs(createTopState(T0), inputs, T0 + clock);
      const r = row(state, iface);
      assert.deepEqual({ link: r.link, flaps: r.flaps, lastChange: r.lastChange === null ? null : r.lastChange - T0, events: r.events },
        { link: expected.link, flaps: expected.flaps, lastChange: expected.lastChange, events: expected.events });
    });
  }

  it('keeps devices apart: the same interface on two routers is two rows', () => {
    const state = applyInputs(createTopState(T0), [...flaps('ge-0/0/1', 2), ...flaps('ge-0/0/1', 3, 0, { device: 'mx2' })], T0 + 5000);
    assert.equal(row(state, 'ge-0/0/1', 'mx1').flaps, 2);
    assert.equal(row(state, 'ge-0/0/1', 'mx2').flaps, 3);
  });

  it('keeps routers apart that share one connection (a central broker): the hostname tells them', () => {
    const viaBroker = (hostname: string) => (r: EventRecord): EventRecord => ({ ...r, device: 'broker', event: { ...r.event, hostname } });
    const state = applyInputs(createTopState(T0), [...flaps('ge-0/0/1', 2).map(viaBroker('mx1')), ...flaps('ge-0/0/1', 1).map(viaBroker('mx2'))], T0 + 5000);
    const rows = [...state.interfaces.values()].map((i) => summarizeInterface(state, i)).map((r) => [r.device, r.router, r.name, r.flaps]);
    assert.deepEqual(rows, [['broker', 'mx1', 'ge-0/0/1', 2], ['broker', 'mx2', 'ge-0/0/1', 1]]);
  });

  it('gives the same result in one batch or one input at a time', () => {
    const inputs = [...flaps('ge-0/0/1', 3), linkTrap('down', 'ge-0/0/1', 5000), ifdChange('ae0', 5100)];
    const once = applyInputs(createTopState(T0), inputs, T0 + 6000);
    const stepwise = inputs.reduce((state, input) => applyInputs(state, [input], T0 + 6000), createTopState(T0));
    assert.deepEqual(stepwise, once);
  });

  it('changes neither the state nor the inputs it is given', () => {
    const before = applyInputs(createTopState(T0), flaps('ge-0/0/1', 1), T0 + 1000);
    const copy = structuredClone(before);
    const inputs = flaps('ge-0/0/1', 2, 2000);
    const inputsCopy = structuredClone(inputs);
    const after = applyInputs(before, inputs, T0 + 5000);
    assert.deepEqual(before, copy);
    assert.deepEqual(inputs, inputsCopy);
    assert.notEqual(after, before);
    assert.equal(row(after, 'ge-0/0/1').flaps, 3);
  });
});

describe('applyInputs: windows by received time, with the clock passed in', () => {
  // Flaps completed at 0.5 s and 10.5 s.
  const inputs = [...flaps('ge-0/0/1', 1, 0), ...flaps('ge-0/0/1', 1, 10_000)];
  for (const [name, clock, expected] of WINDOW_CASES) {
    it(`flaps in the last 5 minutes, ${name}: ${expected}`, () => {
      const state = applyInputs(applyInputs(createTopState(T0), inputs, T0 + 11_000), [], T0 + clock);
      assert.equal(row(state, 'ge-0/0/1').flaps, expected);
    });
  }

  // Rates divide by the time the window actually covers: since start until it is full, so they do not ramp up.
  const RATE_CASES: readonly [string, number, number][] = [
    ['20 events in the first 0.2 s, 0.5 s after start: over at least a second, 20/s', 500, 20],
    ['4 s after start: over 4 s', 4_000, 5],
    ['9.5 s after start: over 9.5 s', 9_500, 20 / 9.5],
    ['10 s later they are out of the window', 10_000, 0],
  ];
  for (const [name, clock, expected] of RATE_CASES) {
    it(`events per second, ${name}`, () => {
      const burst = Array.from({ length: 20 }, (_, i) => ifdChange('ge-0/0/4', i * 10));
      const state = applyInputs(createTopState(T0), burst, T0 + clock);
      assert.equal(row(state, 'ge-0/0/4').rate, expected);
    });
  }
});

describe('rates of a steady stream do not ramp up while the window fills', () => {
  it('10 events/s, snapshots every 2 s from the start: 10/s each time, per interface and in total', () => {
    let state = createTopState(T0);
    const seen: [number, number][] = [];
    for (let tick = 1; tick <= 6; tick++) {
      const events = Array.from({ length: 20 }, (_, i) => ifdChange('ge-0/0/4', (tick - 1) * 2000 + i * 100));
      state = applyInputs(state, events, T0 + tick * 2000);
      seen.push([Math.round(row(state, 'ge-0/0/4').rate * 10) / 10, Math.round(totalRate(state) * 10) / 10]);
    }
    assert.deepEqual(seen, Array.from({ length: 6 }, () => [10, 10]));
  });
});

describe('applyInputs: totals, event ids, connections', () => {
  const notJson: EventRecord = { ...ifdChange('ge-0/0/4', 0), valid: false, event: null, raw: 'garbage' };
  const config: EventRecord = { ...ifdChange('x', 0), kind: 'config-update', action: null, topic: '/junos/events/genpub/config-update', topic_fields: {}, event: { 'commit-patch': {} } };
  const inputs: TopInput[] = [
    { type: 'connection', device: 'mx1', state: 'connected' },
    ...flaps('ge-0/0/1', 2),
    notJson,
    config,
    { type: 'oversize', device: 'mx1' },
    { type: 'gap', device: 'mx1', from: at(0), to: at(100) },
    { type: 'connection', device: 'mx2', state: 'reconnecting' },
  ];
  const state = applyInputs(createTopState(T0, ['mx1', 'mx2', 'mx3']), inputs, T0 + 3000);

  it('counts events, invalid ones and oversize payloads', () => {
    assert.deepEqual({ events: state.events, invalid: state.invalid, oversize: state.oversize }, { events: 6, invalid: 1, oversize: 1 });
  });

  it('counts event ids, falling back to kind/action', () => {
    assert.deepEqual([...state.eventIds].sort(), [
      ['SNMP_TRAP_LINK_DOWN', 2], ['SNMP_TRAP_LINK_UP', 2], ['config-update', 1], ['ifd/change', 1],
    ].sort());
  });

  it('tracks each device: connection state, events, gaps', () => {
    assert.deepEqual(Object.fromEntries(state.devices), {
      mx1: { connection: 'connected', events: 6, gaps: 1 },
      mx2: { connection: 'reconnecting', events: 0, gaps: 0 },
      mx3: { connection: 'connecting', events: 0, gaps: 0 },
    });
  });

  it('keeps the per-second history that the sparkline draws', () => {
    assert.deepEqual(state.perSecond, [[Math.floor(T0 / 1000), 4], [Math.floor(T0 / 1000) + 1, 2]]);
  });
});
