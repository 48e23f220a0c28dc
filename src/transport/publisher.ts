/**
 * Publishing to a broker (simulate, replay, demo): connect once, then send a stream of
 * messages on schedule, with a window of unacknowledged publishes so a slow broker slows
 * us down instead of filling memory. No reconnects: a lost connection ends the run (exit 3).
 */
import type { MqttClient } from 'mqtt';
import { ConnectionError } from '../errors.js';
import { type ConnectionOptions, clientOptions } from './connection.js';
import { ALLOW_CLIENTS_HINT, type FailureReason, describeFailure } from './reasons.js';
import { type Target, formatTarget } from './target.js';

export type PublisherOptions = Omit<ConnectionOptions, 'filters'>;

export interface OutgoingMessage {
  topic: string;
  payload: Buffer | string;
  /** When to send it, in milliseconds after the first message; 0 or less: at once. */
  dueMs: number;
  /** Which publisher (index into the list given to sendMessages); default 0. */
  to?: number;
}

export interface Publisher {
  /** `mqtt://host:port`, for status lines. */
  readonly where: string;
  /** How many publishes may wait for the broker at once. */
  readonly window: number;
  /** Resolves once the broker has taken the message (QoS 0: written to the socket; 1/2: acknowledged). */
  publish(topic: string, payload: Buffer | string): Promise<void>;
  close(): Promise<void>;
}

export interface SendResult {
  sent: number;
  elapsedMs: number;
}

/**
 * QoS 1/2: publishes waiting for their acknowledgement at most. QoS 0 goes one at a time:
 * a publish is done once the socket took it, and waiting on each keeps mqtt.js from
 * piling up one 'drain' listener per publish when the socket is full.
 */
const QOS_WINDOW = 256;

export interface ConnectedClient {
  client: MqttClient;
  /** The last socket or protocol error mqtt.js reported. */
  lastError(): unknown;
}

/**
 * One MQTT connection, no reconnects: resolves on CONNACK, rejects with a ConnectionError
 * saying why (and the router-side allow-clients hint when that is a likely cause).
 */
// mqtt is loaded lazily: `jetsub --help` and the usage checks never need it.
export async function connectClient(options: PublisherOptions): Promise<ConnectedClient> {
  const { connect } = await import('mqtt');
  const client: MqttClient = connect(clientOptions(options));
  let lastError: unknown = null;
  client.on('error', (error) => (lastError = error));
  await new Promise<void>((resolve, reject) => {
    const onClose = () => reject(connectFailure(lastError, formatTarget(options.target), options.connectTimeoutMs));
    client.once('close', onClose);
    client.once('connect', () => {
      client.off('close', onClose);
      resolve();
    });
  });
  return { client, lastError: () => lastError };
}

async function openPublisher(options: PublisherOptions): Promise<Publisher> {
  const where = formatTarget(options.target);
  const { client, lastError } = await connectClient(options);
  let lost: ConnectionError | null = null;
  let closing = false;
  const waiting = new Set<(error: ConnectionError) => void>();
  client.on('close', () => {
    if (closing) return;
    lost = new ConnectionError(`lost the connection to ${where}: ${describeFailure(lastError(), where).reason}`);
    for (const fail of waiting) fail(lost);
    waiting.clear();
  });
  return {
    where,
    window: options.qos === 0 ? 1 : QOS_WINDOW,
    publish(topic, payload) {
      if (lost) return Promise.reject(lost);
      return new Promise<void>((resolve, reject) => {
        waiting.add(reject);
        client.publish(topic, payload, { qos: options.qos }, (error) => {
          waiting.delete(reject);
          if (error) reject(lost ?? new ConnectionError(`publishing to ${where} failed: ${error.message}`));
          else resolve();
        });
      });
    },
    close() {
      closing = true;
      return new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
    },
  };
}

/**
 * One publisher per target (the first with `connection.clientId`, the others with a suffix,
 * so they do not kick each other off), `work` with them, then every connection closed.
 */
export async function withPublishers<T>(
  targets: readonly Target[],
  connection: Omit<PublisherOptions, 'target'>,
  work: (publishers: Publisher[]) => Promise<T>,
): Promise<T> {
  const publishers: Publisher[] = [];
  try {
    for (const [index, target] of targets.entries()) {
      const clientId = index === 0 ? connection.clientId : `${connection.clientId}-${index}`;
      publishers.push(await openPublisher({ ...connection, target, clientId }));
    }
    return await work(publishers);
  } finally {
    await Promise.all(publishers.map((p) => p.close()));
  }
}

/**
 * Sends every message at its `dueMs` (as soon as possible when behind), keeping at most
 * a window of publishes unacknowledged. Stops early when `signal` aborts; rejects with a
 * ConnectionError when a broker goes away.
 */
export async function sendMessages(
  publishers: readonly Publisher[],
  messages: Iterable<OutgoingMessage> | AsyncIterable<OutgoingMessage>,
  signal: AbortSignal,
): Promise<SendResult> {
  const started = performance.now();
  const window = Math.min(...publishers.map((p) => p.window));
  const pending = new Set<Promise<void>>();
  let failure: unknown = null;
  let sent = 0;
  for await (const message of messages) {
    if (signal.aborted || failure !== null) break;
    const wait = message.dueMs - (performance.now() - started);
    if (wait >= 1) await sleep(wait, signal);
    if (signal.aborted) break;
    const done = publishers[message.to ?? 0]!.publish(message.topic, message.payload).then(
      () => void sent++,
      (error: unknown) => void (failure ??= error),
    );
    pending.add(done);
    void done.finally(() => pending.delete(done));
    if (pending.size >= window) await Promise.race(pending);
  }
  await Promise.all(pending);
  if (failure !== null) throw failure;
  return { sent, elapsedMs: performance.now() - started };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** The first connect failed: the words for the user, and the reason apart (for `doctor`). */
class ConnectFailure extends ConnectionError {
  readonly failure: FailureReason;
  constructor(where: string, failure: FailureReason) {
    super(`cannot connect to ${where}: ${failure.reason}${failure.allowClients ? `\n  ${ALLOW_CLIENTS_HINT}` : ''}`);
    this.failure = failure;
  }
}

function connectFailure(error: unknown, where: string, timeoutMs: number): ConnectFailure {
  return new ConnectFailure(where, error !== null
    ? describeFailure(error, where)
    : { reason: `the broker closed the connection before the MQTT handshake finished, or gave no answer within ${timeoutMs / 1000} s `
      + '(a router closes it for clients not in allow-clients)', allowClients: true });
}
