import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DropInput, type DropReport, INITIAL_DROPS, SETTLE_MS, parseDropCount, stepDrops } from '../../../src/transport/drops.js';

const reading = (value: number): DropInput => ({ type: 'reading', value });
const behind = (at: number): DropInput => ({ type: 'open', cause: 'behind', at });
const away = (at: number): DropInput => ({ type: 'open', cause: 'away', at });
const caughtUp: DropInput = { type: 'close', cause: 'behind' };
const back: DropInput = { type: 'close', cause: 'away' };

/** Inputs at times (ms); every report, as `count/total since [causes]`. */
function play(inputs: readonly (readonly [number, DropInput])[]): string[] {
  let state = INITIAL_DROPS;
  const reports: string[] = [];
  const say = (r: DropReport) => `${r.count}/${r.total} since ${r.since} [${r.causes.join(',')}]`;
  for (const [now, input] of inputs) {
    const step = stepDrops(state, input, now);
    state = step.state;
    if (step.report !== null) reports.push(say(step.report));
  }
  return reports;
}

describe('stepDrops: rises of the broker\'s counter that are jetsub\'s', () => {
  const CASES: readonly [string, (readonly [number, DropInput])[], string[]][] = [
    ['the first reading is the baseline, whatever it says', [[0, behind(0)], [10, reading(500)]], []],
    ['a rise while nothing is open: since the reading before, no cause', [[0, reading(0)], [10, reading(40)]], ['40/40 since 0 []']],
    ['a rise while behind is reported, with the episode\'s start', [[0, reading(3)], [100, behind(100)], [200, reading(1003)]], ['1000/1000 since 100 [behind]']],
    ['rises add up in one episode', [[0, reading(0)], [100, behind(100)], [200, reading(10)], [300, reading(25)]], ['10/10 since 100 [behind]', '15/25 since 100 [behind]']],
    ['a reading soon after catching up still counts (the broker publishes every sys_interval)',
      [[0, reading(0)], [100, behind(100)], [200, caughtUp], [200 + SETTLE_MS, reading(7)]], ['7/7 since 100 [behind]']],
    ['a reading later than SETTLE_MS after is not about the episode',
      [[0, reading(0)], [100, behind(100)], [150, reading(0)], [200, caughtUp], [201 + SETTLE_MS, reading(7)]], ['7/7 since 150 []']],
    ['a new episode after the settle starts its count again',
      [[0, reading(0)], [100, behind(100)], [110, reading(5)], [200, caughtUp], [300 + SETTLE_MS, behind(300 + SETTLE_MS)],
        [400 + SETTLE_MS, reading(9)]], ['5/5 since 100 [behind]', `4/4 since ${300 + SETTLE_MS} [behind]`]],
    ['paused again within the settle: the same episode', [[0, reading(0)], [100, behind(100)], [200, caughtUp], [300, behind(300)], [400, reading(2)]],
      ['2/2 since 100 [behind]']],
    ['a persistent session away: since the last sign of life', [[0, reading(100)], [5000, away(4000)], [6000, back], [6001, reading(19100)]],
      ['19000/19000 since 4000 [away]']],
    ['away and behind: both causes named', [[0, reading(0)], [100, away(50)], [200, back], [300, behind(300)], [400, reading(30)]], ['30/30 since 50 [away,behind]']],
    ['one cause still open keeps the episode open', [[0, reading(0)], [100, away(100)], [150, behind(150)], [200, back], [200 + 2 * SETTLE_MS, reading(1)]],
      ['1/1 since 100 [away,behind]']],
    ['the broker restarted meanwhile (its counter fell): what it counted since is the rise',
      [[0, reading(900)], [100, away(100)], [200, back], [300, reading(40)]], ['40/40 since 100 [away]']],
    ['a restart outside an episode: what it counted since', [[0, reading(900)], [10, reading(40)], [20, behind(20)], [30, reading(45)]],
      ['40/40 since 0 []', '5/5 since 20 [behind]']],
    ['an unchanged reading says nothing', [[0, reading(5)], [10, behind(10)], [20, reading(5)]], []],
  ];
  for (const [name, inputs, expected] of CASES) it(name, () => assert.deepEqual(play(inputs), expected));
});

describe('parseDropCount', () => {
  const CASES: readonly [string, number | null][] = [['0', 0], ['19000', 19000], [' 42\n', 42], ['', null], ['-1', null], ['1e3', null], ['NaN', null], ['9'.repeat(16), null]];
  for (const [text, value] of CASES) it(JSON.stringify(text), () => assert.equal(parseDropCount(Buffer.from(text)), value));
});
