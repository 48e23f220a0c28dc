import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { createDropReport } from '../../../src/pipeline/outputs/exec-drops.js';

/** [name, steps: a number of drops, or ['wait', ms], and the lines reported]. */
type Step = number | ['wait', number];
const CASES: readonly [string, Step[], string[]][] = [
  ['one drop: a line when it starts, one when a second passed without', [1, ['wait', 1000]], [
    'START', '--exec: room again after 1 records were dropped for --exec (1 in all)',
  ]],
  ['a slot freed now and then in a flood makes no line pair: one episode while drops keep coming', [
    5, ['wait', 400], 5, ['wait', 400], 5, ['wait', 400], 5, ['wait', 1600],
  ], ['START', '--exec: room again after 20 records were dropped for --exec (20 in all)']],
  ['drops that go on: a line every 10 s with the count since the last', [
    ...Array.from({ length: 45 }, (): Step[] => [10, ['wait', 500]]).flat(), ['wait', 1000],
  ], [
    'START',
    '--exec: still dropping: 200 records dropped for --exec in the last 10 s (200 in all)',
    '--exec: still dropping: 200 records dropped for --exec in the last 10 s (400 in all)',
    '--exec: room again after 450 records were dropped for --exec (450 in all)',
  ]],
  ['two episodes: the second starts with its own line and counts its own', [3, ['wait', 2000], 2, ['wait', 1000]], [
    'START', '--exec: room again after 3 records were dropped for --exec (3 in all)',
    'START', '--exec: room again after 2 records were dropped for --exec (5 in all)',
  ]],
];

describe('createDropReport', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'] }));
  afterEach(() => mock.timers.reset());

  for (const [name, steps, expected] of CASES) {
    it(name, () => {
      const lines: string[] = [];
      const report = createDropReport((line) => lines.push(line));
      for (const step of steps) {
        if (typeof step === 'number') for (let i = 0; i < step; i++) report.drop(1, 5);
        else mock.timers.tick(step[1]);
      }
      const start = '--exec: 1 running and 5 waiting: records are dropped for --exec until there is room (stdout still gets every record)';
      assert.deepEqual(lines, expected.map((l) => (l === 'START' ? start : l)));
      report.close();
    });
  }

  it('close() at the end stops the lines (the summary has the count)', () => {
    const lines: string[] = [];
    const report = createDropReport((line) => lines.push(line));
    report.drop(1, 0);
    report.drop(1, 0);
    report.close();
    mock.timers.tick(5000);
    assert.equal(lines.length, 1);
    assert.equal(report.total, 2);
  });
});
