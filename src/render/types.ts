import type { Path } from '../filter/index.js';
import type { EventRecord, StreamRecord } from '../record.js';

/** One piece of a parsed -F template (src/render/template.ts): literal text, or what fills a placeholder. */
export type TemplatePart = string | ((record: EventRecord, time: Date) => string);

export interface Template {
  /** As given, for messages. */
  text: string;
  parts: readonly TemplatePart[];
}

/** Which clock pretty and table show (--time): the router's (no zone), jetsub's received time (UTC, `Z`), or both. */
export const TIME_MODES = ['device', 'received', 'both'] as const;
export type TimeMode = (typeof TIME_MODES)[number];

export interface RenderOptions {
  /** --time (default device: the router's time, the received time where an event has none). */
  time?: TimeMode;
  /** Emit ANSI colour codes. Decided by the caller (see resolveColor). */
  color: boolean;
  /** Terminal columns, used by the table format (default 120). */
  width?: number;
  /** The -F template, parsed (the template format). */
  template?: Template;
  /** The --columns, parsed (the csv format; default: DEFAULT_COLUMNS). */
  columns?: readonly Path[];
}

/** A line as text around bytes of the record's payload: `head`, `bytes[start..end)`, `tail` (reused between calls). */
export interface LineParts {
  head: string;
  bytes: Buffer;
  start: number;
  end: number;
  tail: string;
}

export interface Renderer {
  /** The text for one record, trailing newline included; '' prints nothing. */
  render(record: StreamRecord): string | Uint8Array;
  /** The same line as render's, as parts that copy the payload's bytes; null: use render. */
  renderLine?(record: StreamRecord): LineParts | null;
  /** What closes the output when the stream ends (the table's bottom border); '' when nothing. */
  end?(): string;
}

export type RendererFactory = (options: RenderOptions) => Renderer;
