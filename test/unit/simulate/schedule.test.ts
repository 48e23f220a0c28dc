/**
 * The schedule between generator and publisher: send times from --rate, --count and
 * --duration limits, routers spread over several brokers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SimulateSettings } from '../../../src/simulate/settings.js';
import { type Limits, scheduleEvents, summarize } from '../../../src/simulate/run.js';

const settings = (partial: Partial<SimulateSettings> = {}): SimulateSettings =>
  ({ scenario: 'mixed', rate: 10, routers: 3, seed: 1, seeded: true, ...partial });

const schedule = (s: SimulateSettings, limits: Limits, targets = 1) => [...scheduleEvents(s, limits, targets)];

describe('scheduleEvents', () => {
  const rows: [name: string, s: SimulateSettings, limits: Limits, count: number, lastDueMs: number][] = [
    ['--count 5 at 10/s', settings(), { count: 5 }, 5, 400],
    ['--count 3 at 0.5/s', settings({ rate: 0.5 }), { count: 3 }, 3, 4000],
    ['--duration 2 at 10/s: 20 events, the last due at 1.9 s', settings(), { durationMs: 2000 }, 20, 1900],
    ['--count and --duration: whichever comes first', settings(), { count: 7, durationMs: 2000 }, 7, 600],
    ['no rate (storm): every event due at once', settings({ scenario: 'storm', rate: null }), { count: 50 }, 50, 0],
  ];
  for (const [name, s, limits, count, lastDueMs] of rows) {
    it(name, () => {
      const messages = schedule(s, limits);
      assert.equal(messages.length, count);
      assert.equal(Math.round(messages.at(-1)!.dueMs), lastDueMs);
    });
  }

  it('spreads routers over brokers: mxN goes to broker (N-1) mod brokers', () => {
    for (const message of schedule(settings({ routers: 4 }), { count: 300 }, 2)) {
      assert.equal(message.to, (Number(message.event.router.slice(2)) - 1) % 2, message.event.router);
    }
  });

  it('a seeded schedule is the same bytes every time', () => {
    const payloads = () => schedule(settings({ seed: 99 }), { count: 100 }).map((m) => m.payload);
    assert.deepEqual(payloads(), payloads());
  });
});

describe('summarize', () => {
  const rows: [sent: number, elapsedMs: number, expected: string][] = [
    [1000, 2000, 'sent 1000 events in 2.00 s (500 events/s): scenario mixed, 3 routers (mx1..mx3), seed 1'],
    [0, 0, 'sent 0 events in 0.00 s (0 events/s): scenario mixed, 3 routers (mx1..mx3), seed 1'],
  ];
  for (const [sent, elapsedMs, expected] of rows) {
    it(expected, () => assert.equal(summarize({ sent, elapsedMs }, settings()), expected));
  }
  it('one router', () => assert.match(summarize({ sent: 1, elapsedMs: 1 }, settings({ routers: 1 })), /1 router \(mx1\)/));
});
