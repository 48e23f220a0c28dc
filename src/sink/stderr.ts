/**
 * Status and reports on stderr, one line each, prefixed `jetsub:`. Status lines
 * (connecting, subscribed, ...) are silenced by --quiet; reports of lost or skipped data
 * (gaps, oversized or invalid payloads) are not.
 */
import { escapeControl } from '../render/index.js';

export interface Reporter {
  /** Progress: silenced by --quiet. `device` is shown when several devices are tailed. */
  status(line: string, device?: string): void;
  /** Data was lost, skipped or is invalid: always shown. */
  report(line: string, device?: string): void;
}

export function createReporter(stream: NodeJS.WritableStream, options: { quiet: boolean; showDevice: boolean }): Reporter {
  const write = (line: string, device?: string) => {
    const who = options.showDevice && device !== undefined ? `[${escapeControl(device)}] ` : '';
    stream.write(`jetsub: ${who}${line}\n`);
  };
  return {
    status: (line, device) => {
      if (!options.quiet) write(line, device);
    },
    report: write,
  };
}
