/**
 * One broker connection: the only place that touches MQTT sockets. Connects, subscribes on
 * EVERY connect (Juniper's own client subscribes once and goes deaf after a reconnect),
 * reconnects with capped backoff, reports gaps, and pauses reading when the output is behind.
 */
import type { Socket } from 'node:net';
import type { IClientOptions, MqttClient, StreamBuilder } from 'mqtt';
import { driveConnection } from './driver.js';
import { DROPPED_TOPIC, watchDrops } from './drops.js';
import type { ConnectionEvent } from './events.js';
import { type AttachedFramer, attachFramer } from './frames.js';
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
  /** PUBLISH packets this far over the limit are dropped while framing (./frames.ts); default: none are. */
  maxPayload?: number;
  /** false (--no-broker-drops): no subscription to the broker's dropped counter (./drops.ts). */
  brokerDrops?: boolean;
}

export type { Gap } from './events.js';

export interface ConnectionHandlers {
  /**
   * `duplicate`: the broker flagged a redelivery (MQTT DUP). A returned promise holds the
   * QoS 1/2 acknowledgement until it settles: resolve it once the record is written out.
   */
  onMessage(topic: string, payload: Buffer, duplicate: boolean): void | Promise<void>;
  /**
   * Every change of the connection's state, typed (./events.ts; describeConnectionEvent has
   * the words). A `fatal` comes only once `ready` has settled; before that, `ready` rejects.
   */
  onEvent(event: ConnectionEvent): void;
  /** A PUBLISH over maxPayload was dropped while framing (./frames.ts), before it was read whole. */
  onOversize?(topic: string, bytes: number): void;
}

export interface Connection {
  /** Settles after the first connect and subscribe; rejects with a ConnectionError. */
  ready: Promise<void>;
  pause(): void;
  resume(): void;
  /**
   * Stops reconnecting, and reports an outage still open as a gap (`open`, to = now). Called
   * by close(); call it sooner to have that gap before the output is flushed.
   */
  stop(): void;
  /** Disconnects; a broker that does not close its side within CLOSE_GRACE_MS is cut off (forced-close). */
  close(): Promise<void>;
}

/**
 * How long close() waits for the broker to close its side after the DISCONNECT. mosquitto
 * does within a millisecond; a hung broker (SIGSTOPped, a dead path) never does, and jetsub
 * must end anyway (issue 17: every way of ending ends within ~1 s).
 */
const CLOSE_GRACE_MS = 300;

// mqtt is loaded lazily: `jetsub --help`, `--version` and `--dry-run` never need it.
export async function openConnection(options: ConnectionOptions, handlers: ConnectionHandlers): Promise<Connection> {
  const { MqttClient } = await import('mqtt');
  const { target } = options;
  const where = formatTarget(target);
  handlers.onEvent({ type: 'connecting', device: target.device, where, clientId: options.clientId, host: target.host });
  // mqtt-packet's cache of 65,536 two-byte buffers costs ~6 ms and ~13 MiB of RSS at start-up,
  // for the few packets a subscriber writes.
  // The client over a socket of our own making (./stream.ts), not MQTT.js's connect().
  const mqttOptions: IClientOptions = { ...clientOptions(options), writeCache: false };
  const queued = !options.clean && options.qos > 0;
  // The broker's count of dropped messages (./drops.ts) is read here, never passed on as an event.
  // (Messages and connection events come only once the client connects, after `drops` is made.)
  const onMessage: ConnectionHandlers['onMessage'] = (topic, payload, duplicate) => (topic === DROPPED_TOPIC
    ? drops.read(payload) : handlers.onMessage(topic, payload, duplicate));
  // A PUBLISH read past MQTT.js (the fast path) is a sign of life that MQTT.js does not see.
  const framing = createFraming(options, { ...handlers, onMessage }, () => driver.noteAlive());
  const client: MqttClient = new MqttClient(framing.wrap(await createStreamBuilder(mqttOptions)), mqttOptions);
  const gate = holdAcknowledgements(client, onMessage);
  const driver = driveConnection(client, {
    ...options, where, device: target.device, queued, retryAtStart: options.retryAtStart === true, closeGraceMs: CLOSE_GRACE_MS,
  }, (event) => {
    drops.onEvent(event);
    framing.onEvent(event);
  });
  const drops = watchDrops(client, { device: target.device, where, queued, subscribe: options.brokerDrops !== false }, handlers.onEvent);
  const pause = () => {
    driver.pause();
    drops.pause();
    gate.pause();
    framing.pause();
  };
  const resume = () => {
    driver.resume();
    drops.resume();
    gate.resume();
    framing.resume();
  };
  return { ready: driver.ready, pause, resume, stop: driver.stop, close: driver.close };
}

/**
 * Every socket the builder makes, framed (./frames.ts): oversize PUBLISH packets dropped while
 * framing, reading paused and resumed there, and — QoS 0 over MQTT 3.1.1 on plain TCP, a
 * router's broker — QoS 0 PUBLISH packets decoded from the socket's bytes past MQTT.js, once
 * the subscription is acknowledged (MQTT.js keeps the session: connect, subscribe, keepalive,
 * QoS 1/2, MQTT 5). Not over TLS: not measured nor tested there yet.
 */
function createFraming(options: ConnectionOptions, handlers: ConnectionHandlers, noteAlive: () => void) {
  const fast = options.qos === 0 && options.protocolVersion !== 5 && options.target.protocol === 'mqtt';
  const onPublish = fast ? (topic: string, payload: Buffer) => {
    noteAlive();
    void handlers.onMessage(topic, payload, false);
  } : undefined;
  const onOversize = (topic: string, bytes: number) => handlers.onOversize?.(topic, bytes);
  let attached: AttachedFramer | undefined;
  let paused = false;
  return {
    wrap: (build: StreamBuilder): StreamBuilder => (client) => {
      const socket = build(client) as Socket;
      const framerOptions = { maxPayload: options.maxPayload ?? Number.MAX_SAFE_INTEGER, protocolVersion: options.protocolVersion };
      attached = attachFramer(socket, framerOptions, { onOversize, onPublish });
      if (paused) attached.pause();
      return socket;
    },
    onEvent(event: ConnectionEvent): void {
      if (event.type === 'subscribed' && attached && onPublish) attached.framer.fast = true;
      handlers.onEvent(event);
    },
    pause() {
      paused = true;
      attached?.pause();
    },
    resume() {
      paused = false;
      attached?.resume();
    },
  };
}

/**
 * QoS 1/2: the broker forgets a message once we acknowledge it, so the acknowledgement
 * waits for onMessage's promise (the record written out): a crash loses nothing acked.
 * While paused (the output is behind), acknowledgements are held too.
 * mqtt.js emits 'message' and then calls handleMessage with the same packet.
 */
function holdAcknowledgements(client: MqttClient, onMessage: ConnectionHandlers['onMessage']): { pause(): void; resume(): void } {
  let paused = false;
  const heldAcks: (() => void)[] = [];
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
    const delivered = onMessage(topic, payload, packet.dup === true);
    if (delivered !== undefined && packet.qos > 0) deliveries.set(packet, delivered);
  });
  return {
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      for (const ack of heldAcks.splice(0)) ack();
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
    const { ca, cert, key, servername, rejectUnauthorized } = tls;
    Object.assign(base, { ca, cert, key, servername, rejectUnauthorized });
  }
  return base;
}
