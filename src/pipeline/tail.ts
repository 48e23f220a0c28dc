/**
 * `jetsub tail`: the event stream rendered to stdout, with the scripting contract —
 * --count, --timeout, --validate modes, signals, a closed stdout — expressed as exit codes.
 */
import { EXIT, type ExitCode, JetsubError } from '../errors.js';
import type { EventRecord, StreamRecord } from '../record.js';
import { createRenderer, escapeControl } from '../render/index.js';
import { createReporter, type Reporter } from '../sink/stderr.js';
import { createLagReport } from '../sink/lag.js';
import { createSink } from '../sink/stdout.js';
import type { CompiledTopics } from '../topics/compile.js';
import type { Target } from '../transport/target.js';
import type { ConnectionSettings, FleetSettings } from '../options/connection-flags.js';
import type { OutputSettings } from '../options/output-flags.js';
import type { ValidateMode } from '../validate/modes.js';
import type { EventFilterFlags } from './event-filter.js';
import { tuneHeapForStreams } from './heap.js';
import { type EventStream, openEventStream } from './stream.js';
import { type CollapsedRecord, createFlapCollapser } from '../top/collapse-flaps.js';
import { renderFlaps } from '../top/flaps.js';

/** Everything `tail` needs, resolved from flags, profile and environment (src/commands/tail.ts). */
export interface TailOptions extends OutputSettings, FleetSettings {
  targets: Target[];
  connection: ConnectionSettings;
  topics: CompiledTopics;
  eventFilter: EventFilterFlags;
  /** Drop redeliveries already written (--dedupe). */
  dedupe?: boolean;
  /** Reported on stderr before anything else (e.g. a password given on the command line). */
  warnings?: readonly string[];
}

const NEVER = new Promise<void>(() => undefined);

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where SIGINT/SIGTERM arrive (the process, in the CLI). */
  signals: NodeJS.EventEmitter;
}

export async function runTail(options: TailOptions, io: Io): Promise<ExitCode> {
  const reporter = createReporter(io.stderr, { quiet: options.quiet, showDevice: options.targets.length > 1, live: options.liveStatus === true });
  for (const warning of [...(options.warnings ?? []), ...options.topics.warnings]) reporter.report(warning);
  if (options.dryRun) return printDryRun(options.topics, io, reporter);

  tuneHeapForStreams();
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
  // A reader slower than the stream (a pipe that fills up) pauses reading from the broker
  // instead of queueing here without bound; TTYs and files are written synchronously.
  let stream: EventStream | undefined;
  const lag = createLagReport({
    onBehind: () => reporter.report('stdout is behind: the reader is slower than the stream, so reading from the broker is paused (a broker drops QoS 0 events it cannot queue)'),
    onCaughtUp: ({ seconds, records }) => reporter.report(`stdout caught up after ${seconds.toFixed(1)} s; ${records} records were written late meanwhile`),
    written: () => sink.written,
  });
  const sink = createSink(io.stdout, {
    onClosed: () => finish(EXIT.ok),
    onBlocked: () => {
      stream?.pause();
      lag.blocked();
    },
    onDrained: () => {
      stream?.resume();
      lag.drained();
    },
  });

  // QoS 1/2 messages are acknowledged once their record is written out (see openConnection);
  // one that arrives after the end is never acknowledged, so a --session gets it next time.
  const acknowledged = options.connection.qos > 0;
  // --collapse-flaps holds link traps for its window: what it writes later still counts, until --count is met.
  const write = (record: CollapsedRecord) => {
    if (printed === options.count) return;
    sink.write(record.type === 'flaps' ? renderFlaps(record, options.output, options.color) : renderer.render(record));
    if (record.type !== 'gap' && ++printed === options.count) finish(EXIT.ok);
  };
  const collapser = options.collapseFlapsMs === undefined ? undefined : createFlapCollapser(options.collapseFlapsMs, write);
  const onRecord = (record: StreamRecord): Promise<void> | undefined => {
    if (finished) return acknowledged ? NEVER : undefined;
    if (record.type === 'event' && record.valid === false && !handleInvalid(record, options.validate, reporter, finish)) return undefined;
    reporter.settle();
    if (collapser) collapser.push(record);
    else write(record);
    return acknowledged ? sink.flush() : undefined;
  };

  const stop = () => finish(EXIT.ok);
  io.signals.on('SIGINT', stop);
  io.signals.on('SIGTERM', stop);
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
    const met = options.count === undefined && printed > 0;
    finish(met ? EXIT.ok : EXIT.timeout, met ? undefined : timeoutMessage(options, printed));
  }, options.timeoutMs);

  stream = await openEventStream({ ...options, validator }, {
    onRecord,
    onStatus: (device, line) => reporter.status(line, device),
    onWarning: (device, line) => reporter.report(line, device),
    onGap: (gap) => reporter.report(
      `gap on ${gap.device}: connection lost at ${gap.from.toISOString()}, back at ${gap.to.toISOString()} ` +
      `(${((gap.to.getTime() - gap.from.getTime()) / 1000).toFixed(1)} s); events published meanwhile are lost`, gap.device),
    onOversize: (device, topic, bytes) => reporter.report(
      `skipped a payload of ${bytes} bytes on ${escapeControl(topic)} (over --max-payload ${options.maxPayload})`, device),
    onFatal: (error) => finish(error.exitCode, error.message),
    onRedelivery: (device, topic) => reporter.status(`dropped a redelivery of ${escapeControl(topic)} (--dedupe)`, device),
    onStartFailure: (device, error) => reporter.report(`${error.message.split('\n')[0]}; retrying in the background`, device),
  });
  if (sink.blocked) stream.pause();
  stream.ready.then(() => reporter.settle(), (error: unknown) => {
    if (error instanceof JetsubError) finish(error.exitCode, error.message);
    else finish(EXIT.internal, `internal error: ${String(error)}`);
  });

  const code = await exit;
  reporter.settle();
  clearTimeout(timer);
  io.signals.off('SIGINT', stop);
  io.signals.off('SIGTERM', stop);
  collapser?.flush();
  sink.write(renderer.end?.() ?? '');
  // Written first, then disconnected: the acknowledgements of what was written go out first.
  await sink.flush();
  lag.close();
  await stream.close();
  return code;
}

/** Returns whether the record is still printed. */
function handleInvalid(record: EventRecord, mode: ValidateMode, reporter: Reporter, finish: (code: ExitCode, message?: string) => void): boolean {
  const first = record.errors?.[0];
  const more = (record.errors?.length ?? 0) > 1 ? ` (and ${record.errors!.length - 1} more)` : '';
  const what = record.event === null && record.raw !== undefined
    ? `payload on ${escapeControl(record.topic)}: ${escapeControl(first?.message ?? 'not JSON')}`
    : `invalid ${record.kind} event on ${escapeControl(record.topic)}: ${first ? escapeControl(`${first.pointer || '/'} ${first.message}`) : 'invalid'}${more}`;
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
