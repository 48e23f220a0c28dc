/**
 * `jetsub top`: the event stream folded into state (src/top/state.ts) four times a second,
 * shown as a live screen on a terminal, or printed as text or JSON snapshots every interval.
 */
import { EXIT, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import type { EventFilterFlags } from '../pipeline/event-filter.js';
import { listenForSignals } from '../pipeline/control.js';
import { describeNotice } from '../pipeline/notices.js';
import { createMetricsOutput, type MetricsSettings } from '../pipeline/outputs/metrics.js';
import { createEventFilterProcessor } from '../pipeline/processors/event-filter.js';
import { createJournalOutput, type JournalSettings } from '../pipeline/outputs/journal.js';
import { openPipeline } from '../pipeline/run.js';
import { createBrokerSource } from '../pipeline/sources/broker.js';
import { createReadSource, type ReadSettings } from '../pipeline/sources/read.js';
import type { Notice, Output, RunControl } from '../pipeline/types.js';
import { createReporter, type Reporter } from '../sink/stderr.js';
import { createSink } from '../sink/stdout.js';
import type { CompiledTopics } from '../topics/compile.js';
import type { ConnectionSettings } from '../transport/settings.js';
import type { Target } from '../transport/target.js';
import { readConnectionChange } from './connection.js';
import type { Terminal } from './screen.js';
import { createSession, type TopSession } from './session.js';
import type { TopView } from './views.js';
import { showScreen } from './show-screen.js';
import { toSnapshot } from './snapshot.js';
import type { SortMode } from './summary.js';
import { renderSnapshotText } from './view.js';

export type { TopView } from './views.js';

export interface TopOptions {
  targets: Target[];
  connection: ConnectionSettings;
  topics: CompiledTopics;
  eventFilter: EventFilterFlags;
  maxPayload: number;
  topicPrefix?: string;
  share?: string;
  /** `screen` needs a terminal; `text` and `json` print snapshots. */
  view: TopView;
  /** Snapshots: how often one is printed. Screen: how often it is redrawn. */
  intervalMs: number;
  /** Snapshots: exit 0 after this many. */
  iterations?: number;
  sort: SortMode;
  filter: string;
  color: boolean;
  /** Columns of a text snapshot. */
  width: number;
  quiet: boolean;
  /** --read: the state at the end of captures or a journal, instead of a broker's stream. */
  read?: ReadSettings;
  /** --journal: the records also into a rotating directory of files. */
  journal?: JournalSettings;
  /** --metrics: Prometheus metrics of the same stream (docs/metrics.md). */
  metrics?: MetricsSettings;
}

/** Arrivals are folded into the state this often, whatever the output interval. */
const FOLD_MS = 250;

export async function runTop(options: TopOptions, io: Io, terminal?: Terminal): Promise<ExitCode> {
  const reporter = createReporter(io.stderr, { quiet: options.quiet, showDevice: options.targets.length > 1 });
  for (const warning of options.topics.warnings) reporter.report(warning);
  const validator = (await import('../validate/index.js')).createValidator({});
  const clock = options.read === undefined ? undefined : createEndClock(options.read.until);
  const session = createSession(options.read === undefined ? options.targets.map((t) => t.device) : [], clock?.now);
  const control = createTopControl(session, reporter);
  const journal = createJournalOutput(options.journal, { control, reporter });
  const stopOnSignals = listenForSignals(io.signals, () => session.finish(EXIT.ok));
  const folding = setInterval(() => session.fold(), FOLD_MS);
  try {
    const pipeline = await openPipeline({
      source: options.read === undefined
        ? createBrokerSource({ ...options, validator, markGaps: false })
        : createReadSource({ ...options, ...options.read, validator }),
      processors: [createEventFilterProcessor(options.eventFilter)].filter((p) => p !== null),
      outputs: [createSessionOutput(session, clock), journal, createMetricsOutput(options, { reporter: control })]
        .filter((o) => o !== null),
      onNotice: (notice) => pushNotice(session, control, notice),
      control,
      acknowledge: false,
    });
    try {
      const started = await Promise.race([pipeline.source.ready.then(() => true), session.exit.then(() => false)]);
      if (!started) return await session.exit;
      if (options.view === 'screen' && terminal !== undefined) return await showScreen(session, options, terminal, io.signals);
      if (pipeline.source.ended !== undefined) return await printFinalSnapshot(session, pipeline.source.ended, options, io);
      return await printSnapshots(session, options, io);
    } finally {
      await pipeline.drain();
      await pipeline.source.close();
    }
  } finally {
    clearInterval(folding);
    stopOnSignals();
    if (session.finalMessage !== undefined) reporter.report(session.finalMessage);
  }
}

/**
 * Top's output: every record into the session, folded into the state four times a second.
 * With --read (a clock), each device is `read` from its first record: nothing was connected to.
 */
function createSessionOutput(session: TopSession, clock: EndClock | undefined): Output {
  const seen = new Set<string>();
  return {
    write(record) {
      if (record.type === 'flaps') return;
      if (clock !== undefined && !seen.has(record.device)) {
        seen.add(record.device);
        session.push({ type: 'connection', device: record.device, state: 'read' });
      }
      if (record.type === 'event') clock?.observe(record.received_at);
      session.push(record);
    },
  };
}

interface EndClock {
  observe(receivedAt: string): void;
  now(): number;
}

/** --read: the state's clock is the input's, the latest received_at so far (or --until), not the wall clock. */
function createEndClock(until: number | undefined): EndClock {
  let latest: number | undefined;
  return {
    observe(receivedAt) {
      const at = Date.parse(receivedAt);
      if (Number.isFinite(at) && (latest === undefined || at > latest)) latest = at;
    },
    now: () => until ?? latest ?? Date.now(),
  };
}

/** --read off a terminal: one snapshot, of the state at the end of the input (or --until). */
async function printFinalSnapshot(session: TopSession, ended: Promise<void>, options: TopOptions, io: Io): Promise<ExitCode> {
  await Promise.race([ended, session.exit]);
  const sink = createSink(io.stdout, { onClosed: () => session.finish(EXIT.ok) });
  const state = session.fold();
  const query = { sort: options.sort, filter: options.filter };
  sink.write(options.view === 'json' ? `${JSON.stringify(toSnapshot(state, query))}\n` : renderSnapshotText(state, query, options.width));
  await sink.flush();
  session.finish(EXIT.ok);
  return session.exit;
}

/** The run ends with the session; stderr lines as tail writes them, held back while the screen is up. */
function createTopControl(session: TopSession, reporter: Reporter): RunControl {
  let finished = false;
  return {
    finish(code, message) {
      finished = true;
      session.finish(code, message);
    },
    get finished() {
      return finished;
    },
    report: (line, device) => {
      if (!session.screenUp) reporter.report(line, device);
    },
    status: (line, device) => {
      if (!session.screenUp) reporter.status(line, device);
    },
  };
}

/** Notices → session inputs (the header's connection states, gaps and skipped payloads), and their lines. */
function pushNotice(session: TopSession, control: RunControl, notice: Notice): void {
  if (notice.type === 'connection') {
    const change = readConnectionChange(notice.event);
    if (change !== null) session.push({ type: 'connection', device: notice.event.device, state: change });
  } else if (notice.type === 'gap') {
    const { gap } = notice;
    session.push({ type: 'gap', device: gap.device, from: gap.from.toISOString(), to: gap.to.toISOString() });
    session.push({ type: 'connection', device: gap.device, state: 'connected' });
  } else if (notice.type === 'oversize') {
    session.push({ type: 'oversize', device: notice.device });
  } else if (notice.type === 'start-failure') {
    session.push({ type: 'connection', device: notice.device, state: 'unreachable' });
  }
  const { device, line, level } = describeNotice(notice);
  control[level](line, device);
}

/** Off a terminal (or with -o text/json): one snapshot every interval, on stdout. */
async function printSnapshots(session: TopSession, options: TopOptions, io: Io): Promise<ExitCode> {
  const sink = createSink(io.stdout, { onClosed: () => session.finish(EXIT.ok) });
  const query = { sort: options.sort, filter: options.filter };
  let printed = 0;
  const timer = setInterval(() => {
    const state = session.fold();
    sink.write(options.view === 'json' ? `${JSON.stringify(toSnapshot(state, query))}\n` : renderSnapshotText(state, query, options.width));
    if (++printed === options.iterations) session.finish(EXIT.ok);
  }, options.intervalMs);
  try {
    return await session.exit;
  } finally {
    clearInterval(timer);
    await sink.flush();
  }
}
