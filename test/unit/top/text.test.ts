import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAge, formatCount, formatRate, formatSparkline } from '../../../src/top/format.js';
import { displayWidth, fit, truncate } from '../../../src/top/text.js';

const WIDTH_CASES: readonly [string, number][] = [
  ['ge-0/0/1', 8], ['', 0], ['東京', 4], ['🚀', 2], ['é', 1], ['e\u0301', 1], ['\\x1b[2J', 7],
];
const TRUNCATE_CASES: readonly [string, number, string][] = [
  ['ge-0/0/1', 10, 'ge-0/0/1'], ['ge-0/0/1', 8, 'ge-0/0/1'], ['ge-0/0/10', 8, 'ge-0/0/…'], ['東京東京', 5, '東京…'],
  ['abc', 1, '…'], ['abc', 0, ''],
];
const FIT_CASES: readonly [string, number, 'left' | 'right', string][] = [
  ['up', 4, 'left', 'up  '], ['7', 4, 'right', '   7'], ['東', 3, 'left', '東 '], ['toolong', 4, 'left', 'too…'],
];
const AGE_CASES: readonly [number, string][] = [
  [0, '0s'], [999, '0s'], [59_000, '59s'], [60_000, '1m00s'], [185_000, '3m05s'], [3_600_000, '1h00m'],
  [7_620_000, '2h07m'], [86_400_000 * 3 + 3_600_000 * 4, '3d04h'], [-5000, '0s'],
];
const RATE_CASES: readonly [number, string][] = [[0, '0'], [0.1, '0.1'], [2, '2'], [12.34, '12.3'], [456, '456'], [1234, '1.2k'], [35_000, '35k']];
const COUNT_CASES: readonly [number, string][] = [[0, '0'], [999, '999'], [1234, '1.2k'], [35_400, '35k'], [1_200_000, '1.2M'], [45_000_000, '45M']];
const SPARK_CASES: readonly [number[], string][] = [
  [[], ''], [[0, 0], '  '], [[1, 2, 4, 8], '▁▂▄█'], [[0, 5, 10], ' ▄█'], [[3, 3], '██'],
];

describe('text fitting', () => {
  for (const [text, width] of WIDTH_CASES) it(`displayWidth(${JSON.stringify(text)}) = ${width}`, () => assert.equal(displayWidth(text), width));
  for (const [text, width, expected] of TRUNCATE_CASES) it(`truncate(${JSON.stringify(text)}, ${width})`, () => assert.equal(truncate(text, width), expected));
  for (const [text, width, align, expected] of FIT_CASES) it(`fit(${JSON.stringify(text)}, ${width}, ${align})`, () => assert.equal(fit(text, width, align), expected));
});

describe('compact formats', () => {
  for (const [ms, expected] of AGE_CASES) it(`formatAge(${ms}) = ${expected}`, () => assert.equal(formatAge(ms), expected));
  for (const [n, expected] of RATE_CASES) it(`formatRate(${n}) = ${expected}`, () => assert.equal(formatRate(n), expected));
  for (const [n, expected] of COUNT_CASES) it(`formatCount(${n}) = ${expected}`, () => assert.equal(formatCount(n), expected));
  for (const [values, expected] of SPARK_CASES) it(`formatSparkline(${JSON.stringify(values)})`, () => assert.equal(formatSparkline(values), expected));
});
