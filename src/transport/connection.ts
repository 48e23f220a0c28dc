/**
 * One broker connection: the only place that touches MQTT sockets. Connects, subscribes on
 * EVERY connect (Juniper's own client subscribes once and goes deaf after a reconnect),
 * reconnects with capped backoff, reports gaps, and pauses reading when the output is behind.
 */
import type { IClientOptions, ISubscriptionGrant, MqttClient } from 'mqtt';
import { ConnectionError } from '../errors.js';
import { ALLOW_CLIENTS_HINT, describeFailure, describeLoss, describeSubackCode, isSubscriptionRejected } from './reasons.js';
import { createStreamBuilder } from './stream.js';
import { type Target, formatTarget } from './target.js';

export interface TlsOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  servername?: string;
  /** false only with --insecure. */
  rejectUnauthorized: boolean;
}

export interface ConnectionOptions {
  target: Target;
  clientId: string;
  /** 3 = MQTT 3.1, 4 = MQTT 3.1.1, 5 = MQTT 5. */
  protocolVersion: 3 | 4 | 5;
  keepalive: number;
  qos: 0 | 1 | 2;
  filters: readonly string[];
  username?: string;
  password?: string;
  /** false keeps a persistent session (--session). */
  clean: boolean;
  /** MQTT 5 session expiry, seconds. */
  sessionExpiry?: number;
  tls?: TlsOptions;
  connectTimeoutMs: number;
  /** Give up after this many failed reconnect attempts in a row (undefined: never). */
  maxReconnects?: number;
  /** Give up when a lost connection is not back within this many milliseconds (undefined: never). */
  giveUpAfterMs?: number;
  /** Keep trying when the first connect fails (fan-in: one router down never stops the others). */
  retryAtStart?: boolean;
}

export interface Gap {
  device: string;
  from: Date;
  to: Date;
}

export interface ConnectionHandlers {
  /**
   * `duplicate`: the broker flagged a redelivery (MQTT DUP). A returned promise holds the
   * QoS 1/2 acknowledgement until it settles: resolve it once the record is written out.
   */
  onMessage(topic: string, payload: Buffer, duplicate: boolean): void | Promise<void>;
  /** One status line (connecting, connected, subscribed, reconnecting). */
  onStatus(line: string): void;
  /** Something the user must see even with --quiet (a rejected subscription); onStatus when absent. */
  onWarning?(line: string): void;
  onGap(gap: Gap): void;
  /** After start-up: the connection can no longer do its job (gave up, every subscription rejected). */
  onFatal(error: ConnectionError): void;
}

export interface Connection {
  /** Settles after the first connect and subscribe; rejects with a ConnectionError. */
  ready: Promise<void>;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

const BACKOFF_FIRST_MS = 100;
const BACKOFF_CAP_MS = 1500;

// mqtt is loaded lazily: `jetsub --help`, `--version` and `--dry-run` never need it.
export async function openConnection(options: ConnectionOptions, handlers: ConnectionHandlers): Promise<Connection> {
  const { MqttClient } = await import('mqtt');
  const where = formatTarget(options.target);
  const device = options.target.device;
  let everSubscribed = false;
  let closing = false;
  let lostAt: Date | null = null;
  let failures = 0;
  let lastError: unknown = null;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let giveUpTimer: NodeJS.Timeout | undefined;
  let lastReason = '';
  let paused = false;
  const heldAcks: (() => void)[] = [];
  let settle: { resolve(): void; reject(e: ConnectionError): void };
  const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));

  const startedAt = Date.now();
  handlers.onStatus(`connecting to ${where} as ${options.clientId}${device !== options.target.host ? ` (${device})` : ''}`);
  // mqtt-packet's cache of 65,536 two-byte buffers costs ~6 ms and ~13 MiB of RSS at start-up,
  // for the few packets a subscriber writes.
  // The client over a socket of our own making (./stream.ts), not MQTT.js's connect().
  const mqttOptions: IClientOptions = { ...clientOptions(options), writeCache: false };
  const client: MqttClient = new MqttClient(await createStreamBuilder(mqttOptions), mqttOptions);

  // QoS 1/2: the broker forgets a message once we acknowledge it, so the acknowledgement
  // waits for onMessage's promise (the record written out): a crash loses nothing acked.
  // mqtt.js emits 'message' and then calls handleMessage with the same packet.
  const deliveries = new WeakMap<object, Promise<void>>();
  client.handleMessage = (packet, done) => {
    const ack = () => {
      if (paused) heldAcks.push(() => done());
      else done();
    };
    const delivered = deliveries.get(packet);
    if (delivered === undefined) ack();
    else void delivered.then(ack, () => undefined);
  };
  client.on('message', (topic, payload, packet) => {
    const delivered = handlers.onMessage(topic, payload, packet.dup === true);
    if (delivered !== undefined && packet.qos > 0) deliveries.set(packet, delivered);
  });
  client.on('error', (error) => {
    lastError = error;
  });
  client.on('connect', () => {
    failures = 0;
    handlers.onStatus(`connected to ${where}`);
    subscribe(client, options, handlers, (problem) => {
      if (problem) return fail(problem);
      if (lostAt) {
        clearTimeout(giveUpTimer);
        handlers.onGap({ device, from: lostAt, to: new Date() });
        lostAt = null;
      }
      if (!everSubscribed) settle.resolve();
      everSubscribed = true;
    });
  });
  client.on('close', () => {
    if (closing) return;
    if (!everSubscribed) {
      const failure = startFailure(lastError, where, Date.now() - startedAt, options.connectTimeoutMs);
      if (!options.retryAtStart) return fail(failure);
      if (failures === 0) settle.reject(failure);
    } else if (!lostAt) {
      lostAt = new Date();
      handlers.onStatus(`connection to ${where} lost (${describeLoss(lastError, where)}); reconnecting`);
      if (options.giveUpAfterMs !== undefined) giveUpTimer = setTimeout(giveUp, options.giveUpAfterMs, lostAt);
    }
    lastReason = describeFailure(lastError, where).reason;
    failures++;
    if (options.maxReconnects !== undefined && failures > options.maxReconnects) {
      return fail(new ConnectionError(`gave up on ${where} after ${options.maxReconnects} failed reconnect attempts (--max-reconnects): ${lastReason}`));
    }
    lastError = null;
    const delay = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** (failures - 1));
    reconnectTimer = setTimeout(() => client.reconnect(), delay);
  });

  function giveUp(since: Date): void {
    const seconds = (options.giveUpAfterMs ?? 0) / 1000;
    fail(new ConnectionError(`gave up on ${where}: not back within ${seconds} s of losing it at ${since.toISOString()} (--give-up-after): ${lastReason}`));
  }

  function fail(error: ConnectionError): void {
    if (closing) return;
    closing = true;
    clearTimeout(reconnectTimer);
    clearTimeout(giveUpTimer);
    client.end(true);
    if (everSubscribed) handlers.onFatal(error);
    else settle.reject(error);
  }

  return {
    ready,
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      for (const ack of heldAcks.splice(0)) ack();
    },
    close() {
      closing = true;
      clearTimeout(reconnectTimer);
      clearTimeout(giveUpTimer);
      return new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
    },
  };
}

