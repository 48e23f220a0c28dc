/**
 * validate's words: the per-line verdict and the summary (JSON and table), as tables;
 * and the tally of the fixture files: exactly their invalid lines.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readCapture } from '../../../src/capture/index.js';
import { formatInvalidLine, renderSummary } from '../../../src/capture/summary.js';
import { type InvalidLine, type Tally, tallyCapture } from '../../../src/capture/verdicts.js';
import { createValidator } from '../../../src/validate/index.js';
import { FIXTURES_DIR } from '../../helpers/fixtures.js';

describe('formatInvalidLine', () => {
  const rows: [InvalidLine, string][] = [
    [{ line: 22, topic: '/junos/events/kernel/interfaces/ifd/change/ge-0/0/3', pointer: '/jet-event/attributes/snmp-id', reason: 'must be integer, got "five hundred"', more: 0 },
      'line 22: /junos/events/kernel/interfaces/ifd/change/ge-0/0/3: /jet-event/attributes/snmp-id: must be integer, got "five hundred"'],
    [{ line: 20, topic: '/junos/events/syslog/X', pointer: '', reason: "not JSON: Unexpected token 'T'", more: 0 },
      "line 20: /junos/events/syslog/X: payload: not JSON: Unexpected token 'T'"],
    [{ line: 3, topic: '/t', pointer: '/a', reason: 'bad', more: 2 }, 'line 3: /t: /a: bad (and 2 more)'],
    [{ line: 9, topic: null, pointer: '', reason: 'a JSON line without a "topic" string', more: 0 }, 'line 9: a JSON line without a "topic" string'],
    [{ line: 1, topic: '/t\u001b[2J', pointer: '/x', reason: 'got "\u001b]0;owned\u0007"', more: 0 }, 'line 1: /t\\x1b[2J: /x: got "\\x1b]0;owned\\x07"'],
  ];
  for (const [invalid, expected] of rows) it(expected, () => assert.equal(formatInvalidLine(invalid), expected));
});

describe('renderSummary', () => {
  const tally: Tally = {
    valid: 3, invalid: 2, warnings: 1,
    kinds: {
      ifd: { valid: 2, invalid: 1, warnings: 1 },
      syslog: { valid: 1, invalid: 0, warnings: 0 },
      unreadable: { valid: 0, invalid: 1, warnings: 0 },
    },
  };

  it('json: the tally, one line', () => {
    assert.equal(renderSummary(tally, 'json'), `${JSON.stringify(tally)}\n`);
  });

  it('table: a row per kind and a total', () => {
    const rows = renderSummary(tally, 'table').split('\n').filter((line) => line.startsWith('│')).map((line) => line.split('│').slice(1, -1).map((cell) => cell.trim()));
    assert.deepEqual(rows, [
      ['kind', 'valid', 'invalid', 'with warnings'],
      ['ifd', '2', '1', '1'],
      ['syslog', '1', '0', '0'],
      ['unreadable', '0', '1', '0'],
      ['total', '3', '2', '1'],
    ]);
  });
});

async function tallyFile(file: string): Promise<{ tally: Tally; lines: number[] }> {
  const lines: number[] = [];
  async function* chunks() {
    yield readFileSync(join(FIXTURES_DIR, file));
  }
  const tally = await tallyCapture(readCapture(chunks()), createValidator(), (invalid) => lines.push(invalid.line));
  return { tally, lines };
}

describe('tallyCapture over the fixture files', () => {
  it('jet-events.ndjson: lines 20 and 21 (not JSON), 22 and 23 (schema) are the invalid ones', async () => {
    const { tally, lines } = await tallyFile('jet-events.ndjson');
    assert.deepEqual(lines, [20, 21, 22, 23]);
    assert.equal(tally.valid + tally.invalid, 24);
    assert.deepEqual(tally.kinds.ifd, { valid: 4, invalid: 3, warnings: 0 });
    assert.deepEqual(tally.kinds.syslog, { valid: 5, invalid: 1, warnings: 0 });
  });

  it('a mix of formats with an unreadable line', async () => {
    async function* chunks() {
      yield Buffer.from('/junos/events/syslog/SYSTEM {"jet-event":{"event-id":"SYSTEM","hostname":"mx1","time":"2026-11-24","severity":"info","facility":"daemon"}}\n{"no":"topic"}\n');
    }
    const seen: InvalidLine[] = [];
    const tally = await tallyCapture(readCapture(chunks()), createValidator(), (invalid) => seen.push(invalid));
    assert.deepEqual(tally, {
      valid: 1, invalid: 1, warnings: 1,
      kinds: { syslog: { valid: 1, invalid: 0, warnings: 1 }, unreadable: { valid: 0, invalid: 1, warnings: 0 } },
    });
    assert.deepEqual(seen.map((s) => [s.line, s.topic]), [[2, null]]);
  });
});
