import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { StreamRecord } from '../../../src/record.js';
import {
  type CollapsedRecord, createCollapseFlapsProcessor, createFlapCollapser, createRecordTimers, type Timers,
} from '../../../src/pipeline/processors/collapse-flaps.js';
import type { FlapsRecord } from '../../../src/record.js';
import { renderFlaps, toFlapsObject } from '../../../src/render/flaps.js';
import { REPO_ROOT } from '../../helpers/fixtures.js';
import { makeGap } from '../../helpers/records.js';
import { at, flaps, ifdChange, linkTrap } from '../top/inputs.js';

const validateFlaps = new Ajv2020({ allErrors: true, strict: true, validateFormats: false })
  .compile(JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'flaps.schema.json'), 'utf8')) as Record<string, unknown>);

/** Timers driven by hand: `advance(ms)` fires what is due, in order (the records' clock, from 0). */
function createFakeTimers(): Timers & { advance(ms: number): void } {
  const timers = createRecordTimers();
  let now = 0;
  timers.advanceTo(now);
  return {
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    advance(ms) {
      now += ms;
      timers.advanceTo(now);
    },
  };
}

/** What comes out, short: `flaps ge-0/0/1 7 up (14 traps)`, `event SNMP_TRAP_LINK_DOWN xe-0/0/3`, `gap`. */
function describeOutput(record: CollapsedRecord): string {
  if (record.type === 'flaps') return `flaps ${record.interface} ${record.flaps} ${record.state} (${record.events} traps)`;
  if (record.type === 'gap') return 'gap';
  const name = (record.event?.attributes as Record<string, unknown> | undefined)?.['interface-name'] ?? record.topic_fields.interface;
  return `event ${record.topic_fields.event_id ?? `${record.kind}/${record.action}`} ${String(name)}`;
}

/** [name, records (pushed together), ms to advance, output before the window closes, output after]. */
const CASES: readonly [string, StreamRecord[], string[], string[]][] = [
  ['seven down/up pairs: one line', flaps('ge-0/0/1', 7), [], ['flaps ge-0/0/1 7 up (14 traps)']],
  ['one down/up pair: one line', flaps('ge-0/0/1', 1), [], ['flaps ge-0/0/1 1 up (2 traps)']],
  ['ending down says so', [...flaps('ae0', 2), linkTrap('down', 'ae0', 3000)], [], ['flaps ae0 2 down (5 traps)']],
  ['a lone down is no flap: it passes unchanged, late', [linkTrap('down', 'xe-0/0/3', 0)], [], ['event SNMP_TRAP_LINK_DOWN xe-0/0/3']],
  ['down, down: no flap, both pass', [linkTrap('down', 'xe-0/0/3', 0), linkTrap('down', 'xe-0/0/3', 10)], [],
    ['event SNMP_TRAP_LINK_DOWN xe-0/0/3', 'event SNMP_TRAP_LINK_DOWN xe-0/0/3']],
  ['up then down: no flap (the down has not come back)', [linkTrap('up', 'ge-0/0/2', 0), linkTrap('down', 'ge-0/0/2', 10)], [],
    ['event SNMP_TRAP_LINK_UP ge-0/0/2', 'event SNMP_TRAP_LINK_DOWN ge-0/0/2']],
  ['other events pass at once', [ifdChange('ge-0/0/1', 0), makeGap(), ...flaps('ge-0/0/1', 2)],
    ['event ifd/change ge-0/0/1', 'gap'], ['flaps ge-0/0/1 2 up (4 traps)']],
  ['interfaces and devices are windowed apart', [...flaps('ge-0/0/1', 2), ...flaps('ge-0/0/1', 3, 0, { device: 'mx2' }), ...flaps('ge-0/0/2', 1)], [],
    ['flaps ge-0/0/1 2 up (4 traps)', 'flaps ge-0/0/1 3 up (6 traps)', 'flaps ge-0/0/2 1 up (2 traps)']],
];

describe('createFlapCollapser', () => {
  for (const [name, records, before, after] of CASES) {
    it(name, () => {
      const timers = createFakeTimers();
      const out: CollapsedRecord[] = [];
      const collapser = createFlapCollapser(30_000, (r) => out.push(r), timers);
      records.forEach((r) => collapser.push(r));
      assert.deepEqual(out.map(describeOutput), before);
      timers.advance(29_999);
      assert.equal(out.length, before.length, 'nothing more before the window closes');
      timers.advance(1);
      assert.deepEqual(out.slice(before.length).map(describeOutput), after);
    });
  }

  it('windows are fixed from the first trap: a flap that goes on gives one line per window', () => {
    const timers = createFakeTimers();
    const out: CollapsedRecord[] = [];
    const collapser = createFlapCollapser(30_000, (r) => out.push(r), timers);
    flaps('ge-0/0/1', 3).forEach((r) => collapser.push(r));
    timers.advance(30_000);
    flaps('ge-0/0/1', 4, 30_000).forEach((r) => collapser.push(r));
    timers.advance(30_000);
    assert.deepEqual(out.map(describeOutput), ['flaps ge-0/0/1 3 up (6 traps)', 'flaps ge-0/0/1 4 up (8 traps)']);
  });

  it('flush() closes every window at once (the stream ended) and cancels its timer', () => {
    const timers = createFakeTimers();
    const out: CollapsedRecord[] = [];
    const collapser = createFlapCollapser(30_000, (r) => out.push(r), timers);
    [...flaps('ge-0/0/1', 2), linkTrap('down', 'xe-0/0/3', 0)].forEach((r) => collapser.push(r));
    collapser.flush();
    assert.deepEqual(out.map(describeOutput), ['flaps ge-0/0/1 2 up (4 traps)', 'event SNMP_TRAP_LINK_DOWN xe-0/0/3']);
    timers.advance(60_000);
    assert.equal(out.length, 2);
  });
});

