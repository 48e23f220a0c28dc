import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJournalKeep, parseTimeBound } from '../../../src/options/read-flags.js';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');

describe('parseTimeBound (--since, --until)', () => {
  const rows: [text: string, expected: string][] = [
    ['2026-12-02T02:00:00Z', '2026-12-02T02:00:00.000Z'],
    ['2026-12-02T02:00:00.250Z', '2026-12-02T02:00:00.250Z'],
    ['2026-12-02T02:00Z', '2026-12-02T02:00:00.000Z'],
    ['2026-12-02T02:00:00', '2026-12-02T02:00:00.000Z'],
    ['2026-12-02 02:00:00', '2026-12-02T02:00:00.000Z'],
    ['2026-12-02', '2026-12-02T00:00:00.000Z'],
    ['2026-12-02T03:00:00+01:00', '2026-12-02T02:00:00.000Z'],
    ['2026-12-02T03:00:00+0100', '2026-12-02T02:00:00.000Z'],
    ['2026-12-01T21:00:00-05:00', '2026-12-02T02:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2h', '2026-12-03T10:00:00.000Z'],
    ['30m', '2026-12-03T11:30:00.000Z'],
    ['1d', '2026-12-02T12:00:00.000Z'],
    ['1w', '2026-11-26T12:00:00.000Z'],
    ['90s', '2026-12-03T11:58:30.000Z'],
    ['1h30m', '2026-12-03T10:30:00.000Z'],
    ['0s', '2026-12-03T12:00:00.000Z'],
  ];
  for (const [text, expected] of rows) {
    it(`${text} → ${expected}`, () => assert.equal(new Date(parseTimeBound('--since', text, NOW)).toISOString(), expected));
  }

  const bad = ['', 'yesterday', '2h ago', '-2h', '2H', '2026-13-01', '2026-02-30', '2025-02-29', '2026-12-02T24:00:00Z', '2026-12-02T02:60',
    '2026-12-02T02:00:00+25', '12/02/2026', '1.5h', 'h', '2026-12-02Z'];
  for (const text of bad) {
    it(`refuses ${JSON.stringify(text)} with the fix`, () => {
      assert.throws(() => parseTimeBound('--until', text, NOW), (error: Error & { exitCode?: number }) => {
        assert.equal(error.exitCode, 2);
        assert.match(error.message, /--until '.*': not a time; e\.g\. --until 2026-12-02T02:00:00Z/);
        return true;
      });
    });
  }
});

describe('parseJournalKeep (--journal-keep)', () => {
  const rows: [text: string, expected: object][] = [
    ['7d', { maxAgeMs: 7 * 86_400_000 }],
    ['12h', { maxAgeMs: 12 * 3_600_000 }],
    ['30m', { maxAgeMs: 30 * 60_000 }],
    ['500M', { maxBytes: 500 * 1024 ** 2 }],
    ['500MB', { maxBytes: 500 * 1024 ** 2 }],
    ['2G', { maxBytes: 2 * 1024 ** 3 }],
    ['100k', { maxBytes: 100 * 1024 }],
    ['7d,500M', { maxAgeMs: 7 * 86_400_000, maxBytes: 500 * 1024 ** 2 }],
  ];
  for (const [text, expected] of rows) it(text, () => assert.deepEqual(parseJournalKeep(text), expected));
  for (const text of ['', '7', '0M', '0d', '500 M', 'forever', '7d,']) {
    it(`refuses ${JSON.stringify(text)}`, () => assert.throws(() => parseJournalKeep(text), /--journal-keep .*neither an age nor a size/));
  }
});
