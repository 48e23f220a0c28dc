import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { writeExposition } from '../../../src/metrics/exposition.js';
import { OVERFLOW_VALUE, createRegistry } from '../../../src/metrics/registry.js';

function setUp(maxSeries: number) {
  const limits: number[] = [];
  const registry = createRegistry({ maxSeries, onLimit: (max) => limits.push(max) });
  const events = registry.family({ name: 'e_total', help: 'e', type: 'counter', labels: ['device', 'id'], bounded: true });
  const link = registry.family({ name: 'link', help: 'l', type: 'gauge', labels: ['interface'], bounded: true });
  const conn = registry.family({ name: 'conn', help: 'c', type: 'gauge', labels: ['device'] });
  const lines = () => writeExposition(registry.snapshot()).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  return { events, link, conn, limits, lines };
}

describe('series bounded by --metrics-max-series', () => {
  // [what, max, updates (family, values), expected sample lines]
  type Update = ['events' | 'link' | 'conn', string[]];
  const cases: [string, number, Update[], string[]][] = [
    ['under the limit: one series per label set', 3,
      [['events', ['mx1', 'A']], ['events', ['mx1', 'A']], ['events', ['mx1', 'B']]],
      ['e_total{device="mx1",id="A"} 2', 'e_total{device="mx1",id="B"} 1', 'jetsub_metrics_series 2', 'jetsub_metrics_max_series 3',
        'jetsub_metrics_series_dropped_total 0']],
    ['past it: new counter series go into the overflow series; known ones go on', 2,
      [['events', ['mx1', 'A']], ['events', ['mx1', 'B']], ['events', ['mx1', 'C']], ['events', ['mx9', 'D']], ['events', ['mx1', 'A']]],
      ['e_total{device="mx1",id="A"} 2', 'e_total{device="mx1",id="B"} 1', `e_total{device="${OVERFLOW_VALUE}",id="${OVERFLOW_VALUE}"} 2`,
        'jetsub_metrics_series 2', 'jetsub_metrics_max_series 2', 'jetsub_metrics_series_dropped_total 2']],
    ['the budget is shared by the bounded families; a gauge past it is not kept', 1,
      [['events', ['mx1', 'A']], ['link', ['ge-0/0/1']]],
      ['e_total{device="mx1",id="A"} 1', 'jetsub_metrics_series 1', 'jetsub_metrics_max_series 1', 'jetsub_metrics_series_dropped_total 1']],
    ['families not bounded (one series per connection) never count', 1,
      [['conn', ['mx1']], ['conn', ['mx2']], ['events', ['mx1', 'A']]],
      ['e_total{device="mx1",id="A"} 1', 'conn{device="mx1"} 1', 'conn{device="mx2"} 1', 'jetsub_metrics_series 1',
        'jetsub_metrics_max_series 1', 'jetsub_metrics_series_dropped_total 0']],
  ];
  for (const [what, max, updates, expected] of cases) {
    test(what, () => {
      const t = setUp(max);
      for (const [family, values] of updates) {
        if (family === 'events') t.events.add(values);
        else t[family].set(values, 1);
      }
      assert.deepEqual(t.lines(), expected);
    });
  }
  test('the limit is told once, however many series are refused', () => {
    const t = setUp(1);
    for (let i = 0; i < 1000; i++) t.events.add(['mx1', `ID_${i}`]);
    assert.deepEqual(t.limits, [1]);
    assert.ok(t.lines().includes('jetsub_metrics_series_dropped_total 999'));
    assert.ok(t.lines().includes(`e_total{device="${OVERFLOW_VALUE}",id="${OVERFLOW_VALUE}"} 999`));
  });
  test('a flood of made-up names stays at the limit', () => {
    const t = setUp(100);
    for (let i = 0; i < 50_000; i++) t.events.add([`r${i}`, 'X']);
    assert.equal(t.lines().filter((l) => l.startsWith('e_total')).length, 101);
  });
  test('series(): made at its initial value, the same object after; null for a gauge past the limit, the overflow for a counter', () => {
    const t = setUp(1);
    const a = t.link.series(['a'], -1);
    assert.deepEqual(a, { values: ['a'], value: -1 });
    a!.value = 1;
    assert.equal(t.link.series(['a'], -1), a);
    assert.equal(t.link.series(['b'], -1), null);
    assert.deepEqual(t.events.series(['mx1', 'A']), { values: [OVERFLOW_VALUE, OVERFLOW_VALUE], value: 0 });
    assert.ok(t.lines().includes('link{interface="a"} 1'));
  });
});

describe('label trees', () => {
  test('values that would join alike stay apart; a family without labels has its one series', () => {
    const registry = createRegistry({ maxSeries: 10, onLimit: () => undefined });
    const pairs = registry.family({ name: 'p_total', help: 'p', type: 'counter', labels: ['a', 'b'], bounded: true });
    const bare = registry.family({ name: 'b_total', help: 'b', type: 'counter', labels: [] });
    pairs.add(['x\u0000y', 'z']);
    pairs.add(['x', 'y\u0000z']);
    pairs.add(['x', 'y\u0000z']);
    bare.add([]);
    bare.add([], 2);
    const lines = writeExposition(registry.snapshot()).split('\n').filter((l) => /^[pb]_total/.test(l));
    assert.deepEqual(lines, ['p_total{a="x\u0000y",b="z"} 1', 'p_total{a="x",b="y\u0000z"} 2', 'b_total 3']);
  });
});
