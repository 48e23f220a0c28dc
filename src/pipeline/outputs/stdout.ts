/**
 * The stdout output: each record rendered (src/render/) into the stdout sink (src/sink/).
 * A reader slower than the stream (a pipe that fills up) pauses the source through `flow`
 * instead of queueing without bound, and is told about once per episode (src/sink/lag.ts);
 * TTYs and files are written synchronously. A reader that went away ends the run (exit 0).
 */
import { EXIT } from '../../errors.js';
import { renderFlaps } from '../../render/flaps.js';
import { formatBytes, showText } from '../../render/values.js';
import type { Path } from '../../filter/index.js';
import { createRenderer, type LineParts, type OutputFormat, type Template, type TimeMode } from '../../render/index.js';
import { createLagReport } from '../../sink/lag.js';
import type { Reporter } from '../../sink/stderr.js';
import { createSink } from '../../sink/stdout.js';
import { NO_BACKLOG } from '../read-ahead.js';
import type { Flow, Output, RunControl } from '../types.js';

export interface StdoutSettings {
  output: OutputFormat;
  color: boolean;
  /** Terminal columns (the table format). */
  width?: number;
  /** -F, parsed (the template format). */
  template?: Template;
  /** --columns, parsed (-o csv). */
  columns?: Path[];
  /** --time (pretty and table). */
  time?: TimeMode;
  /** --buffer: events the source reads ahead while stdout is behind (0: none; its words below). */
  buffer?: number;
  /** --read: the source is files, not a broker (the words of "behind"). */
  fromFiles?: boolean;
}

/** What "stdout is behind" means for the source: a broker's stream is held back or read ahead; files wait. */
function describeBehind(settings: StdoutSettings, buffer: number): string {
  if (settings.fromFiles === true) return 'stdout is behind: the reader is slower than the input, so reading it is paused';
  return buffer === 0
    ? 'stdout is behind: the reader is slower than the stream, so reading from the broker is paused '
      + '(a broker drops QoS 0 events it cannot queue)'
    : `stdout is behind: the reader is slower than the stream; events read meanwhile wait in memory (--buffer ${buffer}), `
      + 'and reading from the broker pauses only if that fills up';
}

export interface StdoutDeps {
  stdout: NodeJS.WritableStream;
  flow: Flow;
  control: Pick<RunControl, 'finish'>;
  reporter: Reporter & { settle?(): void };
}

export function createStdoutOutput(settings: StdoutSettings, deps: StdoutDeps): Output {
  const { flow, reporter } = deps;
  const renderer = createRenderer(settings.output, {
    color: settings.color, width: settings.width, template: settings.template, columns: settings.columns, time: settings.time,
  });
  const buffer = settings.fromFiles === true ? 0 : settings.buffer ?? 0;
  const lag = createLagReport({
    onBehind: () => reporter.report(describeBehind(settings, buffer)),
    onCaughtUp: ({ seconds, records }) => {
      const { events, bytes } = flow.takeBacklogPeak?.() ?? NO_BACKLOG;
      const peak = buffer === 0 ? '' : `; at most ${events} events waited in the read-ahead buffer (${formatBytes(bytes)} in memory)`;
      reporter.report(`stdout caught up after ${seconds.toFixed(1)} s; ${records} records were written late meanwhile${peak}`);
    },
    written: () => sink.written,
  });
  const sink = createSink(deps.stdout, {
    onClosed: () => deps.control.finish(EXIT.ok),
    onBlocked: () => {
      flow.pause();
      lag.blocked();
    },
    onDrained: () => {
      flow.resume();
      lag.drained();
    },
  });
  return {
    write(record) {
      // The live status line of the start gives way to the first record.
      reporter.settle?.();
      if (record.type === 'flaps') return sink.write(renderFlaps(record, settings.output, settings.color));
      let rendered: LineParts | string | Uint8Array;
      try {
        rendered = renderer.renderLine?.(record) ?? renderer.render(record);
      } catch (error) {
        // A renderer's bug must cost one record, never the stream (a payload found a case it misses).
        const where = record.type === 'event' ? ` on ${showText(record.topic)}` : '';
        const why = showText(String((error as Error).message));
        return reporter.report(`a record${where} could not be shown as ${settings.output} (${why}); it is skipped`, record.device);
      }
      if (typeof rendered === 'string' || rendered instanceof Uint8Array) sink.write(rendered);
      else sink.writeLine(rendered.head, rendered.bytes, rendered.start, rendered.end, rendered.tail);
    },
    flush: () => sink.flush(),
    async end() {
      sink.write(renderer.end?.() ?? '');
      await sink.flush();
      lag.close();
    },
  };
}
