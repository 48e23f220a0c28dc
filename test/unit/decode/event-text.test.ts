import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cutEventText, unwrapEvent } from '../../../src/decode/index.js';

function cut(text: string): string | undefined {
  const value = JSON.parse(text) as unknown;
  return cutEventText(text, value, unwrapEvent(value)!);
}

const CASES: [name: string, text: string, expected: string | undefined][] = [
  ['the usual wrapper', '{"jet-event":{"event-id":"X","attributes":{"flags":8}}}', '{"event-id":"X","attributes":{"flags":8}}'],
  ['an empty event', '{"jet-event":{}}', '{}'],
  ['spaces inside the event are kept', '{"jet-event":{ "a" : [1, 2] } }', '{ "a" : [1, 2] } '],
  ['numbers and escapes as received', '{"jet-event":{"n":1.50,"big":12345678901234567890,"s":"\\u0041\\ud800"}}', '{"n":1.50,"big":12345678901234567890,"s":"\\u0041\\ud800"}'],
  ['no wrapper (config-update): the whole text', '{"commit-patch":"<x/>"}', '{"commit-patch":"<x/>"}'],
  ['a wrapper around a non-object is the whole event', '{"jet-event":"text"}', '{"jet-event":"text"}'],
  ['a space before the key: not proven, undefined', '{ "jet-event":{}}', undefined],
  ['a second key: undefined', '{"jet-event":{"a":1},"other":2}', undefined],
  ['the key twice (JSON.parse keeps the last): undefined', '{"jet-event":{"a":1},"jet-event":{"b":2}}', undefined],
  ['the key as a string value: undefined (the safe side)', '{"jet-event":{"name":"jet-event"}}', undefined],
  ['the key inside a string, escaped quotes: cut', '{"jet-event":{"m":"\\"jet-event\\""}}', '{"m":"\\"jet-event\\""}'],
  ['a pretty-printed payload has line breaks: undefined', '{"jet-event":{\n  "a": 1\n}}', undefined],
  ['a carriage return: undefined', '{"jet-event":{\r"a": 1}}', undefined],
  ['no wrapper but line breaks: undefined', '{\n"a": 1}', undefined],
];

describe('cutEventText', () => {
  for (const [name, text, expected] of CASES) {
    it(name, () => assert.equal(cut(text), expected));
  }

  it('cuts valid JSON of exactly the event, on one line, for any wrapped value', () => {
    const wrapped = fc.oneof(
      fc.jsonValue().map((event) => JSON.stringify({ 'jet-event': event })),
      fc.jsonValue().map((event) => JSON.stringify({ 'jet-event': event }, null, 1)),
      fc.tuple(fc.jsonValue(), fc.jsonValue()).map(([a, b]) => `{"jet-event":${JSON.stringify(a)},"jet-event":${JSON.stringify(b)}}`),
      fc.tuple(fc.jsonValue(), fc.string()).map(([a, key]) => `{"jet-event":${JSON.stringify(a)},${JSON.stringify(key)}:1}`),
      fc.jsonValue().map((value) => JSON.stringify(value)),
    );
    fc.assert(fc.property(wrapped, (text) => {
      const value = JSON.parse(text) as unknown;
      const event = unwrapEvent(value);
      fc.pre(event !== null);
      const result = cutEventText(text, value, event!);
      if (result === undefined) return;
      assert.ok(!/[\r\n]/.test(result), result);
      assert.deepEqual(JSON.parse(result), event);
    }), { numRuns: 2000 });
  });
});