describe("--read: the windows follow the records' received_at, not the wall clock", () => {
  const HOUR = 3_600_000;
  /** Every record pushed at once (as a capture is read), then the end of the input. */
  function readAll(records: StreamRecord[]): string[] {
    const processor = createCollapseFlapsProcessor(30_000, 'records');
    const out: string[] = [];
    const next = (r: CollapsedRecord) => void out.push(r.type === 'flaps' ? `${describeOutput(r)} ${r.from}` : describeOutput(r));
    for (const record of records) processor.push(record, next);
    processor.flush!(next);
    return out;
  }

  it('flaps two hours apart are two records, each closed when the input passes its window', () => {
    assert.deepEqual(readAll([...flaps('ge-0/0/1', 2), ifdChange('ge-0/0/9', 40_000), ...flaps('ge-0/0/1', 3, 2 * HOUR)]), [
      `flaps ge-0/0/1 2 up (4 traps) ${at(0)}`, 'event ifd/change ge-0/0/9', `flaps ge-0/0/1 3 up (6 traps) ${at(2 * HOUR)}`,
    ]);
  });

  it('within one window they are one record, as live; a lone trap passes unchanged once its window has passed', () => {
    assert.deepEqual(readAll([...flaps('ae0', 1), ...flaps('ae0', 1, 20_000), linkTrap('down', 'xe-0/0/3', 25_000), ifdChange('ge-0/0/9', 60_000)]), [
      `flaps ae0 2 up (4 traps) ${at(0)}`, 'event SNMP_TRAP_LINK_DOWN xe-0/0/3', 'event ifd/change ge-0/0/9',
    ]);
  });

  it('a record out of order turns no clock back, and a gap moves it to its end', () => {
    assert.deepEqual(readAll([...flaps('ge-0/0/1', 1), ifdChange('ge-0/0/9', -HOUR), makeGap({ to: at(HOUR) }), linkTrap('down', 'ge-0/0/1', HOUR)]), [
      'event ifd/change ge-0/0/9', `flaps ge-0/0/1 1 up (2 traps) ${at(0)}`, 'gap', 'event SNMP_TRAP_LINK_DOWN ge-0/0/1',
    ]);
  });
});

describe('the flaps record', () => {
  const timers = createFakeTimers();
  const out: CollapsedRecord[] = [];
  const collapser = createFlapCollapser(30_000, (r) => out.push(r), timers);
  flaps('ge-0/0/1', 7).forEach((r) => collapser.push(r));
  collapser.flush();
  const record = out[0] as FlapsRecord;

  it('serialises in contract order, following schemas/flaps.schema.json', () => {
    const object = toFlapsObject(record);
    assert.deepEqual(object, {
      type: 'flaps', device: 'mx1', interface: 'ge-0/0/1', flaps: 7, events: 14, state: 'up', from: at(0), to: at(6500), window_s: 30,
    });
    assert.ok(validateFlaps(object), JSON.stringify(validateFlaps.errors));
    assert.equal(renderFlaps(record, 'ndjson', false), `${JSON.stringify(object)}\n`);
    assert.equal(renderFlaps(record, 'json', false), `${JSON.stringify(object, null, 2)}\n`);
  });

  it('is one pretty line, with the device time and router of its first trap', () => {
    assert.equal(renderFlaps(record, 'pretty', false), '2019-01-01 00:00:00 mx1 flaps ge-0/0/1 flapped 7 times in 30 s, now up\n');
    assert.match(renderFlaps(record, 'pretty', true), /^\u001b\[2m2019-01-01 00:00:00\u001b\[22m \u001b\[33mmx1 flaps ge-0\/0\/1 flapped 7 times in 30 s, now up\u001b\[39m\n$/);
  });

  it('says once, and escapes a hostile interface name', () => {
    const hostile: FlapsRecord = { ...record, flaps: 1, interface: 'ge-0/0/1\u001b[2J' };
    assert.equal(renderFlaps(hostile, 'pretty', false), '2019-01-01 00:00:00 mx1 flaps ge-0/0/1\\x1b[2J flapped once in 30 s, now up\n');
  });
});
