import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodePayload, unwrapEvent } from '../../../src/decode/index.js';
import { escapeControlsAsJson as escapeControls, truncateText } from '../../../src/render/escape.js';
import type { Decoded } from '../../../src/decode/index.js';
import { describeParseError, MAX_JSON_DEPTH } from '../../../src/decode/payload.js';

const BOM = [0xef, 0xbb, 0xbf];
/** Bytes from text parts and raw byte arrays, in order. */
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));
/** The text's bytes in the payload (start, end) are checked apart, in 'the bytes the text came from'. */
type Compared = { ok: true; value: unknown; text: string } | Extract<Decoded, { ok: false }>;
const ok = (value: unknown, text: string): Compared => ({ ok: true, value, text });
const withoutRange = (decoded: Decoded): Compared => {
  if (!decoded.ok) return decoded;
  const { start: _start, end: _end, ...rest } = decoded;
  return rest;
};
const bad = (reason: string, text: string): Compared => ({ ok: false, text, reason });
/** Unicode characters no terminal should receive raw from a reason. */
const RAW_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

const CASES: [name: string, payload: Uint8Array, expected: Compared][] = [
  ['plain object', bytes('{"a":1}'), ok({ a: 1 }, '{"a":1}')],
  ['leading BOM', bytes(BOM, '{"a":1}'), ok({ a: 1 }, '{"a":1}')],
  ['only the first BOM is stripped', bytes(BOM, BOM, '1'), bad("not JSON: Unexpected token '\\ufeff'", '\ufeff1')],
  ['trailing NUL', bytes('{"a":1}', [0]), ok({ a: 1 }, '{"a":1}')],
  ['trailing NULs and whitespace mixed', bytes('{"a":1} \t\r\n', [0], ' ', [0, 0]), ok({ a: 1 }, '{"a":1}')],
  ['leading whitespace is JSON whitespace, kept', bytes('\n {"a":1}'), ok({ a: 1 }, '\n {"a":1}')],
  ['BOM, leading and trailing whitespace', bytes(BOM, ' [1] \r\n'), ok([1], ' [1]')],
  ['a NUL inside is not trimmed', bytes('{"a":1}', [0], 'x'), bad('not JSON: Unexpected non-whitespace character after JSON at position 7', '{"a":1}\u0000x')],
  ['empty', bytes(), bad('empty payload', '')],
  ['only NULs', bytes([0, 0, 0]), bad('empty payload', '')],
  ['only a BOM', bytes(BOM), bad('empty payload', '')],
  ['only a BOM and whitespace', bytes(BOM, ' \n\t', [0]), bad('empty payload', '')],
  ['plain text', bytes('Test message'), bad("not JSON: Unexpected token 'T'", 'Test message')],
  ['bare word', bytes('undefined'), bad('not JSON: not a JSON value', 'undefined')],
  ['truncated', bytes('{"a":'), bad('not JSON: Unexpected end of JSON input', '{"a":')],
  ['number', bytes('42'), ok(42, '42')],
  ['string', bytes('"x"'), ok('x', '"x"')],
  ['null', bytes('null'), ok(null, 'null')],
  ['array', bytes('[{"jet-event":{}}]'), ok([{ 'jet-event': {} }], '[{"jet-event":{}}]')],
  ['invalid UTF-8 becomes U+FFFD', bytes('"', [0xff, 0xfe], '"'), ok('\ufffd\ufffd', '"\ufffd\ufffd"')],
  ['UTF-8 multibyte text', bytes('{"d":"ünïcødé ✓"}'), ok({ d: 'ünïcødé ✓' }, '{"d":"ünïcødé ✓"}')],
  ['ESC in the reason is escaped', bytes('\u001b[2J'), bad("not JSON: Unexpected token '\\u001b'", '\u001b[2J')],
  ['C1 CSI in the reason is escaped', bytes('\u009b2J'), bad("not JSON: Unexpected token '\\u009b'", '\u009b2J')],
];

describe('the bytes the text came from', () => {
  const RANGES: [string, Uint8Array, number, number][] = [
    ['plain', bytes('{"a":1}'), 0, 7],
    ['a BOM and trailing NUL, whitespace', bytes(BOM, '{"a":1}', ' \n', [0]), 3, 10],
  ];
  for (const [name, payload, start, end] of RANGES) {
    it(name, () => {
      const decoded = decodePayload(payload);
      assert.ok(decoded.ok);
      assert.deepEqual([decoded.start, decoded.end], [start, end]);
    });
  }
});

