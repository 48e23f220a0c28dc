/**
 * `jetsub top`: the event stream folded into state (src/top/state.ts) four times a second,
 * shown as a live screen on a terminal, or printed as text or JSON snapshots every interval.
 */
import { EXIT, type ExitCode } from '../errors.js';
import type { ConnectionSettings } from '../options/connection-flags.js';
import type { EventFilterFlags } from '../pipeline/event-filter.js';
import { openEventStream, type StreamHandlers } from '../pipeline/stream.js';
import type { Io } from '../pipeline/tail.js';
import { escapeControl } from '../render/index.js';
import { createReporter, type Reporter } from '../sink/stderr.js';
import { createSink } from '../sink/stdout.js';
import type { CompiledTopics } from '../topics/compile.js';
import type { Target } from '../transport/target.js';
import { readConnectionChange } from './connection.js';
import type { Terminal } from './screen.js';
import { createSession, type TopSession } from './session.js';
import { showScreen } from './show-screen.js';
import { tuneHeapForStreams } from '../pipeline/heap.js';
import { toSnapshot } from './snapshot.js';
import type { SortMode } from './summary.js';
import { renderSnapshotText } from './view.js';

/** `screen`: the live view (needs a terminal); `text` and `json`: a snapshot every interval. */
export type TopView = 'screen' | 'text' | 'json';

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
}

/** Arrivals are folded into the state this often, whatever the output interval. */
export const FOLD_MS = 250;

export async function runTop(options: TopOptions, io: Io, terminal?: Terminal): Promise<ExitCode> {
  const reporter = createReporter(io.stderr, { quiet: options.quiet, showDevice: options.targets.length > 1 });
  for (const warning of options.topics.warnings) reporter.report(warning);
  tuneHeapForStreams();
  const validator = (await import('../validate/index.js')).createValidator({});
  const session = createSession(options.targets.map((t) => t.device));
  const stop = () => session.finish(EXIT.ok);
  io.signals.on('SIGINT', stop);
  io.signals.on('SIGTERM', stop);
  const folding = setInterval(() => session.fold(), FOLD_MS);
  try {
    const stream = await openEventStream({ ...options, validator, markGaps: false }, createHandlers(session, reporter, options.maxPayload));
    try {
      const started = await Promise.race([stream.ready.then(() => true), session.exit.then(() => false)]);
      if (!started) return await session.exit;
      if (options.view === 'screen' && terminal !== undefined) return await showScreen(session, options, terminal, io.signals);
      return await printSnapshots(session, options, io);
    } finally {
      await stream.close();
    }
  } finally {
    clearInterval(folding);
    io.signals.off('SIGINT', stop);
    io.signals.off('SIGTERM', stop);
    if (session.finalMessage !== undefined) reporter.report(session.finalMessage);
  }
}

/** Stream events → session inputs; stderr lines as tail writes them, held back while the screen is up. */
function createHandlers(session: TopSession, reporter: Reporter, maxPayload: number): StreamHandlers {
  const report = (line: string, device?: string) => {
    if (!session.screenUp) reporter.report(line, device);
  };
  return {
    onRecord: (record) => session.push(record),
    onStatus(device, line) {
      const change = readConnectionChange(line);
      if (change !== null) session.push({ type: 'connection', device, state: change });
      if (!session.screenUp) reporter.status(line, device);
    },
    onGap(gap) {
      session.push({ type: 'gap', device: gap.device, from: gap.from.toISOString(), to: gap.to.toISOString() });
      session.push({ type: 'connection', device: gap.device, state: 'connected' });
      report(`gap: connection lost at ${gap.from.toISOString()}, back at ${gap.to.toISOString()}; events published meanwhile are lost`, gap.device);
    },
    onOversize(device, topic, bytes) {
      session.push({ type: 'oversize', device });
      report(`skipped a payload of ${bytes} bytes on ${escapeControl(topic)} (over --max-payload ${maxPayload})`, device);
    },
    onFatal: (error) => session.finish(error.exitCode, error.message),
    onStartFailure(device, error) {
      session.push({ type: 'connection', device, state: 'unreachable' });
      report(`${error.message.split('\n')[0]}; retrying in the background`, device);
    },
  };
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
