/**
 * The event stream: broker connections in, records out. Input → processors → output with
 * one plain record between them (see src/record.ts); the CLI's `tail` and the library's
 * `subscribe()` are both built on it.
 */
import type { EventFilterFlags } from './event-filter.js';
import { compileEventFilter } from './event-filter.js';
import { createRecordBuilder } from './record.js';
import type { ConnectionError } from '../errors.js';
import type { StreamRecord } from '../record.js';
import type { CompiledTopics } from '../topics/compile.js';
import { parseTopic } from '../topics/parse.js';
import { type Connection, type Gap, openConnection } from '../transport/connection.js';
import type { Target } from '../transport/target.js';
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
}

export interface StreamHandlers {
  onRecord(record: StreamRecord): void;
  onStatus(device: string, line: string): void;
  onGap(gap: Gap): void;
  onOversize(device: string, topic: string, bytes: number): void;
  onFatal(error: ConnectionError): void;
}

export interface EventStream {
  /** Settles once every connection is subscribed; rejects with the first ConnectionError. */
  ready: Promise<void>;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function openEventStream(options: StreamOptions, handlers: StreamHandlers): Promise<EventStream> {
  const build = createRecordBuilder(options.validator);
  const keep = compileEventFilter(options.eventFilter);
  const accepts = options.topics.accepts;
  const connections: Connection[] = [];
  for (const target of options.targets) {
    const device = target.device;
    connections.push(await openConnection({ ...options.connection, target, filters: options.topics.filters }, {
      onMessage(topic, payload) {
        if (payload.length > options.maxPayload) return handlers.onOversize(device, topic, payload.length);
        const parsed = parseTopic(topic);
        if (accepts && !accepts(topic, parsed)) return;
        const record = build({ device, topic, parsed, payload, receivedAt: new Date() });
        if (keep && !keep(record)) return;
        handlers.onRecord(record);
      },
      onStatus: (line) => handlers.onStatus(device, line),
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
    ready: Promise.all(connections.map((c) => c.ready)).then(() => undefined),
    pause: () => connections.forEach((c) => c.pause()),
    resume: () => connections.forEach((c) => c.resume()),
    close: async () => {
      await Promise.all(connections.map((c) => c.close()));
    },
  };
}
