import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createRenderer, type Renderer } from '../../../src/render/index.js';
import type { StreamRecord } from '../../../src/record.js';
import { loadFixtures, makeGap, makeRecord } from '../../helpers/records.js';

const ANSI = /\u001b\[[0-9;]*m/g;
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

function renderAll(renderer: Renderer, records: readonly StreamRecord[]): string[] {
  return records.map((record) => {
    const output = renderer.render(record);
    assert.equal(typeof output, 'string');
    return output as string;
  });
}

/** Visible width: colour codes removed; every character we draw is one column wide. */
function visibleWidth(line: string): number {
  return [...line.replace(ANSI, '')].length;
}

function linesOf(text: string): string[] {
  assert.ok(text.endsWith('\n'), 'output ends with a newline');
  return text.slice(0, -1).split('\n');
}

const HEADER_120 = [
  '┌───────────┬───────────┬───────────────┬────────┬───────────────────────┬──────────┬──────────────────────────────────┐',
  '│ time      │ router    │ kind          │ action │ subject               │ severity │ details                          │',
  '├───────────┼───────────┼───────────────┼────────┼───────────────────────┼──────────┼──────────────────────────────────┤',
];

const ROWS_120: readonly [string, StreamRecord, string][] = [
  [
    'ifd event',
    makeRecord({ event: { hostname: 'mx1', time: '2026-11-24-09:15:02', severity: 'info', attributes: { 'snmp-id': 520, flags: 8 } } }),
    '│ 09:15:02  │ mx1       │ ifd           │ add    │ ge-0/0/0              │ info     │ snmp-id=520 flags=8 (0x8)        │',
  ],
  [
    'syslog event',
    makeRecord({
      kind: 'syslog', action: null, topic_fields: { event_id: 'UI_COMMIT_COMPLETED' },
      event: { hostname: 'mx1', time: '2026-11-24-09:15:02', severity: 'notice', message: 'UI_COMMIT_COMPLETED: done' },
    }),
    '│ 09:15:02  │ mx1       │ syslog        │        │ UI_COMMIT_COMPLETED   │ notice   │ done                             │',
  ],
  [
    'received time, long router truncated',
    makeRecord({ kind: 'config-update', action: null, topic_fields: {}, event: { 'commit-patch': {} }, device: 'core-router-01.example.net' }),
    '│ 09:15:03Z │ core-rou… │ config-update │        │                       │          │ format=json size=2B              │',
  ],
  [
    'invalid event: the marker first',
    makeRecord({ valid: false, errors: [{ pointer: '/x', message: 'bad' }], event: { hostname: 'mx1', attributes: { flags: 1 } } }),
    '│ 09:15:03Z │ mx1       │ ifd           │ add    │ ge-0/0/0              │          │ ✗ /x bad flags=1 (0x1)           │',
  ],
  [
    'gap: one full-width cell',
    makeGap(),
    '│ ── gap on mx1: connection lost 10:00:01Z, back 10:00:05Z (4.0 s) ──                                                  │',
  ],
];

describe('table', () => {
  const fixtures = loadFixtures();
  const records: StreamRecord[] = [...fixtures.map((fixture) => fixture.record), makeGap()];

  it('starts with the header, once, then one line per record', () => {
    const chunks = renderAll(createRenderer('table', { color: false }), records);
    assert.deepEqual(linesOf(chunks[0] ?? '').slice(0, 3), HEADER_120);
    assert.equal(linesOf(chunks[0] ?? '').length, 4);
    for (const chunk of chunks.slice(1)) assert.equal(linesOf(chunk).length, 1, JSON.stringify(chunk));
    const all = chunks.join('');
    assert.equal(all.split('│ time ').length - 1, 1);
    assert.equal(all.split('┌').length - 1, 1);
    assert.equal(all.split('└').length - 1, 0);
  });

  it('closes with the bottom border at the end, and prints nothing when nothing was shown', () => {
    const renderer = createRenderer('table', { color: false });
    assert.equal(renderer.end?.(), '');
    renderer.render(records[0] as StreamRecord);
    assert.equal(
      renderer.end?.(),
      '└───────────┴───────────┴───────────────┴────────┴───────────────────────┴──────────┴──────────────────────────────────┘\n',
    );
  });

  for (const [name, record, expected] of ROWS_120) {
    it(`row: ${name}`, () => {
      const renderer = createRenderer('table', { color: false });
      renderer.render(records[0] as StreamRecord);
      assert.equal(renderer.render(record), `${expected}\n`);
    });
  }

  it('a gap as the very first record still brings the header', () => {
    const output = createRenderer('table', { color: false }).render(makeGap()) as string;
    assert.deepEqual(linesOf(output).slice(0, 3), HEADER_120);
    assert.match(linesOf(output)[3] ?? '', /^│ ── gap on mx1/);
  });

  for (const width of [80, 100, 120, 160]) {
    for (const color of [false, true]) {
      it(`every line is exactly ${width} columns wide (colour ${color ? 'on' : 'off'})`, () => {
        const renderer = createRenderer('table', { color, width });
        const lines = [...renderAll(renderer, records), renderer.end?.() ?? ''].flatMap(linesOf);
        for (const line of lines) assert.equal(visibleWidth(line), width, line);
      });
    }
  }

  it('at 120 columns the columns that differ get the room: an ifd change\'s details are whole', () => {
    const ifd = makeRecord({ event: { hostname: 'mx1', time: '2026-11-24-09:15:02', severity: 'info', attributes: { 'snmp-id': 500, flags: 16385 } } });
    const [, , , row] = linesOf(createRenderer('table', { color: false, width: 120 }).render(ifd) as string);
    assert.match(row!, /│ snmp-id=500 flags=16385 \(0x4001\) *│$/, row);
    assert.match(row!, /│ 09:15:02 +│ mx1 +│ ifd +│ add +│ ge-0\/0\/0 +│ info +│/, 'the constant columns (the date first) gave up their width');
  });

  it('at 80 columns shows the time of day, not the date', () => {
    const lines = linesOf(renderAll(createRenderer('table', { color: false, width: 80 }), records).join(''));
    assert.equal(lines[3], '│ 09:15:02  │ mx1    │ ifd    │ add    │ ge-0/0/0     │ info     │ snmp-id=52… │');
  });

  it('without colour, emits no escape byte; with colour, only adds colour codes', () => {
    const plain = renderAll(createRenderer('table', { color: false }), records).join('');
    const coloured = renderAll(createRenderer('table', { color: true }), records).join('');
    assert.doesNotMatch(plain, /\u001b/);
    assert.match(coloured, /\u001b\[33m/, 'the warning is yellow');
    assert.equal(coloured.replace(ANSI, ''), plain);
  });

  it('keeps any payload text from reaching the terminal raw', () => {
    const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: anyCodeUnit, maxLength: 30 }));
    fc.assert(fc.property(text, text, text, (hostname, name, message) => {
      const record = makeRecord({
        kind: 'syslog', action: null, topic_fields: { event_id: name },
        event: { hostname, severity: message, message, attributes: { [name]: message } },
      });
      for (const color of [false, true]) {
        const output = createRenderer('table', { color, width: 300 }).render(record) as string;
        const visible = output.replace(ANSI, '').replaceAll('\n', '');
        assert.doesNotMatch(visible, UNSAFE);
        if (!color) assert.doesNotMatch(output, /\u001b/);
      }
    }), { numRuns: 300 });
  });
});
