/**
 * `jetsub tail`: the broker source, the processors the flags turn on, and the outputs — the
 * records rendered to stdout — with the scripting contract (--count, --timeout, --validate
 * modes, signals, a closed stdout) expressed as exit codes.
 */
import { EXIT, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import { createReporter, type Reporter } from '../sink/stderr.js';
import type { CompiledTopics } from '../topics/compile.js';
import type { ConnectionSettings } from '../transport/settings.js';
import type { Target } from '../transport/target.js';
import { createRun, failRun, listenForSignals, type Run } from './control.js';
import { describeEventFilter, type EventFilterFlags } from './event-filter.js';
import { reportNotice } from './notices.js';
import { createOutputs } from './outputs/index.js';
import type { MetricsOutputSettings } from './outputs/metrics.js';
import { compileProcessors } from './processors/index.js';
import { createFlow, openPipeline } from './run.js';
import type { ExecSettings } from './outputs/exec.js';
import type { OutputSettings } from './settings.js';
import type { JournalSettings } from './outputs/journal.js';
import { createBrokerSource, type FleetSettings, subscriptionFilters } from './sources/broker.js';
import { createReadSource, type ReadSettings } from './sources/read.js';

/** Everything `tail` needs, resolved from flags, profile and environment (src/commands/tail.ts). */
export interface TailOptions extends OutputSettings, FleetSettings, MetricsOutputSettings {
  targets: Target[];
  connection: ConnectionSettings;
  topics: CompiledTopics;
  eventFilter: EventFilterFlags;
  /** --exec: a command per record (docs/exec.md). */
  exec?: ExecSettings;
  /** Drop redeliveries already written (--dedupe). */
  dedupe?: boolean;
  /** --read: records from captures and journals instead of a broker. */
  read?: ReadSettings;
  /** --journal: the records also into a rotating directory of files. */
  journal?: JournalSettings;
  /** Reported on stderr before anything else (e.g. a password given on the command line). */
  warnings?: readonly string[];
  /** false: nothing rendered to stdout (`jetsub serve`: the metrics only). */
  stdout?: boolean;
}

export async function runTail(options: TailOptions, io: Io): Promise<ExitCode> {
  const showDevice = options.targets.length > 1;
  const reporter = createReporter(io.stderr, { quiet: options.quiet, showDevice, live: options.liveStatus === true });
  for (const warning of [...(options.warnings ?? []), ...options.topics.warnings]) reporter.report(warning);
  if (options.dryRun) return printDryRun(options, io, reporter);

  const validator = options.validate === 'off'
    ? null
    : (await import('../validate/index.js')).createValidator({ schemaDir: options.schemaDir });
  const run = createRun(reporter);
  const flow = createFlow();
  const outputs = createOutputs({ ...options, fromFiles: options.read !== undefined }, { io, flow, control: run, reporter });
  const processors = await compileProcessors({ ...options, recordTime: options.read !== undefined }, run);
  const stopOnSignals = listenForSignals(io.signals, () => run.finish(EXIT.ok));
  const pipeline = await openPipeline({
    source: options.read === undefined
      ? createBrokerSource({ ...options, validator })
      : createReadSource({ ...options, ...options.read, validator }),
    processors,
    outputs,
    onNotice: (notice) => reportNotice(reporter, notice),
    control: run,
    // QoS 1/2 messages are acknowledged once their record is written out (see openConnection).
    acknowledge: options.connection.qos > 0,
    flow,
  }).catch((error: unknown) => {
    // An output could not open (--metrics: the address is taken): nothing was subscribed.
    stopOnSignals();
    throw error;
  });
  pipeline.source.ready.then(() => reporter.settle(), (error: unknown) => failRun(run, error));
  pipeline.source.ended?.then(() => finishAtEnd(run, options.count), (error: unknown) => failRun(run, error));

  const code = await run.exit;
  pipeline.source.stop?.();
  reporter.settle();
  stopOnSignals();
  // Written first, then disconnected: the acknowledgements of what was written go out first.
  await pipeline.drain();
  await pipeline.source.close();
  return code;
}

/** The end of --read's input: exit 0, or 4 when -C asked for more events than there were (as -W would). */
function finishAtEnd(run: Run, count: number | undefined): void {
  if (count === undefined) run.finish(EXIT.ok);
  else run.finish(EXIT.timeout, `the input ended before ${count} events (-C ${count})`);
}

function printDryRun(options: TailOptions, io: Io, reporter: Reporter): ExitCode {
  io.stdout.write(subscriptionFilters(options).map((f) => `${f}\n`).join(''));
  for (const note of [...options.topics.notes, ...describeEventFilter(options.eventFilter)]) reporter.report(`client-side: ${note}`);
  return EXIT.ok;
}
