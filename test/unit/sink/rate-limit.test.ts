import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BURST, createRateLimiter } from '../../../src/sink/rate-limit.js';

function setup() {
  const lines: string[] = [];
  let fire: (() => void) | undefined;
  const limiter = createRateLimiter((line) => lines.push(line), { setTimer: (run) => (fire = run), clearTimer: () => (fire = undefined) });
  return { lines, limiter, tick: () => fire?.() };
}

describe('createRateLimiter', () => {
  it(`shows ${BURST} lines of a reason per window, then one line with the count`, () => {
    const { lines, limiter, tick } = setup();
    for (let i = 0; i < 100_000; i++) limiter.report('not JSON', `payload ${i}: not JSON`);
    assert.equal(lines.length, BURST);
    tick();
    assert.equal(lines.length, BURST + 1);
    assert.equal(lines.at(-1), `${100_000 - BURST} more like it not shown (not JSON; at most ${BURST} such lines per 10 s)`);
  });
  it('reasons are counted apart', () => {
    const { lines, limiter } = setup();
    for (let i = 0; i < 20; i++) {
      limiter.report('a', `a ${i}`);
      limiter.report('b', `b ${i}`);
    }
    limiter.close();
    assert.equal(lines.length, 2 * BURST + 2);
    assert.deepEqual(lines.slice(-2), ['10 more like it not shown (a; at most 10 such lines per 10 s)', '10 more like it not shown (b; at most 10 such lines per 10 s)']);
  });
  it('a new window shows lines again; nothing held, nothing said at close', () => {
    const { lines, limiter, tick } = setup();
    limiter.report('a', 'a 1');
    tick();
    limiter.report('a', 'a 2');
    limiter.close();
    assert.deepEqual(lines, ['a 1', 'a 2']);
  });
});
