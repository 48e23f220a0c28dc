/**
 * The view: state + UI + size → the lines of the screen, and state → a plain-text snapshot.
 * Pure. No line is wider than the width; every payload-derived string (devices, interfaces,
 * event ids) is escaped before it is measured, so nothing from the broker can move the cursor.
 */
import type { ChalkInstance } from 'chalk';
import { createChalk } from '../render/color.js';
import { escapeControl } from '../render/index.js';
import { formatClock, formatCount, formatRate, formatSparkline } from './format.js';
import type { UiState } from './keys.js';
import { type ConnectionState, HISTORY_SECONDS, type TopState } from './state.js';
import { type DeviceSummary, type RowQuery, selectRows, summarizeDevices, topEventIds, totalRate } from './summary.js';
import { layoutColumns, renderTableHead, renderTableRow } from './table.js';
import { displayWidth, fit, truncate } from './text.js';
import { spreadSeconds, toSecond } from './seconds.js';

export interface Size {
  columns: number;
  rows: number;
}

type Part = readonly [text: string, paint?: (text: string) => string];

/** Parts laid left to right, cut at `width`: what comes first survives. */
function joinParts(parts: readonly Part[], width: number): string {
  let out = '';
  let room = width;
  for (const [text, paint] of parts) {
    if (room <= 0) break;
    const cut = truncate(text, room);
    out += paint && cut !== '' ? paint(cut) : cut;
    room -= displayWidth(cut);
  }
  return out;
}

const CONNECTION_PAINT: Record<ConnectionState, (chalk: ChalkInstance) => (text: string) => string> = {
  connecting: (chalk) => chalk.yellow,
  connected: (chalk) => chalk.green,
  reconnecting: (chalk) => chalk.red.bold,
  unreachable: (chalk) => chalk.red.bold,
  read: (chalk) => chalk.dim,
};

function renderTitle(state: TopState, width: number, chalk: ChalkInstance, status: string): string {
  const left: Part[] = [
    ['jetsub top', chalk.bold], [`  ${formatClock(state.now)}`],
    [`  ${formatCount(state.events)} events`],
    [`  ${formatCount(state.invalid)} invalid`, state.invalid > 0 ? chalk.magenta : undefined],
  ];
  if (state.oversize > 0) left.push([`  ${formatCount(state.oversize)} oversize`, chalk.magenta]);
  const leftWidth = left.reduce((sum, [text]) => sum + displayWidth(text), 0);
  const right = status === '' ? '' : `  ${status}`;
  if (leftWidth + displayWidth(right) > width) return joinParts([...left, [right]], width);
  return joinParts([...left, [' '.repeat(width - leftWidth - displayWidth(right))], [right, chalk.cyan]], width);
}

function renderRate(state: TopState, width: number): string {
  const label = 'ev/s ';
  const suffix = ` ${formatRate(totalRate(state))}/s`;
  const room = Math.max(0, Math.min(HISTORY_SECONDS, width - label.length - suffix.length));
  const series = spreadSeconds(state.perSecond, toSecond(state.now), room);
  const peak = Math.max(0, ...series);
  const peakText = peak > 0 && width - label.length - suffix.length - room >= 12 ? ` peak ${formatCount(peak)}` : '';
  return joinParts([[label], [formatSparkline(series)], [suffix], [peakText]], width);
}

function renderEventIds(state: TopState, width: number, chalk: ChalkInstance): string {
  const parts: Part[] = [['ids  ']];
  for (const [id, count] of topEventIds(state, 8)) {
    parts.push([`${parts.length === 1 ? '' : '  '}${escapeControl(id)} `], [formatCount(count), chalk.dim]);
  }
  return joinParts(parts.length === 1 ? [...parts, ['(no events yet)', chalk.dim]] : parts, width);
}

/** Device names are padded to one column, up to this width. */
const DEVICE_COLUMN_MAX = 24;
const CONNECTION_COLUMN = 'reconnecting'.length;

