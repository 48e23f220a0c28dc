/**
 * `-o csv`: a header, then one row per event, columns chosen with --columns (paths into the
 * record, as --where and -F's %{path} read them). Quoting follows RFC 4180 (a cell with a
 * comma or a double quote is quoted, quotes doubled); lines end in LF, as Unix tools and
 * every spreadsheet read them. Two guards on untrusted text:
 * - control characters are written as escapes (`\n`, `\x1b`; escape.ts), so a payload can
 *   neither break a row nor drive the terminal the CSV is printed on;
 * - a text cell that a spreadsheet would run as a formula (`=`, `+`, `@`, or `-` not
 *   followed by a number) gets a leading `'` (OWASP's advice for CSV injection). Numbers
 *   from the payload stay numbers. See docs/output.md.
 */
import type { StreamRecord } from '../record.js';
import { type Path, parsePathList, readPath } from '../filter/index.js';
import { escapeControl } from './escape.js';
import type { Renderer, RenderOptions } from './types.js';

export const DEFAULT_COLUMNS = 'received_at,device,kind,action,topic,topic_fields.interface,event.event-id,event.severity,valid';

const FORMULA_START = /^[=+@-]/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function parseColumns(text: string): Path[] {
  return parsePathList(text);
}

/** One cell: a value as text, escaped, defused and quoted as needed. */
export function formatCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = escapeControl(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
  if (FORMULA_START.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function createCsvRenderer(options: RenderOptions): Renderer {
  const columns = options.columns ?? parseColumns(DEFAULT_COLUMNS);
  const header = `${columns.map((c) => formatCell(c.text)).join(',')}\n`;
  let started = false;
  const start = () => {
    if (started) return '';
    started = true;
    return header;
  };
  return {
    render(record: StreamRecord): string {
      if (record.type === 'gap') return '';
      return `${start()}${columns.map((c) => formatCell(readPath(record, c.steps))).join(',')}\n`;
    },
    // An empty stream is still a CSV file: its header.
    end: start,
  };
}
