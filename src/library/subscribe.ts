/**
 * `subscribe(options)`: the event stream as an async iterable of typed records, for
 * TypeScript programs. Same pipeline as `jetsub tail` (src/pipeline/): the same filters,
 * validation, reconnect, gaps and fan-in. Pull-based: when the consumer falls behind,
 * reading the sockets pauses instead of buffering without bound.
 */
import { randomBytes } from 'node:crypto';
import { ConnectionError } from '../errors.js';
import type { JetRecord } from '../events.js';
import type { EventFilterFlags } from '../pipeline/event-filter.js';
import { DEFAULT_MAX_PAYLOAD } from '../pipeline/intake.js';
import { describeNotice } from '../pipeline/notices.js';
import { createEventFilterProcessor } from '../pipeline/processors/event-filter.js';
import { createFlow, openPipeline } from '../pipeline/run.js';
import { type BrokerSourceOptions, createBrokerSource } from '../pipeline/sources/broker.js';
import type { PipelineRecord, Processor } from '../pipeline/types.js';
import type { GapRecord } from '../record.js';
import { type TopicSelection, compileTopicFilters } from '../topics/compile.js';
import { checkShareGroup, compileTopicPrefix } from '../topics/prefix.js';
import type { TlsOptions } from '../transport/connection.js';
import { parseTarget } from '../transport/target.js';
import { createValidator } from '../validate/index.js';

export interface SubscribeOptions {
  /** One or more brokers, as for `--host`: `host[:port]`, `mqtt(s)://…`, `name=host` (default `localhost`). */
  host?: string | readonly string[];
  /** Port for hosts given without one. */
  port?: number;
  /** The topic flags of `jetsub tail`, e.g. `{ ifd: ['ge-0/0/*'], action: ['change'] }`; none = every event. */
  topics?: TopicSelection;
  /** `warn` (default): invalid events arrive with `valid: false`; `drop`: they are skipped; `off`: no validation. */
  validate?: 'warn' | 'drop' | 'off';
  schemaDir?: string;
  filter?: EventFilterFlags;
  protocolVersion?: '3.1.1' | '5';
  clientId?: string;
  keepalive?: number;
  qos?: 0 | 1 | 2;
  username?: string;
  password?: string;
  tls?: Partial<TlsOptions>;
  topicPrefix?: string;
  share?: string;
  /** Also yield `{type: "gap"}` records when a connection was lost and came back. */
  markGaps?: boolean;
  maxPayload?: number;
  connectTimeoutMs?: number;
  /** Ends the iteration (and closes the connections) when aborted. */
  signal?: AbortSignal;
  /** Status lines (connecting, subscribed, reconnecting, gaps); default: none. */
  onStatus?(device: string, line: string): void;
  /** Records queued before reading pauses (default 1000). */
  highWaterMark?: number;
}

export type SubscribeRecord = JetRecord | GapRecord;

/**
 * Every usage problem (bad topic flags, a bad host) throws a UsageError at once; connection
 * problems reject the first `next()` with a ConnectionError.
 */
export function subscribe(options: SubscribeOptions = {}): AsyncIterable<SubscribeRecord> {
  const sourceOptions = toSourceOptions(options);
  return { [Symbol.asyncIterator]: () => iterate(sourceOptions, options) };
}

function toSourceOptions(options: SubscribeOptions): BrokerSourceOptions {
  const hosts = options.host === undefined ? ['localhost'] : typeof options.host === 'string' ? [options.host] : options.host;
  compileTopicPrefix(options.topicPrefix);
  if (options.share !== undefined) checkShareGroup(options.share);
  return {
    targets: hosts.map((h) => parseTarget(h, options.port)),
    topics: compileTopicFilters(options.topics ?? {}),
    validator: options.validate === 'off' ? null : createValidator({ schemaDir: options.schemaDir }),
    maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
    markGaps: options.markGaps === true,
    topicPrefix: options.topicPrefix,
    share: options.share,
    connection: {
      clientId: options.clientId ?? `jetsub-${randomBytes(6).toString('hex')}`,
      protocolVersion: options.protocolVersion === '5' ? 5 : 4,
      keepalive: options.keepalive ?? 60,
      qos: options.qos ?? 0,
      clean: true,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      username: options.username,
      password: options.password,
      tls: { rejectUnauthorized: true, ...options.tls },
    },
  };
}

/** The event filter, and with `validate: 'drop'` invalid records left out without a word. */
function createProcessors(options: SubscribeOptions): Processor[] {
  const filter = createEventFilterProcessor(options.filter ?? {});
  const dropInvalid: Processor | null = options.validate !== 'drop' ? null : {
    push(record, next) {
      if (record.type !== 'event' || record.valid !== false) next(record);
    },
  };
  return [filter, dropInvalid].filter((p) => p !== null);
}

async function* iterate(sourceOptions: BrokerSourceOptions, options: SubscribeOptions): AsyncGenerator<SubscribeRecord> {
  const inbox = createInbox<PipelineRecord>(options.highWaterMark ?? 1000);
  const status = (device: string, line: string) => options.onStatus?.(device, line);
  const flow = createFlow();
  inbox.onHigh = () => flow.pause();
  inbox.onLow = () => flow.resume();
  const pipeline = await openPipeline({
    source: createBrokerSource(sourceOptions),
    processors: createProcessors(options),
    outputs: [{ write: (record) => inbox.push(record) }],
    onNotice: (notice) => {
      const { device, line } = describeNotice(notice, 'maxPayload');
      status(device ?? '', line);
    },
    onFatal: (error) => inbox.fail(error),
    control: { finish: () => inbox.stop(), finished: false, report: status, status },
    acknowledge: false,
    flow,
  });
  pipeline.source.ready.catch((error: unknown) => inbox.fail(error));
  const stop = () => inbox.stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();
  try {
    for (;;) {
      const record = await inbox.take();
      if (record === null) return;
      yield record as SubscribeRecord;
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await pipeline.source.close();
  }
}

/** A bounded hand-over between the stream (push) and the iterator (take). */
function createInbox<T>(highWaterMark: number) {
  const queue: T[] = [];
  let failure: unknown = null;
  let stopped = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const inbox = {
    onHigh: () => undefined as void,
    onLow: () => undefined as void,
    push(item: T) {
      queue.push(item);
      if (queue.length === highWaterMark) inbox.onHigh();
      notify();
    },
    fail(error: unknown) {
      failure ??= error;
      notify();
    },
    /** Ends the iteration at once, dropping what is queued (the AbortSignal). */
    stop() {
      stopped = true;
      notify();
    },
    /** The next item; null when stopped; throws the failure once the queue is empty. */
    async take(): Promise<T | null> {
      for (;;) {
        if (stopped) return null;
        if (queue.length > 0) {
          if (queue.length === Math.floor(highWaterMark / 2)) inbox.onLow();
          return queue.shift()!;
        }
        if (failure !== null) throw failure instanceof Error ? failure : new ConnectionError(String(failure));
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
  return inbox;
}