function renderDevice(d: DeviceSummary, nameWidth: number, width: number, chalk: ChalkInstance): string {
  return joinParts([
    [fit(escapeControl(d.device), nameWidth), chalk.bold], [' '],
    [fit(d.connection, CONNECTION_COLUMN), CONNECTION_PAINT[d.connection](chalk)],
    [`  ${formatCount(d.events)} events  ${d.interfaces} intf  `],
    [`${d.down} down`, d.down > 0 ? chalk.red : undefined], ['  '],
    [`${d.flaps} flaps/5m`, d.flaps > 0 ? chalk.yellow : undefined],
    [d.gaps > 0 ? `  ${d.gaps} gaps` : '', chalk.yellow],
  ], width).trimEnd();
}

function renderDevices(state: TopState, width: number, maxLines: number, chalk: ChalkInstance): string[] {
  const devices = summarizeDevices(state);
  const shown = devices.length <= maxLines ? devices : devices.slice(0, Math.max(0, maxLines - 1));
  const nameWidth = Math.min(DEVICE_COLUMN_MAX, Math.max(0, ...shown.map((d) => displayWidth(escapeControl(d.device)))));
  const lines = shown.map((d) => renderDevice(d, nameWidth, width, chalk));
  if (shown.length === devices.length) return lines;
  const rest = devices.slice(shown.length);
  const down = rest.reduce((sum, d) => sum + d.down, 0);
  const flaps = rest.reduce((sum, d) => sum + d.flaps, 0);
  const problems = rest.filter((d) => d.connection !== 'connected' && d.connection !== 'read').length;
  return [...lines, truncate(`+${rest.length} more devices: ${down} down, ${flaps} flaps/5m, ${problems} not connected`, width)];
}

function describeQuery(ui: Pick<UiState, 'sort' | 'filter' | 'paused'>): string {
  return [ui.paused ? 'PAUSED' : '', `sort ${ui.sort}`, ui.filter === '' ? '' : `filter ${escapeControl(ui.filter)}`]
    .filter((part) => part !== '').join('  ');
}

function renderFooter(ui: UiState, shown: number, total: number, width: number, chalk: ChalkInstance): string {
  if (ui.editing !== null) {
    return joinParts([['filter interfaces (glob; Enter applies, Esc cancels): ', chalk.cyan], [`${escapeControl(ui.editing)}_`]], width);
  }
  const count = shown < total ? `${shown} of ${total} interfaces` : `${total} interfaces`;
  return joinParts([[count], ['   q quit  p pause  s sort  / filter', chalk.dim]], width);
}

/** The full screen: exactly `size.rows` lines (the footer last), none wider than `size.columns`. */
export function renderScreen(state: TopState, ui: UiState, size: Size, color: boolean): string[] {
  const chalk = createChalk(color);
  const width = Math.max(1, size.columns);
  const deviceLines = Math.max(1, Math.min(Math.floor(size.rows / 6), 8));
  const header = [
    renderTitle(state, width, chalk, describeQuery(ui)),
    renderRate(state, width),
    renderEventIds(state, width, chalk),
    ...renderDevices(state, width, deviceLines, chalk),
  ];
  const rows = selectRows(state, ui);
  const room = Math.max(0, size.rows - header.length - 2);
  const columns = layoutColumns(width, rows);
  const body = [
    ...header,
    chalk.inverse(renderTableHead(columns, width)),
    ...rows.slice(0, room).map((row) => renderTableRow(columns, row, state.now, chalk, width)),
  ];
  const height = Math.max(1, size.rows);
  while (body.length < height - 1) body.push('');
  return [...body.slice(0, height - 1), renderFooter(ui, Math.min(room, rows.length), rows.length, width, chalk)];
}

/** One plain-text snapshot (for --interval off a terminal): the header, then every row. */
export function renderSnapshotText(state: TopState, query: RowQuery, width: number): string {
  const chalk = createChalk(false);
  const rows = selectRows(state, query);
  const columns = layoutColumns(width, rows);
  const lines = [
    renderTitle(state, width, chalk, describeQuery({ ...query, filter: query.filter ?? '', paused: false })),
    renderRate(state, width),
    renderEventIds(state, width, chalk),
    ...renderDevices(state, width, Number.POSITIVE_INFINITY, chalk),
    renderTableHead(columns, width).trimEnd(),
    ...rows.map((row) => renderTableRow(columns, row, state.now, chalk, width).trimEnd()),
  ];
  return `${lines.join('\n')}\n\n`;
}
