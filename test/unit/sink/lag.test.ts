import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ANNOUNCE_AFTER_MS, QUIET_MS, createLagReport, type LagClock } from '../../../src/sink/lag.js';

/** A clock that only moves when told; timers fire in order as it passes them. */
function createFakeClock(): LagClock & { advance(ms: number): void } {
  let time = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let ids = 0;
  return {
    now: () => time,
    setTimer(run, ms) {
      const id = ++ids;
      timers.push({ at: time + ms, run, id });
      return id;
    },
    clearTimer(id) {
      timers = timers.filter((t) => t.id !== id);
    },
    advance(ms) {
      const until = time + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (next === undefined) break;
        timers = timers.filter((t) => t !== next);
        time = next.at;
        next.run();
      }
      time = until;
    },
  };
}

type Step = ['block' | 'drain' | 'close'] | ['wait', number] | ['write', number];

function play(steps: Step[]): string[] {
  const clock = createFakeClock();
  let written = 0;
  const said: string[] = [];
  const lag = createLagReport({
    onBehind: () => said.push(`behind@${clock.now()}`),
    onCaughtUp: ({ seconds, records }) => said.push(`caught-up@${clock.now()} ${seconds}s ${records}`),
    written: () => written,
  }, clock);
  for (const step of steps) {
    if (step[0] === 'block') lag.blocked();
    else if (step[0] === 'drain') lag.drained();
    else if (step[0] === 'close') lag.close();
    else if (step[0] === 'wait') clock.advance(step[1]);
    else written += step[1]!;
  }
  return said;
}

describe('createLagReport', () => {
  const cases: [string, Step[], string[]][] = [
    ['a blip (blocked 10 ms) says nothing', [['block'], ['wait', 10], ['drain'], ['wait', 5000]], []],
    ['blocked long enough: behind once, then caught up after a quiet second with the records written meanwhile',
      [['write', 5], ['block'], ['write', 100], ['wait', 600], ['drain'], ['write', 20], ['wait', 5000]],
      [`behind@${ANNOUNCE_AFTER_MS}`, `caught-up@${600 + QUIET_MS} 0.6s 100`]],
    ['many short blocks add up to one episode, told once',
      [...Array.from({ length: 30 }, (): Step[] => [['block'], ['write', 10], ['wait', 20], ['drain'], ['wait', 30]]).flat(), ['wait', 5000]],
      ['behind@610', `caught-up@${1500 - 30 + QUIET_MS} 1.47s 300`]],
    ['a new block within the quiet second continues the episode',
      [['block'], ['wait', 300], ['drain'], ['wait', QUIET_MS - 1], ['block'], ['wait', 100], ['drain'], ['wait', 5000]],
      [`behind@${ANNOUNCE_AFTER_MS}`, `caught-up@${1400 - 1 + QUIET_MS} 1.399s 0`]],
    ['two episodes apart are told twice',
      [['block'], ['wait', 300], ['drain'], ['wait', 2000], ['block'], ['wait', 300], ['drain'], ['wait', 2000]],
      [`behind@${ANNOUNCE_AFTER_MS}`, `caught-up@${300 + QUIET_MS} 0.3s 0`, `behind@${2300 + ANNOUNCE_AFTER_MS}`, `caught-up@${2600 + QUIET_MS} 0.3s 0`]],
    ['exit after catching up, before the quiet second: caught up at exit',
      [['block'], ['write', 7], ['wait', 400], ['drain'], ['wait', 10], ['close']], [`behind@${ANNOUNCE_AFTER_MS}`, 'caught-up@410 0.41s 7']],
    ['exit while still blocked: no caught-up line, and no timer left',
      [['block'], ['wait', 400], ['close'], ['wait', 5000]], [`behind@${ANNOUNCE_AFTER_MS}`]],
    ['exit during a blip says nothing', [['block'], ['wait', 10], ['drain'], ['close'], ['wait', 5000]], []],
  ];
  for (const [name, steps, expected] of cases) {
    test(name, () => assert.deepEqual(play(steps), expected));
  }
});
