/**
 * The interface table: one row per interface, columns fitted to the width. At 80 columns
 * the six core columns fit with readable names; wider terminals get longer names, then the
 * event total, then the last event id. Payload-derived text is escaped before it is measured.
 */
import type { ChalkInstance } from 'chalk';
import { escapeControl } from '../render/index.js';
import { formatAge, formatCount, formatRate } from './format.js';
import type { InterfaceRow } from './summary.js';
import { displayWidth, fit } from './text.js';

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  text(row: InterfaceRow, now: number): string;
  paint?(row: InterfaceRow, chalk: ChalkInstance): (text: string) => string;
}

const GAP = '  ';
const LINK_TEXT = { up: 'up', down: 'down', unknown: '?' } as const;

const FIXED: readonly Column[] = [
  {
    title: 'LINK', width: 4, align: 'left', text: (row) => LINK_TEXT[row.link],
    paint: (row, chalk) => (row.link === 'down' ? chalk.red.bold : row.link === 'up' ? chalk.green : chalk.dim),
  },
  {
    title: 'FLAPS/5m', width: 8, align: 'right', text: (row) => String(row.flaps),
    paint: (row, chalk) => (row.flaps > 0 ? chalk.yellow.bold : chalk.dim),
  },
  {
    title: 'LAST CHANGE', width: 11, align: 'right',
    text: (row, now) => (row.lastChange === null ? '-' : `${formatAge(now - row.lastChange)} ago`),
  },
  { title: 'EV/S', width: 6, align: 'right', text: (row) => formatRate(row.rate) },
];
const EVENTS: Column = { title: 'EVENTS', width: 7, align: 'right', text: (row) => formatCount(row.events) };
const LAST_EVENT_TITLE = 'LAST EVENT';

/** Router + interface never get fewer columns than this (narrower terminals cut the row). */
const NAMES_MIN = 24;
/** An extra column is added only while router + interface keep at least this many. */
const NAMES_ROOMY = 40;

function nameColumn(title: string, width: number, pick: (row: InterfaceRow) => string): Column {
  return { title, width, align: 'left', text: (row) => escapeControl(pick(row)) };
}

function widest(rows: readonly InterfaceRow[], title: string, pick: (row: InterfaceRow) => string): number {
  return rows.reduce((max, row) => Math.max(max, displayWidth(escapeControl(pick(row)))), title.length);
}

/** The columns for `width` terminal columns and these rows. */
export function layoutColumns(width: number, rows: readonly InterfaceRow[]): Column[] {
  const fixed = FIXED.reduce((sum, c) => sum + c.width, 0) + GAP.length * FIXED.length;
  let room = width - fixed - GAP.length;
  const extras: Column[] = [];
  if (room - EVENTS.width - GAP.length >= NAMES_ROOMY) {
    extras.push(EVENTS);
    room -= EVENTS.width + GAP.length;
  }
  const lastEventWidth = Math.min(26, widest(rows, LAST_EVENT_TITLE, (r) => r.lastEventId));
  if (room - lastEventWidth - GAP.length >= NAMES_ROOMY) {
    extras.push(nameColumn(LAST_EVENT_TITLE, lastEventWidth, (r) => r.lastEventId));
    room -= lastEventWidth + GAP.length;
  }
  const wantRouter = Math.min(32, widest(rows, 'ROUTER', (r) => r.router));
  const wantName = Math.min(40, widest(rows, 'INTERFACE', (r) => r.name));
  const names = Math.max(NAMES_MIN, room);
  const router = Math.max(6, Math.min(wantRouter, names - Math.min(wantName, Math.ceil(names * 0.6))));
  const name = Math.max(9, Math.min(names - router, wantName));
  return [nameColumn('ROUTER', router, (r) => r.router), nameColumn('INTERFACE', name, (r) => r.name), ...FIXED, ...extras];
}

export function renderTableHead(columns: readonly Column[], width: number): string {
  const text = columns.map((c) => fit(c.title, c.width, c.align)).join(GAP);
  return fit(text, width);
}

export function renderTableRow(columns: readonly Column[], row: InterfaceRow, now: number, chalk: ChalkInstance, width: number): string {
  let used = 0;
  const cells: string[] = [];
  for (const column of columns) {
    const cellWidth = Math.min(column.width, width - used);
    if (cellWidth <= 0) break;
    const text = fit(column.text(row, now), cellWidth, column.align);
    cells.push(column.paint ? column.paint(row, chalk)(text) : text);
    used += cellWidth + GAP.length;
  }
  return cells.join(GAP);
}
