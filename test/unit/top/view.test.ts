import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INITIAL_UI, type UiState } from '../../../src/top/keys.js';
import { applyInputs, createTopState, type TopInput } from '../../../src/top/state.js';
import { displayWidth } from '../../../src/top/text.js';
import { renderScreen, renderSnapshotText } from '../../../src/top/view.js';
import { T0, flaps, ifdChange, linkTrap } from './inputs.js';

const ANSI = /\u001b\[[0-9;]*m/g;
const plain = (line: string) => line.replace(ANSI, '');

/** A router in trouble: ge-0/0/1 flapped 7 times, xe-0/0/3 is down, ae0 on a second router flapped twice. */
const INPUTS: TopInput[] = [
  { type: 'connection', device: 'mx1', state: 'connected' },
  { type: 'connection', device: 'edge-router-7.example.net', state: 'reconnecting' },
  ...flaps('ge-0/0/1', 7, 0),
  ifdChange('ge-0/0/1', 100),
  linkTrap('down', 'xe-0/0/3', 7_000),
  ...flaps('ae0', 2, 8_000, { device: 'edge-router-7.example.net' }),
  ifdChange('ge-0/0/2', 9_000),
];
const STATE = applyInputs(createTopState(T0, ['mx1', 'edge-router-7.example.net']), INPUTS, T0 + 12_000);

function screen(columns: number, rows: number, ui: UiState = INITIAL_UI, state = STATE): string[] {
  return renderScreen(state, ui, { columns, rows }, true).map(plain);
}

function cells(lines: readonly string[], iface: string): string[] {
  const line = lines.find((l) => l.split(/\s{2,}|\s(?=\S+\s*$)/).some((cell) => cell.trim() === iface));
  assert.ok(line, `no row for ${iface} in\n${lines.join('\n')}`);
  return line.trim().split(/\s{2,}/);
}

const SIZES: readonly [number, number][] = [[80, 24], [100, 30], [120, 40], [200, 60], [60, 12], [40, 8]];

describe('renderScreen', () => {
  for (const [columns, rows] of SIZES) {
    it(`fills ${columns}x${rows} exactly: ${rows} lines, none wider than ${columns}`, () => {
      const lines = renderScreen(STATE, INITIAL_UI, { columns, rows }, true);
      assert.equal(lines.length, rows);
      for (const line of lines) assert.ok(displayWidth(plain(line)) <= columns, `${displayWidth(plain(line))} > ${columns}: ${plain(line)}`);
    });
  }

  it('at 80x24 shows each interface with its link state, flaps and last change', () => {
    const lines = screen(80, 24);
    assert.match(lines[0]!, /^jetsub top  14:25:12Z  21 events  0 invalid +sort recent$/);
    assert.deepEqual(cells(lines, 'ge-0/0/1'), ['mx1', 'ge-0/0/1', 'up', '7', '5s ago', '0.9']);
    assert.deepEqual(cells(lines, 'xe-0/0/3'), ['mx1', 'xe-0/0/3', 'down', '0', '5s ago', '0.1']);
    assert.deepEqual(cells(lines, 'ae0'), ['edge-router-7.example.net', 'ae0', 'up', '2', '2s ago', '0.4']);
    assert.deepEqual(cells(lines, 'ge-0/0/2'), ['mx1', 'ge-0/0/2', '?', '0', '-', '0.1']);
    assert.match(lines.at(-1)!, /^4 interfaces +q quit {2}p pause {2}s sort {2}\/ filter$/);
  });

  it('has a header with per-device totals, connection state, the top event ids and a sparkline', () => {
    const lines = screen(80, 24);
    assert.match(lines[1]!, /^ev\/s +[▁▂▃▄▅▆▇█ ]+ 1\.6\/s$/);
    assert.match(lines[2]!, /^ids {2}SNMP_TRAP_LINK_DOWN 10 {2}SNMP_TRAP_LINK_UP 9 {2}KERNEL_EVENT_IFD_CHANGE 2$/);
    assert.equal(lines[3], 'edge-router-7.example.n… reconnecting  4 events  1 intf  0 down  2 flaps/5m');
    assert.equal(lines[4], 'mx1                      connected     17 events  3 intf  1 down  7 flaps/5m');
    assert.match(lines[5]!, /^ROUTER +INTERFACE +LINK +FLAPS\/5m +LAST CHANGE +EV\/S *$/);
  });

  it('sorts by recent activity first, then as the s key cycles', () => {
    const order = (ui: UiState) => screen(80, 24, ui).slice(6, 10).map((l) => l.trim().split(/\s{2,}/)[1]);
    assert.deepEqual(order(INITIAL_UI), ['ae0', 'ge-0/0/2', 'xe-0/0/3', 'ge-0/0/1']);
    assert.deepEqual(order({ ...INITIAL_UI, sort: 'flaps' }), ['ge-0/0/1', 'ae0', 'ge-0/0/2', 'xe-0/0/3']);
    assert.deepEqual(order({ ...INITIAL_UI, sort: 'rate' }), ['ge-0/0/1', 'ae0', 'ge-0/0/2', 'xe-0/0/3']);
    assert.deepEqual(order({ ...INITIAL_UI, sort: 'name' }), ['ae0', 'ge-0/0/1', 'ge-0/0/2', 'xe-0/0/3']);
  });

  it('uses the room of a wide terminal: event totals, the last event id', () => {
    const lines = screen(140, 40);
    assert.match(lines[5]!, /^ROUTER +INTERFACE +LINK +FLAPS\/5m +LAST CHANGE +EV\/S +EVENTS +LAST EVENT *$/);
    assert.deepEqual(cells(lines, 'ae0'), ['edge-router-7.example.net', 'ae0', 'up', '2', '2s ago', '0.4', '4', 'SNMP_TRAP_LINK_UP']);
  });

  it('cuts names longer than their column with …, keeping every column in place', () => {
    const long = applyInputs(STATE, [linkTrap('down', `ge-0/0/0.${'9'.repeat(60)}`, 11_500, { device: 'core-router-in-a-very-long-data-centre-name.example.net' })], T0 + 12_000);
    const lines = screen(80, 24, INITIAL_UI, long);
    const row = lines.find((l) => l.includes('ge-0/0/0.9'))!;
    assert.ok(displayWidth(row) <= 80, row);
    assert.match(row, /^core-router-in-… {2}ge-0\/0\/0\.9{15}… {2}down {9}0 {7}0s ago {5}0\.1$/);
  });

  it('shows as many rows as fit and says how many there are', () => {
    const many = applyInputs(STATE, Array.from({ length: 40 }, (_, i) => ifdChange(`ge-1/0/${i}`, 11_000)), T0 + 12_000);
    const lines = screen(80, 24, INITIAL_UI, many);
    assert.equal(lines.length, 24);
    assert.match(lines.at(-1)!, /^17 of 44 interfaces/);
    const tall = screen(80, 60, INITIAL_UI, many);
    assert.match(tall.at(-1)!, /^44 interfaces/);
  });

  it('filters by interface glob, and says so in the header', () => {
    const lines = screen(80, 24, { ...INITIAL_UI, filter: 'ge-*' });
    assert.match(lines[0]!, /sort recent {2}filter ge-\*$/);
    assert.deepEqual(lines.slice(6, 9).map((l) => l.trim().split(/\s{2,}/)[1]), ['ge-0/0/2', 'ge-0/0/1', undefined]);
    assert.match(lines.at(-1)!, /^2 interfaces/);
  });

  it('marks a paused display and shows the filter prompt while typing', () => {
    assert.match(screen(80, 24, { ...INITIAL_UI, paused: true })[0]!, /PAUSED {2}sort recent$/);
    assert.equal(screen(80, 24, { ...INITIAL_UI, editing: 'ge-0/0/' }).at(-1), 'filter interfaces (glob; Enter applies, Esc cancels): ge-0/0/_');
  });

  it('escapes everything that came from the broker: devices, interfaces, event ids', () => {
    const hostile = applyInputs(STATE, [
      ifdChange('ge-0/0/9\u001b[2J', 11_000, { device: 'mx\u001b]0;owned\u0007' }),
      { ...linkTrap('down', 'x', 11_000), topic_fields: { event_id: 'SNMP_TRAP_LINK_DOWN' }, event: { 'event-id': 'EVIL\u001b[31m', attributes: { 'interface-name': 'et-0/0/0\u202e' } } },
    ], T0 + 12_000);
    const lines = renderScreen(hostile, INITIAL_UI, { columns: 200, rows: 30 }, false);
    const text = lines.join('\n');
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    assert.match(text, /ge-0\/0\/9\\x1b\[2J/);
    assert.match(text, /mx\\x1b\]0;owned\\x07/);
    assert.match(text, /et-0\/0\/0\\u202e/);
  });

  it('without colour writes no escape sequence at all', () => {
    const text = renderScreen(STATE, INITIAL_UI, { columns: 80, rows: 24 }, false).join('\n');
    assert.doesNotMatch(text, /\u001b/);
  });

  it('collapses the device lines of a fleet into a summary line', () => {
    const fleet = applyInputs(createTopState(T0), Array.from({ length: 12 }, (_, i) => ifdChange('ge-0/0/0', 0, { device: `mx${i + 1}` })), T0 + 1000);
    const lines = screen(80, 24, INITIAL_UI, fleet);
    assert.deepEqual(lines.slice(3, 7).map((l) => l.split(' ')[0]), ['mx1', 'mx2', 'mx3', '+9']);
    assert.equal(lines[6], '+9 more devices: 0 down, 0 flaps/5m, 0 not connected');
  });
});

describe('renderSnapshotText', () => {
  it('prints the header and every row as plain text within the width', () => {
    const text = renderSnapshotText(STATE, { sort: 'flaps' }, 100);
    assert.doesNotMatch(text, /\u001b/);
    const lines = text.split('\n');
    for (const line of lines) assert.ok(displayWidth(line) <= 100, line);
    assert.match(lines[0]!, /^jetsub top  14:25:12Z  21 events  0 invalid +sort flaps$/);
    const rows = lines.slice(lines.findIndex((l) => l.startsWith('ROUTER')) + 1).filter((l) => l !== '');
    assert.deepEqual(rows.map((l) => l.trim().split(/\s{2,}/).slice(1, 4)), [
      ['ge-0/0/1', 'up', '7'], ['ae0', 'up', '2'], ['ge-0/0/2', '?', '0'], ['xe-0/0/3', 'down', '0'],
    ]);
    assert.ok(text.endsWith('\n\n'));
  });
});
