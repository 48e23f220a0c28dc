/**
 * One broker connection: the only place that touches MQTT sockets. Connects, subscribes on
 * EVERY connect (Juniper's own client subscribes once and goes deaf after a reconnect),
 * reconnects with capped backoff, reports gaps, and pauses reading when the output is behind.
 */
import type { IClientOptions, ISubscriptionGrant, MqttClient } from 'mqtt';
import { ConnectionError } from '../errors.js';
import { ALLOW_CLIENTS_HINT, describeFailure, isSubscriptionRejected } from './reasons.js';
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
}

export interface Gap {
  device: string;
  from: Date;
  to: Date;
}

export interface ConnectionHandlers {
  onMessage(topic: string, payload: Buffer, duplicate: boolean): void;
  /** One status line (connecting, connected, subscribed, reconnecting, rejected). */
  onStatus(line: string): void;
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
  const { connect } = await import('mqtt');
  const where = formatTarget(options.target);
  const device = options.target.device;
  let everSubscribed = false;
  let closing = false;
  let lostAt: Date | null = null;
  let failures = 0;
  let lastError: unknown = null;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let paused = false;
  const heldAcks: (() => void)[] = [];
  let settle: { resolve(): void; reject(e: ConnectionError): void };
  const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));

  const startedAt = Date.now();
  handlers.onStatus(`connecting to ${where} as ${options.clientId}${device !== options.target.host ? ` (${device})` : ''}`);
  const client: MqttClient = connect(clientOptions(options));

  client.handleMessage = (_packet, done) => {
    if (paused) heldAcks.push(() => done());
    else done();
  };
  client.on('message', (topic, payload, packet) => handlers.onMessage(topic, payload, packet.dup === true));
  client.on('error', (error) => {
    lastError = error;
  });
  client.on('connect', () => {
    failures = 0;
    handlers.onStatus(`connected to ${where}`);
    subscribe(client, options, handlers, (problem) => {
      if (problem) return fail(problem);
      if (lostAt) {
        handlers.onGap({ device, from: lostAt, to: new Date() });
        lostAt = null;
      }
      if (!everSubscribed) settle.resolve();
      everSubscribed = true;
    });
  });
  client.on('close', () => {
    if (closing) return;
    if (!everSubscribed) return fail(startFailure(lastError, where, Date.now() - startedAt, options.connectTimeoutMs));
    if (!lostAt) {
      lostAt = new Date();
      handlers.onStatus(`connection to ${where} lost (${describeFailure(lastError, where).reason}); reconnecting`);
    }
    failures++;
    if (options.maxReconnects !== undefined && failures > options.maxReconnects) {
      return fail(new ConnectionError(`gave up on ${where} after ${options.maxReconnects} reconnect attempts: ${describeFailure(lastError, where).reason}`));
    }
    lastError = null;
    const delay = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** (failures - 1));
    reconnectTimer = setTimeout(() => client.reconnect(), delay);
  });

  function fail(error: ConnectionError): void {
    if (closing) return;
    closing = true;
    clearTimeout(reconnectTimer);
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
      return new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
    },
  };
}

function clientOptions(options: ConnectionOptions): IClientOptions {
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
  client.subscribe(request, (error, granted) => {
    if (error) return done(new ConnectionError(`subscribing failed on ${formatTarget(options.target)}: ${error.message}`));
    const grants: ISubscriptionGrant[] = granted ?? [];
    for (const grant of grants) {
      if (isSubscriptionRejected(grant)) handlers.onStatus(`the broker rejected the subscription to ${grant.topic}`);
      else handlers.onStatus(`subscribed to ${grant.topic} (qos ${grant.qos})`);
    }
    if (grants.length > 0 && grants.every(isSubscriptionRejected)) {
      return done(new ConnectionError(`the broker at ${formatTarget(options.target)} rejected every subscription (${options.filters.join(', ')}); check the broker's ACL for this user`));
    }
    done();
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
