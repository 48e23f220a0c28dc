/**
 * What the broker dropped while jetsub could not take it (issue 17, silent loss). JET payloads
 * carry no sequence number, so jetsub cannot see a hole in the stream; mosquitto counts what
 * it drops (QoS 0 for a client behind by max_queued_messages, QoS 1 past the queue of an
 * absent or slow session) in `$SYS/broker/publish/messages/dropped`, retained and published
 * every sys_interval (10 s by default) when it changed. The counter is the broker's, over all
 * its clients: a rise is a bound on what jetsub lost, exact when jetsub is its only subscriber.
 *
 * Every rise is reported: jetsub falls behind a broker without ever pausing too (a storm
 * faster than it decodes, or QoS 1 with its window of unacknowledged messages: 1,149 of
 * 20,000 arrived in issue 17). Its words say why when an episode explains it — reading
 * paused (`behind`), a persistent session away (`away`: the broker queues for it) — and for
 * SETTLE_MS after one closed, the time for the broker's next reading to come, the rises add
 * up since the episode began. `stepDrops` is pure and tested as a table
 * (test/unit/transport/drops.test.ts); `watchDrops` wires it to a client.
 */
import type { MqttClient } from 'mqtt';
import type { ConnectionEvent, DropCause } from './events.js';

export const DROPPED_TOPIC = '$SYS/broker/publish/messages/dropped';

/** 1.5 × mosquitto's default sys_interval: a reading that comes later is not about the episode. */
export const SETTLE_MS = 15_000;

interface Episode {
  since: number;
  causes: DropCause[];
  /** Dropped so far in this episode. */
  counted: number;
  /** When the last cause closed (null: one is open). */
  closedAt: number | null;
}

export interface DropState {
  /** The broker's counter as last read, and when; null before the first reading (the baseline). */
  latest: number | null;
  latestAt: number | null;
  open: readonly DropCause[];
  episode: Episode | null;
}

export type DropInput =
  | { type: 'reading'; value: number }
  /** `at`: since when (a loss starts at the last sign of life, before it was noticed). */
  | { type: 'open'; cause: DropCause; at: number }
  | { type: 'close'; cause: DropCause };

export interface DropReport {
  /** The rise of this reading. */
  count: number;
  /** Every rise of the episode so far (without an episode: `count`). */
  total: number;
  /** The episode's start; without one, the reading before. */
  since: number;
  causes: readonly DropCause[];
}

export const INITIAL_DROPS: DropState = { latest: null, latestAt: null, open: [], episode: null };

export function stepDrops(state: DropState, input: DropInput, now: number): { state: DropState; report: DropReport | null } {
  const episode = isLive(state.episode, now) ? state.episode : null;
  switch (input.type) {
    case 'open': {
      const open = state.open.includes(input.cause) ? state.open : [...state.open, input.cause];
      const next: Episode = episode === null
        ? { since: Math.min(input.at, now), causes: [input.cause], counted: 0, closedAt: null }
        : { ...episode, causes: episode.causes.includes(input.cause) ? episode.causes : [...episode.causes, input.cause], closedAt: null };
      return { state: { ...state, open, episode: next }, report: null };
    }
    case 'close': {
      const open = state.open.filter((c) => c !== input.cause);
      const closed = episode !== null && open.length === 0 && episode.closedAt === null ? { ...episode, closedAt: now } : episode;
      return { state: { ...state, open, episode: closed }, report: null };
    }
    case 'reading': {
      const rise = state.latest === null ? 0 : input.value >= state.latest ? input.value - state.latest : input.value;
      const read = { ...state, latest: input.value, latestAt: now, episode };
      if (rise === 0) return { state: read, report: null };
      // No episode: since the reading before (rise > 0 means there was one).
      if (episode === null) return { state: read, report: { count: rise, total: rise, since: state.latestAt!, causes: [] } };
      const counted = episode.counted + rise;
      return {
        state: { ...read, episode: { ...episode, counted } },
        report: { count: rise, total: counted, since: episode.since, causes: episode.causes },
      };
    }
  }
}

/** Open, or closed less than SETTLE_MS ago. */
function isLive(episode: Episode | null, now: number): episode is Episode {
  return episode !== null && (episode.closedAt === null || now - episode.closedAt <= SETTLE_MS);
}

/** Parses the counter's payload (a decimal number as text); null for anything else. */
export function parseDropCount(payload: Buffer): number | null {
  const text = payload.toString('latin1').trim();
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}

export interface DropWatch {
  /** A message on DROPPED_TOPIC. */
  read(payload: Buffer): void;
  pause(): void;
  resume(): void;
  /** The connection's own events: a persistent session's loss opens an episode, its gap closes it. */
  onEvent(event: ConnectionEvent): void;
}

export interface DropWatchOptions {
  device: string;
  where: string;
  /** A persistent session at QoS 1/2: the broker queues for it while it is away. */
  queued: boolean;
  /** false (--no-broker-drops): never subscribe; nothing is read or said. */
  subscribe?: boolean;
}

/**
 * Subscribes to the broker's counter on every connect (QoS 0; a broker without it, or that
 * refuses it, just never answers: nothing is said) and reports each rise that is jetsub's.
 */
export function watchDrops(client: MqttClient, options: DropWatchOptions, report: (event: ConnectionEvent) => void): DropWatch {
  let state = INITIAL_DROPS;
  const step = (input: DropInput) => {
    const result = stepDrops(state, input, Date.now());
    state = result.state;
    if (result.report === null) return;
    const { count, total, since, causes } = result.report;
    report({ type: 'dropped', device: options.device, where: options.where, count, total, since: new Date(since), causes });
  };
  if (options.subscribe !== false) client.on('connect', () => client.subscribe(DROPPED_TOPIC, { qos: 0 }, () => undefined));
  return {
    read(payload) {
      const value = parseDropCount(payload);
      if (value !== null) step({ type: 'reading', value });
    },
    pause: () => step({ type: 'open', cause: 'behind', at: Date.now() }),
    resume: () => step({ type: 'close', cause: 'behind' }),
    onEvent(event) {
      if (!options.queued) return;
      if (event.type === 'reconnecting') step({ type: 'open', cause: 'away', at: event.since.getTime() });
      if (event.type === 'gap') step({ type: 'close', cause: 'away' });
    },
  };
}
