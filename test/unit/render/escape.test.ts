import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeControl, escapeControlsAsJson } from '../../../src/render/escape.js';

/** Anything a terminal could act on: C0, DEL, C1, format characters, separators, surrogates. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

const CASES: readonly [string, string, string][] = [
  ['plain text is returned as is', 'ge-0/0/0 up', 'ge-0/0/0 up'],
  ['empty', '', ''],
  ['clear screen and recolour', 'show \u001b[2J\u001b[31mversion\u0007', 'show \\x1b[2J\\x1b[31mversion\\x07'],
  ['NUL', 'a\u0000b', 'a\\x00b'],
  ['backspace', 'pass\bword', 'pass\\x08word'],
  ['newline, carriage return, tab', 'a\nb\rc\td', 'a\\nb\\rc\\td'],
  ['DEL', 'x\u007fy', 'x\\x7fy'],
  ['C1 CSI and NEL', 'x\u009b31my\u0085', 'x\\x9b31my\\x85'],
  ['right-to-left override', 'admin\u202egnp.exe', 'admin\\u202egnp.exe'],
  ['bidi embeddings and isolates', '\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069', '\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069'],
  ['zero-width space, joiners, marks', 'a\u200bb\u200cc\u200dd\u200ee\u200ff', 'a\\u200bb\\u200cc\\u200dd\\u200ee\\u200ff'],
  ['Arabic letter mark and BOM', '\u061c\ufeff', '\\u061c\\ufeff'],
  ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
  ['tag characters (invisible text)', 'ok\u{e0041}\u{e0042}', 'ok\\u{e0041}\\u{e0042}'],
  ['lone surrogate', 'a\ud800b', 'a\\ud800b'],
  ['printable Unicode is kept', 'Zürich — 東京 ✓ 🚀', 'Zürich — 東京 ✓ 🚀'],
  ['Latin-1 letters after C1 are kept', '\u00a0é\u00ff', '\u00a0é\u00ff'],
];

describe('escapeControl', () => {
  for (const [name, input, expected] of CASES) {
    it(name, () => {
      assert.equal(escapeControl(input), expected);
    });
  }

  it('leaves nothing a terminal would act on, for any string', () => {
    const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: anyCodeUnit }));
    fc.assert(fc.property(text, (input) => !UNSAFE.test(escapeControl(input))), { numRuns: 2000 });
  });
});

describe('escapeControlsAsJson: the same characters, spelled as JSON writes them', () => {
  const JSON_CASES: readonly [string, string, string][] = [
    ['ESC and BEL', 'a\u001b]0;x\u0007', 'a\\u001b]0;x\\u0007'],
    ['newline', 'a\nb', 'a\\u000ab'],
    ['Arabic letter mark (a format character)', 'x\u061cy', 'x\\u061cy'],
    ['tag characters, as their surrogate pairs', 'ok\u{e0041}', 'ok\\udb40\\udc41'],
    ['lone surrogate', 'a\ud800b', 'a\\ud800b'],
    ['printable Unicode is kept', 'Zürich ✓ 🚀', 'Zürich ✓ 🚀'],
  ];
  for (const [name, input, expected] of JSON_CASES) {
    it(name, () => assert.equal(escapeControlsAsJson(input), expected));
  }

  it('escapes exactly what escapeControl escapes, for any string', () => {
    const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: anyCodeUnit }));
    fc.assert(fc.property(text, (input) => !UNSAFE.test(escapeControlsAsJson(input))
      && (escapeControlsAsJson(input) === input) === (escapeControl(input) === input)), { numRuns: 2000 });
  });
});