describe('decodePayload', () => {
  for (const [name, payload, expected] of CASES) {
    it(name, () => assert.deepEqual(withoutRange(decodePayload(payload)), expected));
  }

  it('honours the byte offset of a view into a larger buffer', () => {
    const pool = Buffer.from('garbage{"a":1}\u0000more garbage');
    assert.deepEqual(withoutRange(decodePayload(pool.subarray(7, 15))), ok({ a: 1 }, '{"a":1}'));
    assert.deepEqual(withoutRange(decodePayload(new Uint8Array(pool.buffer, pool.byteOffset + 7, 7))), ok({ a: 1 }, '{"a":1}'));
  });

  it('does not modify the payload', () => {
    const payload = bytes(BOM, '{"a":1}', [0]);
    const copy = Buffer.from(payload);
    decodePayload(payload);
    assert.deepEqual(Buffer.from(payload), copy);
  });

  it('never quotes the payload in its reason, and caps it', () => {
    const secret = `x${'\u001b[31m'.repeat(1000)}`;
    const decoded = decodePayload(bytes(secret));
    assert.equal(decoded.ok, false);
    assert.ok(!decoded.ok && !decoded.reason.includes('[31m'), decoded.ok ? '' : decoded.reason);
  });

  it(`parses nesting up to ${MAX_JSON_DEPTH} levels and huge strings; deeper JSON is refused, not a crash downstream`, () => {
    const nest = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    assert.equal(decodePayload(bytes(nest(MAX_JSON_DEPTH))).ok, true);
    for (const depth of [MAX_JSON_DEPTH + 1, 100_000]) {
      assert.deepEqual(withoutRange(decodePayload(bytes(nest(depth)))), bad(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, nest(depth)));
    }
    const huge = 'x'.repeat(8 * 1024 * 1024);
    const decoded = decodePayload(bytes(`{"message":"${huge}"}`));
    assert.ok(decoded.ok && (decoded.value as { message: string }).message === huge);
  });

  it('never throws, and a failure reason never carries raw control characters', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (payload) => {
      const decoded = decodePayload(payload);
      if (!decoded.ok) {
        assert.ok(decoded.reason === 'empty payload' || decoded.reason.startsWith('not JSON: '));
        assert.doesNotMatch(decoded.reason, RAW_CONTROLS);
        assert.ok(decoded.reason.length <= 200, decoded.reason);
      }
    }), { numRuns: 2000 });
  });

  it('round-trips any JSON value whatever trailing NUL/whitespace follows', () => {
    const junk = fc.array(fc.constantFrom('\u0000', ' ', '\t', '\r', '\n'), { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(fc.property(fc.jsonValue(), fc.boolean(), junk, (value, bom, tail) => {
      const text = JSON.stringify(value);
      const decoded = decodePayload(bytes(bom ? BOM : [], text, tail));
      assert.deepEqual(withoutRange(decoded), ok(JSON.parse(text), text));
    }), { numRuns: 500 });
  });
});

describe('describeParseError', () => {
  // V8's messages as Node 20 and Node 22+ word them: a record says the same on every Node.
  const cases: [message: string, expected: string][] = [
    ['Unexpected non-whitespace character after JSON at position 7', 'Unexpected non-whitespace character after JSON at position 7'],
    ['Unexpected non-whitespace character after JSON at position 7 (line 1 column 8)', 'Unexpected non-whitespace character after JSON at position 7'],
    ["Expected ',' or '}' after property value in JSON at position 67 (line 3 column 2)", "Expected ',' or '}' after property value in JSON at position 67"],
    ['Unexpected end of JSON input', 'Unexpected end of JSON input'],
    [`Unexpected token 'T', "Test messa"... is not valid JSON`, "Unexpected token 'T'"],
    ['"undefined" is not valid JSON', 'not a JSON value'],
  ];
  for (const [message, expected] of cases) {
    it(`${message} → ${expected}`, () => assert.equal(describeParseError(new SyntaxError(message)), expected));
  }
});

describe('unwrapEvent', () => {
  const inner = { 'event-id': 'SYSTEM' };
  const wrapped = { 'jet-event': inner };
  const bare = { 'commit-patch': '<configuration/>' };
  const cases: [name: string, value: unknown, expected: unknown][] = [
    ['the object inside jet-event', wrapped, inner],
    ['an object without the wrapper, whole', bare, bare],
    ['a wrapper holding a string, whole', { 'jet-event': 'x' }, { 'jet-event': 'x' }],
    ['a wrapper holding null, whole', { 'jet-event': null }, { 'jet-event': null }],
    ['a wrapper holding an array, whole', { 'jet-event': [inner] }, { 'jet-event': [inner] }],
    ['an array', [wrapped], null],
    ['a string', 'jet-event', null],
    ['a number', 1, null],
    ['a boolean', true, null],
    ['null', null, null],
    ['undefined', undefined, null],
  ];
  for (const [name, value, expected] of cases) {
    it(name, () => assert.deepEqual(unwrapEvent(value), expected));
  }

  it('returns the parsed objects themselves, not copies', () => {
    assert.equal(unwrapEvent(wrapped), inner);
    assert.equal(unwrapEvent(bare), bare);
  });
});

describe('escapeControls and truncateText', () => {
  const cases: [input: string, expected: string][] = [
    ['plain', 'plain'],
    ['a\u001b[31mb', 'a\\u001b[31mb'],
    ['\u0000\u007f\u009b', '\\u0000\\u007f\\u009b'],
    ['rtl\u202eevil\u2066', 'rtl\\u202eevil\\u2066'],
    ['zero\u200bwidth\ufeff', 'zero\\u200bwidth\\ufeff'],
    ['line\u2028sep', 'line\\u2028sep'],
    ['ünï ✓', 'ünï ✓'],
  ];
  for (const [input, expected] of cases) {
    it(`escapes ${JSON.stringify(input)}`, () => assert.equal(escapeControls(input), expected));
  }

  it('truncates without splitting a surrogate pair', () => {
    assert.equal(truncateText('abcdef', 6), 'abcdef');
    assert.equal(truncateText('abcdef', 3), 'abc…');
    assert.equal(truncateText('ab😀cd', 3), 'ab…');
    assert.equal(truncateText('ab😀cd', 4), 'ab😀…');
  });
});
