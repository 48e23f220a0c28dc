/**
 * A table that streams: the first record brings the top border and the header, every
 * later one only its own row, so the output reads as one continuous table. cli-table3
 * lays out and truncates each row (ANSI- and wide-character-aware) against fixed widths
 * fitted to the terminal once.
 */
import Table from 'cli-table3';
import { colorizeLines, pad, truncate } from 'cli-table3/src/utils.js';
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
/** Any surrogate code unit, paired or not: a quick test (no /u) before the exact one. */
const ANY_SURROGATE = /[\ud800-\udfff]/;

/**
 * What cli-table3 draws for a row of one-line cells (padding 1, no border colours), with its
 * own cell helpers but without a Table per row: building and laying out a Table for every
 * row cost ~90% of `-o table`'s CPU in a storm (bench/). A spanning cell or a line break
 * goes through a Table.
 */
export function drawPlainRow(cells: readonly string[], contentWidths: readonly number[]): string {
  let line = '';
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index]!;
    // colorizeLines only ever changes text that holds escape codes.
    line += `│ ${fitCell(cell.includes('\u001b') ? colorizeLines([cell])[0]! : cell, contentWidths[index]!)} `;
  }
  return `${line}│`;
}

/** cli-table3's SGR pattern (its codeRegex). */
const SGR = /\u001b\[(?:\d*;){0,5}\d*m/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * pad(truncate(line, width), width), as cli-table3 does it; when the text without colour
 * codes is printable ASCII its width is its length, so the same result comes without
 * cli-table3's string-width (which measured every cell several times, a fifth of the CPU).
 */
function fitCell(line: string, width: number): string {
  const plain = line.replace(SGR, '');
  if (!PRINTABLE_ASCII.test(plain)) return pad(truncate(line, width), width, ' ');
  if (plain.length <= width) return line + ' '.repeat(width - plain.length);
  return `${cutAscii(line, width - 1)}…`;
}

/** cli-table3's truncateWidthWithAnsi for ASCII text: `width` columns, codes kept, colour state closed. */
function cutAscii(line: string, width: number): string {
  const codes = new RegExp(SGR.source, 'g');
  let kept = '';
  let keptWidth = 0;
  let from = 0;
  while (keptWidth < width) {
    const code = codes.exec(line);
    const text = line.slice(from, code === null ? line.length : code.index).slice(0, width - keptWidth);
    kept += text;
    keptWidth += text.length;
    if (keptWidth >= width || code === null) break;
    kept += code[0];
    from = codes.lastIndex;
  }
  return kept.includes('\u001b') ? colorizeLines([kept])[0]! : kept;
}

function isPlainRow(row: Row): row is string[] {
  return row.length === TABLE_COLUMNS.length && row.every((cell) => typeof cell === 'string' && !cell.includes('\n'));
}

export function createTableRenderer(options: RenderOptions): Renderer {
  const chalk = createChalk(options.color);
  const widths = fitColumns(options.width ?? DEFAULT_TABLE_WIDTH);
  const contentWidths = TABLE_COLUMNS.map((column) => widths[column]);
  const colWidths = contentWidths.map((width) => width + CELL_PADDING);
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
    if (record.type === 'event') return createEventRow(describeEvent(record, options.time));
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
    const lines = isPlainRow(row) ? drawPlainRow(row, contentWidths) : layOutWithTable(row);
    // cli-table3 truncates by UTF-16 unit and can halve a surrogate pair (an emoji, a rare
    // CJK character); show the half as U+FFFD, as the terminal would, in the same one column.
    return ANY_SURROGATE.test(lines) ? lines.replace(LONE_SURROGATE, '\ufffd') : lines;
  }

  function layOutWithTable(row: Row): string {
    const table = createTable(false);
    table.push(row);
    return table.toString().split('\n').slice(1, -1).join('\n');
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
