import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEDUPE_WINDOW, createDeduper } from '../../../src/pipeline/dedupe.js';

type Delivery = [device: string, topic: string, payload: string, duplicate: boolean];
const T = '/junos/events/kernel/interfaces/ifd/change/ge-0/0/0';

/** [name, deliveries in order, what isRedelivery says for each]. */
const CASES: readonly [string, Delivery[], boolean[]][] = [
  ['a first delivery is kept', [['mx1', T, 'a', false]], [false]],
  ['a DUP copy of a message already passed on is dropped', [['mx1', T, 'a', false], ['mx1', T, 'a', true]], [false, true]],
  ['a DUP message never seen before is kept (its first send died with the connection)', [['mx1', T, 'a', true]], [false]],
  ['an identical message without DUP is a new event (a link flapping twice in one second)', [['mx1', T, 'a', false], ['mx1', T, 'a', false]], [false, false]],
  ['the same payload on another topic is another event', [['mx1', T, 'a', false], ['mx1', `${T}x`, 'a', true]], [false, false]],
  ['the same message from another device is another event', [['mx1', T, 'a', false], ['mx2', T, 'a', true]], [false, false]],
  ['a message redelivered twice (two restarts) is dropped twice', [['mx1', T, 'a', false], ['mx1', T, 'a', true], ['mx1', T, 'a', true]], [false, true, true]],
  ['a kept DUP message is remembered: its next copy is dropped', [['mx1', T, 'a', true], ['mx1', T, 'a', true]], [false, true]],
  ['device, topic and payload are not confused at their borders', [['mx1', 'ab', 'c', false], ['mx1', 'a', 'bc', true]], [false, false]],
];

describe('createDeduper', () => {
  for (const [name, deliveries, expected] of CASES) {
    it(name, () => {
      const deduper = createDeduper();
      assert.deepEqual(deliveries.map(([d, t, p, dup]) => deduper.isRedelivery(d, t, Buffer.from(p), dup)), expected);
    });
  }

  it(`remembers at most its window (${DEDUPE_WINDOW} by default), forgetting the oldest first`, () => {
    const deduper = createDeduper(3);
    for (const payload of ['a', 'b', 'c', 'd']) deduper.isRedelivery('mx1', T, Buffer.from(payload), false);
    assert.equal(deduper.size, 3);
    assert.equal(deduper.isRedelivery('mx1', T, Buffer.from('a'), true), false, 'a was forgotten');
    assert.equal(deduper.isRedelivery('mx1', T, Buffer.from('d'), true), true, 'd is remembered');
  });

  it('counts copies: forgetting one of two identical messages still remembers the other', () => {
    const deduper = createDeduper(3);
    for (const payload of ['a', 'a', 'b', 'c']) deduper.isRedelivery('mx1', T, Buffer.from(payload), false);
    assert.equal(deduper.isRedelivery('mx1', T, Buffer.from('a'), true), true);
  });

  it('property: memory stays bounded whatever arrives, and a DUP copy within the window is always dropped', () => {
    const delivery = fc.tuple(fc.constantFrom('mx1', 'mx2'), fc.constantFrom('t1', 't2'), fc.string({ maxLength: 3 }), fc.boolean());
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.array(delivery, { maxLength: 60 }), (window, deliveries) => {
      const deduper = createDeduper(window);
      const recent: string[] = [];
      for (const [device, topic, payload, duplicate] of deliveries) {
        const key = JSON.stringify([device, topic, payload]);
        const dropped = deduper.isRedelivery(device, topic, Buffer.from(payload), duplicate);
        assert.equal(dropped, duplicate && recent.includes(key));
        if (!dropped) recent.push(key);
        if (recent.length > window) recent.shift();
        assert.ok(deduper.size <= window);
      }
    }), { numRuns: 300 });
  });
});
