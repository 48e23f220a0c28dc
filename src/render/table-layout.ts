/**
 * Fixed column widths for the streaming table, fitted to the terminal once at start:
 * every column starts at its preferred width, then columns give up width in a set order
 * until the table fits, and any spare width goes to details.
 */

export const TABLE_COLUMNS = ['time', 'router', 'kind', 'action', 'subject', 'severity', 'details'] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];
export type ColumnWidths = Record<TableColumn, number>;

export const DEFAULT_TABLE_WIDTH = 120;
/** `2026-11-24 09:15:03Z` (received time); below this the time column shows the time of day. */
export const FULL_TIME_WIDTH = 20;
/** Left and right padding of every cell. */
export const CELL_PADDING = 2;

const PREFERRED: ColumnWidths = {
  time: FULL_TIME_WIDTH, router: 12, kind: 13, action: 6, subject: 30, severity: 9, details: 40,
};

/**
 * [column, width to shrink it to], in order. The columns that read the same row after row go
 * first — the date (the time of day stays), the router, the severity — so that subject and
 * details, the columns that differ, keep their room: at 120 columns an ifd change's
 * `snmp-id=500 flags=16385 (0x4001)` is whole. The last steps only keep very narrow terminals
 * from wrapping.
 */
const SHRINK_STEPS: readonly (readonly [TableColumn, number])[] = [
  ['details', 34], ['time', 9], ['router', 9], ['severity', 8], ['subject', 21], ['details', 28],
  ['kind', 11], ['router', 6], ['kind', 6], ['details', 22], ['subject', 14], ['details', 14],
  ['subject', 12], ['details', 10],
  ['details', 3], ['subject', 3], ['router', 3], ['kind', 3], ['severity', 3], ['action', 3], ['time', 3],
];

/** Content widths (padding and borders excluded) that fit a table into `width` columns. */
export function fitColumns(width: number): ColumnWidths {
  const borders = TABLE_COLUMNS.length + 1;
  const budget = width - borders - CELL_PADDING * TABLE_COLUMNS.length;
  const widths = { ...PREFERRED };
  let excess = sumWidths(widths) - budget;
  for (const [column, target] of SHRINK_STEPS) {
    if (excess <= 0) break;
    const room = widths[column] - target;
    if (room <= 0) continue;
    const take = column === 'time' ? room : Math.min(room, excess);
    widths[column] -= take;
    excess -= take;
  }
  if (excess < 0) widths.details -= excess;
  return widths;
}

function sumWidths(widths: ColumnWidths): number {
  return TABLE_COLUMNS.reduce((total, column) => total + widths[column], 0);
}
