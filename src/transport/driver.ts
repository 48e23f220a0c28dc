/**
 * One connection's life: the socket's events fed to the reconnect policy (./policy.ts),
 * and its decisions carried out — timers, reconnects, the typed events (./events.ts), the
 * `ready` promise. All mutable state is in one Run object; each function does one step.
 */
import type { MqttClient } from 'mqtt';
import { ConnectionError } from '../errors.js';
import type { ConnectionEvent, Gap } from './events.js';
import { describeGiveUp, describeStartFailure } from './give-up.js';
import { holdKeepalive } from './keepalive.js';
import { type Decision, INITIAL_STATE, type PolicyInput, type PolicyState, backoffDelay, stepPolicy } from './policy.js';
import { describeLoss } from './reasons.js';
import { type Settler, type Timers, createSettler, createTimers } from './settle.js';
import { subscribeFilters } from './subscribe.js';

export interface DriverOptions {
  where: string;
  device: string;
  filters: readonly string[];
  qos: 0 | 1 | 2;
  /** A persistent session at QoS 1/2: the broker queues for it while it is away. */
  queued: boolean;
  maxReconnects?: number;
  giveUpAfterMs?: number;
  retryAtStart: boolean;
  connectTimeoutMs: number;
  /** How long close() waits for the broker's side to close. */
  closeGraceMs: number;
}

export interface Driver {
  ready: Promise<void>;
  /** Reading from the socket stops (the output is behind) and goes on: keepalive cannot judge the broker meanwhile. */
  pause(): void;
  resume(): void;
  /** A packet came that MQTT.js did not see (a PUBLISH read past it, ./frames.ts): the broker is alive now. */
  noteAlive(): void;
  stop(): void;
  close(): Promise<void>;
}

interface Run {
  readonly client: MqttClient;
  readonly options: DriverOptions;
  readonly report: (event: ConnectionEvent) => void;
  readonly ready: Settler;
  readonly timers: Timers;
  readonly startedAt: number;
  state: PolicyState;
  /** The socket's error since the last close (null: none yet). */
  lastError: unknown;
  /** The error of the last close, kept for a give-up that comes later (--give-up-after). */
  lastFailure: unknown;
  lastPacketAt: number;
  stopped: boolean;
}

export function driveConnection(client: MqttClient, options: DriverOptions, report: (event: ConnectionEvent) => void): Driver {
  const now = Date.now();
  const run: Run = {
    client, options, report, ready: createSettler(), timers: createTimers(), startedAt: now,
    state: INITIAL_STATE, lastError: null, lastFailure: null, lastPacketAt: now, stopped: false,
  };
  listen(run);
  const keepalive = holdKeepalive(client, () => run.lastPacketAt);
  return {
    ready: run.ready.promise,
    pause: keepalive.pause,
    resume: keepalive.resume,
    noteAlive: () => {
      run.lastPacketAt = Date.now();
    },
    stop: () => stop(run),
    close: () => {
      stop(run);
      const { device, where, closeGraceMs } = options;
      return endClient(client, closeGraceMs, () => report({ type: 'forced-close', device, where, graceMs: closeGraceMs }));
    },
  };
}

function listen(run: Run): void {
  const { client, options } = run;
  client.on('packetreceive', () => (run.lastPacketAt = Date.now()));
  client.on('error', (error) => (run.lastError = error));
  client.on('connect', () => {
    step(run, { type: 'connected' });
    run.report({ type: 'connected', device: options.device, where: options.where });
    subscribeFilters(client, options, run.report, (outcome) => {
      if (run.stopped) return;
      if (outcome instanceof ConnectionError) return fail(run, outcome);
      step(run, { type: outcome });
    });
  });
  client.on('close', () => {
    if (run.stopped) return;
    run.lastFailure = run.lastError;
    // A close the broker sent (FIN, reset) shows the path alive until now; after a keepalive
    // timeout, the last sign of life is the last packet received.
    step(run, { type: 'closed', lastAliveAt: isSilence(run.lastError) ? run.lastPacketAt : Date.now() });
  });
}

function step(run: Run, input: PolicyInput): void {
  const now = Date.now();
  const before = run.state;
  const { state, decision } = stepPolicy(before, input, now, run.options);
  run.state = state;
  act(run, decision, before.lostAt ?? state.lostAt, now);
}

function act(run: Run, decision: Decision, lostAt: number | null, now: number): void {
  switch (decision.type) {
    case 'reconnect':
      return reconnect(run, decision.lost, decision.firstStartFailure, now);
    case 'subscribed':
      if (decision.gapFrom !== null) {
        run.timers.clear('giveUp');
        reportGap(run, decision.gapFrom, now, false);
      }
      if (decision.first) run.ready.resolve();
      return;
    case 'give-up':
      return fail(run, describeGiveUp(decision.rule, {
        options: run.options, where: run.options.where, error: run.lastFailure, lostAt, elapsedMs: now - run.startedAt,
      }));
    case 'none':
      return;
  }
}

function reconnect(run: Run, lost: boolean, firstStartFailure: boolean, now: number): void {
  const { options, state } = run;
  if (lost) {
    const { device, where, giveUpAfterMs } = options;
    run.report({ type: 'reconnecting', device, where, reason: describeLoss(run.lastError, where), since: new Date(state.lostAt!) });
    if (giveUpAfterMs !== undefined) run.timers.set('giveUp', () => step(run, { type: 'deadline' }), state.lostAt! + giveUpAfterMs - now);
  }
  if (firstStartFailure) {
    run.ready.reject(describeStartFailure(run.lastError, options.where, now - run.startedAt, options.connectTimeoutMs));
  }
  run.lastError = null;
  run.timers.set('reconnect', () => run.client.reconnect(), backoffDelay(state.failures));
}

function reportGap(run: Run, from: number, to: number, open: boolean): void {
  const { device, queued } = run.options;
  const gap: Gap = { device, from: new Date(from), to: new Date(to) };
  if (open) gap.open = true;
  if (queued) gap.queued = true;
  run.report({ type: 'gap', device, gap });
}

function fail(run: Run, error: ConnectionError): void {
  run.stopped = true;
  run.state = { ...run.state, done: true };
  run.timers.clearAll();
  run.client.end(true);
  if (run.ready.settled) run.report({ type: 'fatal', device: run.options.device, error });
  else run.ready.reject(error);
}

/** No more reconnects; an outage still open is reported as a gap up to now. */
function stop(run: Run): void {
  if (run.stopped) return;
  run.stopped = true;
  run.timers.clearAll();
  if (run.state.everSubscribed && run.state.lostAt !== null) reportGap(run, run.state.lostAt, Date.now(), true);
}

/** Whether the connection ended in silence (keepalive timeout) rather than by a close from the other end. */
function isSilence(error: unknown): boolean {
  return /keepalive timeout/i.test((error as { message?: string } | null)?.message ?? '');
}

/** DISCONNECT and wait for the broker to close; past `graceMs`, destroy the socket. Never hangs. */
function endClient(client: MqttClient, graceMs: number, onForced: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      onForced();
      client.stream.destroy();
      resolve();
    }, graceMs);
    client.end(false, {}, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
