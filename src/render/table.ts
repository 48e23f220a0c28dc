/**
 * A table that streams: the first record brings the top border and the header, every
 * later one only its own row, so the output reads as one continuous table. cli-table3
 * lays out and truncates each row (ANSI- and wide-character-aware) against fixed widths
 * fitted to the terminal once.
 */
import Table from 'cli-table3';
import { pad, truncate } from 'cli-table3/src/utils.js';
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
  lastRowAscii = true;
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index]!;
    // colorizeLines only ever changes text that holds escape codes.
    line += `│ ${fitCell(cell.includes('\u001b') ? closeColors(cell) : cell, contentWidths[index]!)} `;
  }
  return `${line}│`;
}

const ESC = 0x1b;
/** Every cell of the last drawPlainRow was printable ASCII and SGR codes: no surrogate to look for. */
let lastRowAscii = true;

/**
 * The end of the SGR code (cli-table3's codeRegex, `ESC [ (digits;){0,5} digits m`) that
 * starts at `at`, or -1 when none does.
 */
function matchSgr(text: string, at: number): number {
  if (text.charCodeAt(at) !== ESC || text.charCodeAt(at + 1) !== 0x5b) return -1;
  let semicolons = 0;
  for (let i = at + 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x6d) return i + 1;
    if (c === 0x3b) {
      if (++semicolons > 5) return -1;
    } else if (c < 0x30 || c > 0x39) return -1;
  }
  return -1;
}

/** cli-table3's codeCache: the attribute codes it tracks (on and off), by name, in its order of names. */
const ATTRIBUTES: readonly (readonly [on: string, off: string])[] = [
  ['\u001b[1m', '\u001b[22m'], ['\u001b[3m', '\u001b[23m'], ['\u001b[4m', '\u001b[24m'], ['\u001b[7m', '\u001b[27m'],
  ['\u001b[9m', '\u001b[29m'],
];

/** Scratch state of closeColors: attribute index → on, and the order the attributes were first set in. */
const attributeOn: boolean[] = ATTRIBUTES.map(() => false);
const attributeOrder: number[] = [];

/**
 * colorizeLines([line])[0], computed in one pass without its objects and regular expressions:
 * cli-table3's readState over the codes of the line, then unwindState's closing codes (open
 * attributes in the order first set, then background, then foreground) appended.
 */
function closeColors(line: string): string {
  let foreground = '';
  let background = '';
  attributeOrder.length = 0;
  for (let at = line.indexOf('\u001b'); at !== -1; at = line.indexOf('\u001b', at + 1)) {
    const end = matchSgr(line, at);
    if (end === -1) continue;
    const code = line.slice(at, end);
    const first = readFirstParameter(line, at + 2, end - 1);
    if ((first >= 30 && first <= 39) || (first >= 90 && first <= 97)) foreground = code;
    else if ((first >= 40 && first <= 49) || (first >= 100 && first <= 107)) background = code;
    else if (first === 0) {
      foreground = '';
      background = '';
      attributeOrder.length = 0;
    } else setAttribute(code);
    at = end - 1;
  }
  let closing = '';
  for (const index of attributeOrder) if (attributeOn[index]) closing += ATTRIBUTES[index]![1];
  if (background !== '' && background !== '\u001b[49m') closing += '\u001b[49m';
  if (foreground !== '' && foreground !== '\u001b[39m') closing += '\u001b[39m';
  return closing === '' ? line : line + closing;
}

/** parseInt of the code's parameters up to the first `;` (empty parameters: 0; an empty first one: NaN). */
function readFirstParameter(text: string, from: number, to: number): number {
  if (from === to) return 0;
  let value = Number.NaN;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3b) break;
    value = (Number.isNaN(value) ? 0 : value * 10) + (c - 0x30);
  }
  return value;
}

function setAttribute(code: string): void {
  for (let index = 0; index < ATTRIBUTES.length; index++) {
    const [on, off] = ATTRIBUTES[index]!;
    if (code !== on && code !== off) continue;
    if (!attributeOrder.includes(index)) attributeOrder.push(index);
    attributeOn[index] = code === on;
    return;
  }
}

/** Columns of `line` without its SGR codes when the rest is printable ASCII (one column each); -1 otherwise. */
function measureAscii(line: string): number {
  let width = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) width++;
    else if (c !== ESC) return -1;
    else {
      const end = matchSgr(line, i);
      if (end === -1) return -1;
      i = end - 1;
    }
  }
  return width;
}

/**
 * pad(truncate(line, width), width), as cli-table3 does it; when the text without colour
 * codes is printable ASCII its width is its length, so the same result comes without
 * cli-table3's string-width (which measured every cell several times, a fifth of the CPU).
 */
function fitCell(line: string, width: number): string {
  const plain = measureAscii(line);
  if (plain === -1) {
    lastRowAscii = false;
    return pad(truncate(line, width), width, ' ');
  }
  if (plain <= width) return line + ' '.repeat(width - plain);
  return `${cutAscii(line, width - 1)}…`;
}

/** cli-table3's truncateWidthWithAnsi for ASCII text: `width` columns, codes kept, colour state closed. */
function cutAscii(line: string, width: number): string {
  let kept = '';
  let keptWidth = 0;
  let from = 0;
  let codes = false;
  while (keptWidth < width) {
    let code = line.indexOf('\u001b', from);
    let end = -1;
    while (code !== -1 && (end = matchSgr(line, code)) === -1) code = line.indexOf('\u001b', code + 1);
    const text = line.slice(from, Math.min(code === -1 ? line.length : code, from + width - keptWidth));
    kept += text;
    keptWidth += text.length;
    if (keptWidth >= width || code === -1) break;
    kept += line.slice(code, end);
    codes = true;
    from = end;
  }
  return codes ? closeColors(kept) : kept;
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
    const plain = isPlainRow(row);
    const lines = plain ? drawPlainRow(row, contentWidths) : layOutWithTable(row);
    if (plain && lastRowAscii) return lines;
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
