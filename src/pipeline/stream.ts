/**
 * The event stream: broker connections in, records out. Input → processors → output with
 * one plain record between them (see src/record.ts); the CLI's `tail` and the library's
 * `subscribe()` are both built on it.
 */
import type { EventFilterFlags } from './event-filter.js';
import { compileEventFilter } from './event-filter.js';
import { createRecordBuilder } from './record.js';
import { ConnectionError } from '../errors.js';
import type { StreamRecord } from '../record.js';
import type { CompiledTopics } from '../topics/compile.js';
import { parseTopic } from '../topics/parse.js';
import { compileTopicPrefix, shareFilter } from '../topics/prefix.js';
import { ALLOW_CLIENTS_HINT } from '../transport/reasons.js';
import { type Connection, type Gap, openConnection } from '../transport/connection.js';
import { type Target, formatTarget } from '../transport/target.js';
import type { ConnectionSettings } from '../options/connection-flags.js';
import type { Validator } from '../validate/index.js';

export interface StreamOptions {
  targets: readonly Target[];
  connection: ConnectionSettings;
  topics: CompiledTopics;
  validator: Validator | null;
  eventFilter: EventFilterFlags;
  /** Payloads larger than this many bytes are reported and skipped. */
  maxPayload: number;
  /** Write gap records into the stream (--mark-gaps). */
  markGaps: boolean;
  /** Drop redeliveries of messages already passed on (--dedupe; see dedupe.ts). */
  dedupe?: boolean;
  /** Subscribe under a fleet prefix such as `fleet/{device}` (--topic-prefix). */
  topicPrefix?: string;
  /** MQTT 5 shared-subscription group (--share). */
  share?: string;
}

export interface StreamHandlers {
  /** A returned promise holds the QoS 1/2 acknowledgement until the record is written out. */
  onRecord(record: StreamRecord): void | Promise<void>;
  /** --dedupe dropped a redelivery. */
  onRedelivery?(device: string, topic: string): void;
  onStatus(device: string, line: string): void;
  /** Shown even with --quiet (a rejected subscription); onStatus when absent. */
  onWarning?(device: string, line: string): void;
  onGap(gap: Gap): void;
  onOversize(device: string, topic: string, bytes: number): void;
  onFatal(error: ConnectionError): void;
  /** With several devices: one could not be reached at start and is retried in the background. */
  onStartFailure(device: string, error: ConnectionError): void;
}

export interface EventStream {
  /**
   * Settles once every connection is subscribed or has failed its first attempt. Rejects
   * only when no device could be reached; a device that failed is reported (onStartFailure)
   * and keeps being retried, since one router down must never stop the others.
   */
  ready: Promise<void>;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function openEventStream(options: StreamOptions, handlers: StreamHandlers): Promise<EventStream> {
  const build = createRecordBuilder(options.validator);
  const keep = compileEventFilter(options.eventFilter);
  const accepts = options.topics.accepts;
  const prefix = compileTopicPrefix(options.topicPrefix);
  const filters = options.topics.filters.map((f) => shareFilter(options.share, prefix.wrap(f)));
  const fanIn = options.targets.length > 1;
  // Loaded for --dedupe only: its hash needs node:crypto, ~1.5 ms of start-up.
  const deduper = options.dedupe ? (await import('./dedupe.js')).createDeduper() : undefined;
  const connections: Connection[] = [];
  const clientIds = uniqueClientIds(options.targets, options.connection.clientId);
  for (const [i, target] of options.targets.entries()) {
    const device = target.device;
    connections.push(await openConnection({ ...options.connection, clientId: clientIds[i]!, target, filters, retryAtStart: fanIn }, {
      onMessage(fullTopic, payload, duplicate) {
        if (payload.length > options.maxPayload) return handlers.onOversize(device, fullTopic, payload.length);
        if (deduper?.isRedelivery(device, fullTopic, payload, duplicate)) return handlers.onRedelivery?.(device, fullTopic);
        const unwrapped = prefix.unwrap(fullTopic);
        if (unwrapped === null) return;
        const { topic } = unwrapped;
        const parsed = parseTopic(topic);
        if (accepts && !accepts(topic, parsed)) return;
        const record = build({ device: unwrapped.device ?? device, topic, parsed, payload, receivedAt: new Date() });
        if (keep && !keep(record)) return;
        if (duplicate) record.duplicate = true;
        return handlers.onRecord(record);
      },
      onStatus: (line) => handlers.onStatus(device, line),
      onWarning: (line) => (handlers.onWarning ?? handlers.onStatus)(device, line),
      onGap(gap) {
        handlers.onGap(gap);
        if (options.markGaps) {
          handlers.onRecord({ type: 'gap', device: gap.device, from: gap.from.toISOString(), to: gap.to.toISOString() });
        }
      },
      onFatal: handlers.onFatal,
    }));
  }
  return {
    ready: settleStart(options.targets, connections, handlers),
    pause: () => connections.forEach((c) => c.pause()),
    resume: () => connections.forEach((c) => c.resume()),
    close: async () => {
      await Promise.all(connections.map((c) => c.close()));
    },
  };
}

async function settleStart(targets: readonly Target[], connections: Connection[], handlers: StreamHandlers): Promise<void> {
  const results = await Promise.allSettled(connections.map((c) => c.ready));
  const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [[targets[i]!.device, r.reason as ConnectionError] as const] : []));
  if (failures.length === results.length) {
    throw failures.length === 1 ? failures[0]![1] : new ConnectionError(
      `no device could be reached:\n${failures.map(([device, e]) => `  ${device}: ${e.message.split('\n')[0]}`).join('\n')}\n  ${ALLOW_CLIENTS_HINT}`);
  }
  for (const [device, error] of failures) handlers.onStartFailure(device, error);
}

/** Two connections to one broker with one client id would kick each other off: the second gets its device appended. */
function uniqueClientIds(targets: readonly Target[], clientId: string): string[] {
  const seen = new Set<string>();
  return targets.map((t) => {
    const endpoint = formatTarget(t);
    const id = seen.has(endpoint) ? `${clientId}-${t.device}` : clientId;
    seen.add(endpoint);
    return id;
  });
}
