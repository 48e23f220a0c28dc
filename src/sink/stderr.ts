/**
 * Status and reports on stderr, one line each, prefixed `jetsub:`. Status lines
 * (connecting, subscribed, ...) are silenced by --quiet; reports of lost or skipped data
 * (gaps, oversized or invalid payloads) are not.
 *
 * On a terminal (`live`), the status lines of the start — connecting, connected, subscribed —
 * share ONE line, rewritten in place and cleared by `settle()` once subscribed; from then on
 * (and always when stderr is not a terminal) every status is a line of its own, so scripts
 * and logs see exactly one line per status.
 */
import { escapeControl } from '../render/index.js';

export interface Reporter {
  /** Progress: silenced by --quiet. `device` is shown when several devices are tailed. */
  status(line: string, device?: string): void;
  /** Data was lost, skipped or is invalid: always shown. */
  report(line: string, device?: string): void;
}

export interface ReporterOptions {
  quiet: boolean;
  showDevice: boolean;
  /** stderr is a terminal: start-up status lines are rewritten in place until `settle()`. */
  live?: boolean;
}

/** Return to the start of the line and erase it. */
const CLEAR_LINE = '\r\x1b[K';

export function createReporter(stream: NodeJS.WritableStream, options: ReporterOptions): Reporter & { settle(): void } {
  let settled = options.live !== true;
  let showing = false;
  const format = (line: string, device?: string) => {
    const who = options.showDevice && device !== undefined ? `[${escapeControl(device)}] ` : '';
    return `jetsub: ${who}${line}`;
  };
  const clear = () => {
    if (showing) stream.write(CLEAR_LINE);
    showing = false;
  };
  const write = (line: string, device?: string) => {
    clear();
    stream.write(`${format(line, device)}\n`);
  };
  return {
    status: (line, device) => {
      if (options.quiet) return;
      if (settled) return write(line, device);
      stream.write(`${CLEAR_LINE}${fitLine(format(line, device), (stream as { columns?: number }).columns)}`);
      showing = true;
    },
    report: write,
    settle: () => {
      clear();
      settled = true;
    },
  };
}

/** A line rewritten in place must not wrap, or `\r` returns to its last row only. */
function fitLine(text: string, columns: number | undefined): string {
  const width = columns || 80;
  return text.length < width ? text : `${text.slice(0, width - 2)}…`;
}
