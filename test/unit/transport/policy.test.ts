import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Decision, INITIAL_STATE, type PolicyInput, type PolicyLimits, type PolicyState, STABLE_AFTER_MS, backoffDelay, stepPolicy } from '../../../src/transport/policy.js';

/** Runs inputs at the given times (ms) from the initial state; returns every decision and the last state. */
function play(limits: PolicyLimits, inputs: readonly (readonly [number, PolicyInput])[]): { decisions: Decision[]; state: PolicyState } {
  let state = INITIAL_STATE;
  const decisions: Decision[] = [];
  for (const [now, input] of inputs) {
    const result = stepPolicy(state, input, now, limits);
    state = result.state;
    decisions.push(result.decision);
  }
  return { decisions, state };
}

const up = (at: number): (readonly [number, PolicyInput])[] => [[at, { type: 'connected' }], [at, { type: 'subscribed' }]];
const closed = (at: number, lastAliveAt = at): readonly [number, PolicyInput] => [at, { type: 'closed', lastAliveAt }];
const types = (decisions: Decision[]) => decisions.map((d) => (d.type === 'reconnect' ? `reconnect ${d.delayMs}${d.lost ? ' lost' : ''}` : d.type === 'give-up' ? `give-up ${d.rule}` : d.type));

describe('backoffDelay: 100 ms doubling to a cap of 1.5 s', () => {
  const CASES: readonly [number, number][] = [[1, 100], [2, 200], [3, 400], [4, 800], [5, 1500], [6, 1500], [40, 1500]];
  for (const [failures, delay] of CASES) it(`failure ${failures} in a row: ${delay} ms`, () => assert.equal(backoffDelay(failures), delay));
});

describe('stepPolicy: reconnect, give up, gaps', () => {
  const never: PolicyLimits = { retryAtStart: false };
  const CASES: readonly [string, PolicyLimits, (readonly [number, PolicyInput])[], string[]][] = [
    ['first connect fails, one device: give up at once', never, [closed(10)], ['give-up start']],
    ['first connect fails in a fleet: retried, backoff growing', { retryAtStart: true }, [closed(10), closed(120), closed(330)], ['reconnect 100', 'reconnect 200', 'reconnect 400']],
    ['loss after subscribing: reconnect in 100 ms, announced once', never, [...up(0), closed(1000), closed(1100), closed(1300)], ['none', 'subscribed', 'reconnect 100 lost', 'reconnect 200', 'reconnect 400']],
    ['--max-reconnects 2: two attempts, then give up', { retryAtStart: false, maxReconnects: 2 }, [...up(0), closed(1000), closed(1100), closed(1300)], ['none', 'subscribed', 'reconnect 100 lost', 'reconnect 200', 'give-up max-reconnects']],
    ['--max-reconnects 0: the first loss gives up', { retryAtStart: false, maxReconnects: 0 }, [...up(0), closed(1000)], ['none', 'subscribed', 'give-up max-reconnects']],
    ['--give-up-after: the deadline while lost gives up', { retryAtStart: false, giveUpAfterMs: 1000 }, [...up(0), closed(500), [2000, { type: 'deadline' }]], ['none', 'subscribed', 'reconnect 100 lost', 'give-up give-up-after']],
    ['--give-up-after: a deadline after the return does nothing', { retryAtStart: false, giveUpAfterMs: 1000 }, [...up(0), closed(500), ...up(700), [1500, { type: 'deadline' }]], ['none', 'subscribed', 'reconnect 100 lost', 'none', 'subscribed', 'none']],
    ['every subscription refused: give up', never, [[0, { type: 'connected' }], [0, { type: 'refused' }]], ['none', 'give-up refused']],
    ['nothing after giving up', never, [closed(0), closed(10), ...up(20)], ['give-up start', 'none', 'none', 'none']],
    [`a connection up ${STABLE_AFTER_MS} ms resets the backoff`, never, [...up(0), closed(100), closed(200), closed(400), ...up(800), closed(800 + STABLE_AFTER_MS)], ['none', 'subscribed', 'reconnect 100 lost', 'reconnect 200', 'reconnect 400', 'none', 'subscribed', 'reconnect 100 lost']],
    ['a connection dropped at once keeps the backoff growing (a broker that accepts and drops)', never, [...up(0), closed(100), ...up(200), closed(210), ...up(420), closed(430), ...up(840), closed(850)], ['none', 'subscribed', 'reconnect 100 lost', 'none', 'subscribed', 'reconnect 200 lost', 'none', 'subscribed', 'reconnect 400 lost', 'none', 'subscribed', 'reconnect 800 lost']],
    ['short-lived connections count for --max-reconnects', { retryAtStart: false, maxReconnects: 2 }, [...up(0), closed(100), ...up(200), closed(210), ...up(420), closed(430)], ['none', 'subscribed', 'reconnect 100 lost', 'none', 'subscribed', 'reconnect 200 lost', 'none', 'subscribed', 'give-up max-reconnects']],
  ];
  for (const [name, limits, inputs, expected] of CASES) it(name, () => assert.deepEqual(types(play(limits, inputs).decisions), expected));
});

describe('stepPolicy: where a gap starts', () => {
  it('a close from the broker: the gap starts at the close', () => {
    const { decisions } = play({ retryAtStart: false }, [...up(0), closed(5000), ...up(7000)]);
    assert.deepEqual(decisions.at(-1), { type: 'subscribed', first: false, gapFrom: 5000 });
  });
  it('a keepalive timeout: the gap starts at the last packet received, not when the silence was noticed', () => {
    const { decisions } = play({ retryAtStart: false }, [...up(0), closed(90_000, 3000), ...up(91_000)]);
    assert.deepEqual(decisions.at(-1), { type: 'subscribed', first: false, gapFrom: 3000 });
  });
  it('the first subscribe is not a gap', () => {
    assert.deepEqual(play({ retryAtStart: true }, [closed(0), ...up(100)]).decisions.at(-1), { type: 'subscribed', first: true, gapFrom: null });
  });
  it('a start failure in a fleet is reported once (firstStartFailure), then retried quietly', () => {
    const { decisions } = play({ retryAtStart: true }, [closed(0), closed(100)]);
    assert.deepEqual(decisions.map((d) => d.type === 'reconnect' && d.firstStartFailure), [true, false]);
  });
  it('while lost, the loss stays at its first sign', () => {
    const { state } = play({ retryAtStart: false }, [...up(0), closed(1000, 800), closed(1200)]);
    assert.equal(state.lostAt, 800);
  });
});