/** mqtt.js options for one broker; reconnects are never mqtt.js's own (publisher.ts uses it too). */
export function clientOptions(options: Omit<ConnectionOptions, 'filters'>): IClientOptions {
  const { target, tls } = options;
  const base: IClientOptions = {
    protocol: target.protocol,
    host: target.host,
    port: target.port,
    clientId: options.clientId,
    protocolVersion: options.protocolVersion,
    keepalive: options.keepalive,
    clean: options.clean,
    // Reconnects are driven here (capped backoff) and subscriptions renewed on every connect.
    reconnectPeriod: 0,
    resubscribe: false,
    // mqtt.js calls its debug logger several times per message even when it is off: ~3% of
    // the CPU of a storm (bench/). jetsub reports connection events itself.
    log: () => undefined,
    connectTimeout: options.connectTimeoutMs,
    username: options.username,
    password: options.password,
  };
  if (options.protocolVersion === 5 && options.sessionExpiry !== undefined) {
    base.properties = { sessionExpiryInterval: options.sessionExpiry };
  }
  if (target.protocol === 'mqtts' && tls) {
    Object.assign(base, { ca: tls.ca, cert: tls.cert, key: tls.key, servername: tls.servername, rejectUnauthorized: tls.rejectUnauthorized });
  }
  return base;
}

function subscribe(client: MqttClient, options: ConnectionOptions, handlers: ConnectionHandlers, done: (problem?: ConnectionError) => void): void {
  const request = Object.fromEntries(options.filters.map((f) => [f, { qos: options.qos }]));
  client.subscribe(request, (error, requested, suback) => {
    const grants = readGrants(error, requested, suback);
    if (grants === null) return done(new ConnectionError(`subscribing failed on ${formatTarget(options.target)}: ${error?.message ?? 'no SUBACK'}`));
    // mosquitto writes the SUBACK and the retained messages separately, and Nagle holds the
    // retained ones until the SUBACK is acknowledged, which the kernel delays ~40 ms while we
    // have nothing to send. A PINGREQ at once carries that ACK: retained events arrive ~45 ms
    // sooner (BENCHMARKS.md). mosquitto_sub waits the 40 ms.
    client.sendPing();
    for (const grant of grants) {
      if (isSubscriptionRejected(grant)) {
        (handlers.onWarning ?? handlers.onStatus)(`the broker rejected the subscription to ${grant.topic} (SUBACK ${describeSubackCode(grant.qos)}): its events will not arrive`);
      } else {
        handlers.onStatus(`subscribed to ${grant.topic} (qos ${grant.qos})`);
      }
    }
    if (grants.length > 0 && grants.every(isSubscriptionRejected)) {
      return done(new ConnectionError(`the broker at ${formatTarget(options.target)} rejected every subscription (${options.filters.join(', ')}); check the broker's ACL for this user`));
    }
    done();
  });
}

/**
 * Each filter with what the broker granted. mqtt.js reports a SUBACK that refuses any filter
 * as an error, with the granted codes still in the packet: a partial refusal is not a failure.
 */
function readGrants(error: Error | null, requested: ISubscriptionGrant[] | undefined, suback: { granted?: unknown[] } | undefined): { topic: string; qos: number }[] | null {
  if (!error) return requested ?? [];
  const codes = suback?.granted;
  if (requested === undefined || codes === undefined || codes.length !== requested.length) return null;
  return requested.map((sub, i) => {
    const code = codes[i];
    return { ...sub, qos: typeof code === 'number' ? code : 0x80 };
  });
}

function startFailure(error: unknown, where: string, elapsedMs: number, timeoutMs: number): ConnectionError {
  const { reason, allowClients } = error !== null
    ? describeFailure(error, where)
    : elapsedMs >= timeoutMs
      ? { reason: `no MQTT answer within ${timeoutMs / 1000} s`, allowClients: true }
      : { reason: 'the broker closed the connection before the MQTT handshake finished (a router does this to clients not in allow-clients)', allowClients: true };
  return new ConnectionError(`cannot connect to ${where}: ${reason}${allowClients ? `\n  ${ALLOW_CLIENTS_HINT}` : ''}`);
}
