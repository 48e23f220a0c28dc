/**
 * Simulated traffic out: the generator's events scheduled at --rate and published to the
 * brokers (`simulate`, `demo`), or printed as `{"topic","payload"}` lines (`--dry-run`).
 */
import type { ConnectionSettings } from '../transport/settings.js';
import { SEEDED_START, type SimulateSettings } from './settings.js';
import type { Reporter } from '../sink/stderr.js';
import { createSink } from '../sink/stdout.js';
import type { OutgoingMessage, SendResult } from '../transport/publisher.js';
import type { Target } from '../transport/target.js';
import { DEVICE_PLACEHOLDER } from '../topics/prefix.js';
import { type SimulatedEvent, generateEvents } from './index.js';
import { routerNumberOf } from './inventory.js';

export interface Limits {
  /** Stop after this many events. */
  count?: number;
  /** Stop after this long. */
  durationMs?: number;
}

export interface SimulationOptions extends SimulateSettings, Limits {
  targets: readonly Target[];
  connection: ConnectionSettings;
  /** `fleet/{device}`: publish each router's events under it (as a central broker holds them). */
  topicPrefix?: string;
}

/** Device clock step per event when there is no rate: a storm of 10 000 events spans 10 s. */
const UNPACED_STEP_MS = 1;
const PRINT_BATCH = 512;

/** The generator's events with their send times; pure. Routers are spread over `targets` brokers. */
export function* scheduleEvents(
  settings: SimulateSettings, limits: Limits, targets: number,
): Generator<OutgoingMessage & { event: SimulatedEvent }> {
  const stepMs = settings.rate === null ? UNPACED_STEP_MS : 1000 / settings.rate;
  const start = settings.seeded ? SEEDED_START : new Date();
  let index = 0;
  for (const event of generateEvents({ scenario: settings.scenario, seed: settings.seed, routers: settings.routers, start, stepMs })) {
    if (limits.count !== undefined && index >= limits.count) return;
    const dueMs = settings.rate === null ? 0 : index * stepMs;
    if (limits.durationMs !== undefined && settings.rate !== null && dueMs >= limits.durationMs) return;
    yield { topic: event.topic, payload: event.payload, dueMs, to: (routerNumberOf(event.router) - 1) % targets, event };
    index++;
  }
}

/** Publishes until the limits are met or `signal` aborts; a summary line goes to stderr. */
export async function runSimulation(options: SimulationOptions, reporter: Reporter, signal: AbortSignal): Promise<SendResult> {
  const { sendMessages, withPublishers } = await import('../transport/publisher.js');
  return withPublishers(options.targets, options.connection, async (publishers) => {
    const where = publishers.map((p) => p.where).join(', ');
    reporter.status(`publishing scenario ${options.scenario} from ${describeRouters(options.routers)} to ${where} `
      + `${options.rate === null ? 'as fast as the broker takes it' : `at ${options.rate} events/s`}`);
    const stop = new AbortController();
    const abort = () => stop.abort();
    signal.addEventListener('abort', abort, { once: true });
    const timer = options.durationMs === undefined ? undefined : setTimeout(abort, options.durationMs);
    try {
      const messages = prefixTopics(scheduleEvents(options, options, publishers.length), options.topicPrefix);
      const result = await sendMessages(publishers, messages, stop.signal);
      reporter.report(summarize(result, options));
      return result;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    }
  });
}

/**
 * `--dry-run`: the events as `{"topic","payload"}` lines on stdout, at once (their device
 * times still spaced at --rate); until the limits, Ctrl-C or a closed stdout.
 */
export async function printSimulation(
  options: SimulateSettings & Limits & { topicPrefix?: string }, stdout: NodeJS.WritableStream, signal: AbortSignal,
): Promise<void> {
  const sink = createSink(stdout, { onClosed: () => undefined });
  let batch = 0;
  for (const { topic, payload } of prefixTopics(scheduleEvents(options, options, 1), options.topicPrefix)) {
    sink.write(`${JSON.stringify({ topic, payload })}\n`);
    if (++batch < PRINT_BATCH) continue;
    batch = 0;
    await sink.flush();
    if (sink.closed || signal.aborted) break;
  }
  await sink.flush();
}

/** `fleet/{device}` + `/junos/events/...` → `fleet/mx1/junos/events/...`, each event under its router's name. */
function* prefixTopics<T extends OutgoingMessage & { event: SimulatedEvent }>(
  messages: Iterable<T>, pattern: string | undefined,
): Generator<T> {
  if (pattern === undefined) return yield* messages;
  const levels = pattern.split('/');
  for (const message of messages) {
    const prefix = levels.map((level) => (level === DEVICE_PLACEHOLDER ? message.event.router : level)).join('/');
    yield { ...message, topic: `${prefix}${message.topic}` };
  }
}

export function summarize(result: SendResult, settings: SimulateSettings): string {
  const seconds = result.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(result.sent / seconds) : result.sent;
  return `sent ${result.sent} events in ${seconds.toFixed(2)} s (${rate} events/s): scenario ${settings.scenario}, `
    + `${describeRouters(settings.routers)}, seed ${settings.seed}`;
}

function describeRouters(count: number): string {
  return count === 1 ? '1 router (mx1)' : `${count} routers (mx1..mx${count})`;
}
