/**
 * `jetsub tail`: the event stream rendered to stdout, with the scripting contract —
 * --count, --timeout, --validate modes, signals, a closed stdout — expressed as exit codes.
 */
import { EXIT, type ExitCode, JetsubError } from '../errors.js';
import type { EventRecord, StreamRecord } from '../record.js';
import { type OutputFormat, createRenderer, escapeControl } from '../render/index.js';
import { createReporter, type Reporter } from '../sink/stderr.js';
import { createSink } from '../sink/stdout.js';
import type { CompiledTopics } from '../topics/compile.js';
import type { Target } from '../transport/target.js';
import type { ConnectionSettings } from '../options/connection-flags.js';
import type { ValidateMode } from '../validate/modes.js';
import type { EventFilterFlags } from './event-filter.js';
import { openEventStream } from './stream.js';


export interface TailOptions {
  targets: Target[];
  connection: ConnectionSettings;
  topics: CompiledTopics;
  validate: ValidateMode;
  schemaDir?: string;
  eventFilter: EventFilterFlags;
  output: OutputFormat;
  color: boolean;
  width?: number;
  count?: number;
  timeoutMs?: number;
  quiet: boolean;
  dryRun: boolean;
  maxPayload: number;
  markGaps: boolean;
  /** stderr is a terminal: the start-up status shares one line, rewritten in place (src/sink/stderr.ts). */
  liveStatus?: boolean;
}

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where SIGINT/SIGTERM arrive (the process, in the CLI). */
  signals: NodeJS.EventEmitter;
}

export async function runTail(options: TailOptions, io: Io): Promise<ExitCode> {
  const reporter = createReporter(io.stderr, { quiet: options.quiet, showDevice: options.targets.length > 1, live: options.liveStatus === true });
  for (const warning of options.topics.warnings) reporter.report(warning);
  if (options.dryRun) return printDryRun(options.topics, io, reporter);

  const validator = options.validate === 'off' ? null : (await import('../validate/index.js')).createValidator({ schemaDir: options.schemaDir });
  const renderer = createRenderer(options.output, { color: options.color, width: options.width });
  let printed = 0;
  let finished = false;
  let resolveExit!: (code: ExitCode) => void;
  const exit = new Promise<ExitCode>((resolve) => (resolveExit = resolve));
  const finish = (code: ExitCode, message?: string) => {
    if (finished) return;
    finished = true;
    if (message) reporter.report(message);
    resolveExit(code);
  };
  const sink = createSink(io.stdout, { onClosed: () => finish(EXIT.ok) });

  const onRecord = (record: StreamRecord) => {
    if (finished) return;
    if (record.type === 'event' && record.valid === false && !handleInvalid(record, options.validate, reporter, finish)) return;
    reporter.settle();
    sink.write(renderer.render(record));
    if (record.type === 'event' && ++printed === options.count) finish(EXIT.ok);
  };

  const stop = () => finish(EXIT.ok);
  io.signals.on('SIGINT', stop);
  io.signals.on('SIGTERM', stop);
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
    const met = options.count === undefined && printed > 0;
    finish(met ? EXIT.ok : EXIT.timeout, met ? undefined : timeoutMessage(options, printed));
  }, options.timeoutMs);

  const stream = await openEventStream({ ...options, validator }, {
    onRecord,
    onStatus: (device, line) => reporter.status(line, device),
    onGap: (gap) => reporter.report(
      `gap on ${gap.device}: connection lost at ${gap.from.toISOString()}, back at ${gap.to.toISOString()} ` +
      `(${((gap.to.getTime() - gap.from.getTime()) / 1000).toFixed(1)} s); events published meanwhile are lost`, gap.device),
    onOversize: (device, topic, bytes) => reporter.report(
      `skipped a payload of ${bytes} bytes on ${escapeControl(topic)} (over --max-payload ${options.maxPayload})`, device),
    onFatal: (error) => finish(error.exitCode, error.message),
  });
  stream.ready.then(() => reporter.settle(), (error: unknown) => {
    if (error instanceof JetsubError) finish(error.exitCode, error.message);
    else finish(EXIT.internal, `internal error: ${String(error)}`);
  });

  const code = await exit;
  reporter.settle();
  clearTimeout(timer);
  io.signals.off('SIGINT', stop);
  io.signals.off('SIGTERM', stop);
  sink.write(renderer.end?.() ?? '');
  await Promise.all([stream.close(), sink.flush()]);
  return code;
}

/** Returns whether the record is still printed. */
function handleInvalid(record: EventRecord, mode: ValidateMode, reporter: Reporter, finish: (code: ExitCode, message?: string) => void): boolean {
  const first = record.errors?.[0];
  const more = (record.errors?.length ?? 0) > 1 ? ` (and ${record.errors!.length - 1} more)` : '';
  const what = record.event === null && record.raw !== undefined
    ? `payload on ${escapeControl(record.topic)}: ${first?.message ?? 'not JSON'}`
    : `invalid ${record.kind} event on ${escapeControl(record.topic)}: ${first ? `${first.pointer || '/'} ${first.message}` : 'invalid'}${more}`;
  if (mode === 'strict') {
    finish(EXIT.invalid, `${what} [--validate strict]`);
    return false;
  }
  reporter.report(mode === 'drop' ? `${what} (dropped)` : what, record.device);
  return mode !== 'drop';
}

function timeoutMessage(options: TailOptions, printed: number): string {
  const seconds = options.timeoutMs! / 1000;
  return options.count === undefined
    ? `timed out after ${seconds} s with no event`
    : `timed out after ${seconds} s with ${printed} of ${options.count} events`;
}

function printDryRun(topics: CompiledTopics, io: Io, reporter: Reporter): ExitCode {
  io.stdout.write(topics.filters.map((f) => `${f}\n`).join(''));
  for (const note of topics.notes) reporter.report(`client-side: ${note}`);
  return EXIT.ok;
}
