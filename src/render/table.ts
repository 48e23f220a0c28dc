/**
 * A table that streams: the first record brings the top border and the header, every
 * later one only its own row, so the output reads as one continuous table. cli-table3
 * lays out and truncates each row (ANSI- and wide-character-aware) against fixed widths
 * fitted to the terminal once.
 */
import Table from 'cli-table3';
import type { StreamRecord } from '../record.js';
import { createChalk, createSeverityPaint } from './color.js';
import { describeEvent, type EventView } from './describe.js';
import { describeGap } from './gap.js';
import {
  CELL_PADDING, DEFAULT_TABLE_WIDTH, FULL_TIME_WIDTH, TABLE_COLUMNS, fitColumns,
} from './table-layout.js';
import type { Renderer, RenderOptions } from './types.js';

type Row = Table.HorizontalTableRow;

const LONE_SURROGATE = /\p{Cs}/gu;

export function createTableRenderer(options: RenderOptions): Renderer {
  const chalk = createChalk(options.color);
  const widths = fitColumns(options.width ?? DEFAULT_TABLE_WIDTH);
  const colWidths = TABLE_COLUMNS.map((column) => widths[column] + CELL_PADDING);
  const showDate = widths.time >= FULL_TIME_WIDTH;
  const head = TABLE_COLUMNS.map((column) => chalk.bold(column));

  function formatDetails(view: EventView): string {
    const parts: string[] = [];
    if (view.invalid !== undefined) parts.push(chalk.magenta(view.invalid === '' ? '✗' : `✗ ${view.invalid}`));
    if (view.raw !== undefined) parts.push(`${chalk.magenta('(not JSON)')} ${view.raw}`);
    if (view.details !== '') parts.push(createSeverityPaint(chalk, view.level)(view.details));
    if (view.warning !== undefined) parts.push(chalk.yellow(`⚠ ${view.warning}`));
    return parts.join(' ');
  }

  function createEventRow(view: EventView): Row {
    const paint = createSeverityPaint(chalk, view.level);
    return [
      chalk.dim(showDate ? view.time : view.clock),
      paint(view.router),
      paint(view.kind),
      paint(view.action),
      paint(view.subject),
      paint(view.severity),
      formatDetails(view),
    ];
  }

  function createRow(record: StreamRecord): Row {
    if (record.type === 'event') return createEventRow(describeEvent(record));
    return [{ colSpan: TABLE_COLUMNS.length, content: chalk.yellow(`── ${describeGap(record)} ──`) }];
  }

  function createTable(withHead: boolean): Table.Table {
    return new Table({
      head: withHead ? head : [],
      colWidths,
      wordWrap: false,
      style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    });
  }

  /** The row's own lines, without the borders of the one-row table that laid it out. */
  function layOutRow(row: Row): string {
    const table = createTable(false);
    table.push(row);
    const lines = table.toString().split('\n').slice(1, -1).join('\n');
    // cli-table3 truncates by UTF-16 unit and can halve a surrogate pair (an emoji, a rare
    // CJK character); show the half as U+FFFD, as the terminal would, in the same one column.
    return lines.replace(LONE_SURROGATE, '\ufffd');
  }

  // Borders come from the header table, so a spanning gap row never changes their junctions.
  const [top = '', headRow = ''] = createTable(true).toString().split('\n');
  const separator = top.replace('┌', '├').replaceAll('┬', '┼').replace('┐', '┤');
  const bottom = top.replace('┌', '└').replaceAll('┬', '┴').replace('┐', '┘');
  let started = false;

  return {
    render(record: StreamRecord): string {
      const row = layOutRow(createRow(record));
      if (started) return `${row}\n`;
      started = true;
      return `${top}\n${headRow}\n${separator}\n${row}\n`;
    },
    end(): string {
      return started ? `${bottom}\n` : '';
    },
  };
}
