/**
 * What `jetsub top` knows: a pure reducer from inputs (records, connection changes) to
 * state. Every window uses the time jetsub received an event (device times carry no zone)
 * and the clock is passed in, never read, so tests drive it.
 *
 * A batch of inputs is applied at once (the command folds what arrived since the last
 * tick): the state is copied once per batch, not once per event, which keeps a routing
 * storm cheap while callers still never see a state change under them.
 */
import type { StreamRecord } from '../record.js';
import { type LinkTrap, readEventId, readLinkTrap, readRouter } from '../pipeline/link-trap.js';
import { type SecondCount, type SecondCounts, addCount, copyFrom, toSecond } from './seconds.js';

export const FLAP_WINDOW_SECONDS = 300;
export const RATE_WINDOW_SECONDS = 10;
/** How many seconds of the events-per-second history are kept (the widest sparkline). */
export const HISTORY_SECONDS = 120;

export type LinkState = 'up' | 'down' | 'unknown';
/** `read`: a device seen in captures or a journal (--read), not connected to. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'read';

export interface InterfaceState {
  /** The connection it came by. */
  readonly device: string;
  /** The router's host-name from its events (the device when they carry none). */
  readonly router: string;
  readonly name: string;
  readonly link: LinkState;
  /** Completed flaps (down, then up) per second, within the flap window. */
  readonly flaps: SecondCounts;
  /** When the link state last changed (ms), null before any link trap. */
  readonly lastChange: number | null;
  /** When the last event of any kind about it arrived (ms). */
  readonly lastEvent: number;
  readonly lastEventId: string;
  /** Events per second, within the rate window. */
  readonly recent: SecondCounts;
  readonly events: number;
}

export interface DeviceState {
  readonly connection: ConnectionState;
  readonly events: number;
  readonly gaps: number;
}

export interface TopState {
  /** The clock of the last batch (ms). */
  readonly now: number;
  /** When top started (ms): until the rate window is full, rates are over the time since. */
  readonly startedAt: number;
  /** Keyed by interfaceKey(device, router, name). */
  readonly interfaces: ReadonlyMap<string, InterfaceState>;
  readonly devices: ReadonlyMap<string, DeviceState>;
  /** Every event per second, within HISTORY_SECONDS. */
  readonly perSecond: SecondCounts;
  /** Event ids (or kind/action when there is none) since start. */
  readonly eventIds: ReadonlyMap<string, number>;
  readonly events: number;
  readonly invalid: number;
  /** Payloads over --max-payload, skipped. */
  readonly oversize: number;
}

export type TopInput =
  | StreamRecord
  | { type: 'connection'; device: string; state: ConnectionState }
  | { type: 'oversize'; device: string };

export function createTopState(now: number, devices: readonly string[] = []): TopState {
  const initial: DeviceState = { connection: 'connecting', events: 0, gaps: 0 };
  return {
    now, startedAt: now, interfaces: new Map(), devices: new Map(devices.map((d) => [d, initial])), perSecond: [],
    eventIds: new Map(), events: 0, invalid: 0, oversize: 0,
  };
}

export function interfaceKey(device: string, router: string, name: string): string {
  return `${device}\u0000${router}\u0000${name}`;
}

type Draft = { -readonly [K in keyof InterfaceState]: InterfaceState[K] } & { flaps: SecondCount[]; recent: SecondCount[] };

/** The state after `inputs`, with the clock at `now`. Neither argument is changed. */
export function applyInputs(state: TopState, inputs: readonly TopInput[], now: number): TopState {
  const nowSecond = toSecond(now);
  const interfaces = new Map(state.interfaces);
  const drafts = new Map<string, Draft>();
  const devices = new Map(state.devices);
  const eventIds = new Map(state.eventIds);
  const perSecond = copyFrom(state.perSecond, nowSecond - HISTORY_SECONDS + 1);
  let { events, invalid, oversize } = state;

  const draftOf = (device: string, router: string, name: string, at: number): Draft => {
    const key = interfaceKey(device, router, name);
    let draft = drafts.get(key);
    if (draft === undefined) {
      const old = interfaces.get(key);
      draft = old === undefined
        ? { device, router, name, link: 'unknown', flaps: [], lastChange: null, lastEvent: at, lastEventId: '', recent: [], events: 0 }
        : {
            ...old,
            flaps: copyFrom(old.flaps, nowSecond - FLAP_WINDOW_SECONDS + 1),
            recent: copyFrom(old.recent, nowSecond - RATE_WINDOW_SECONDS + 1),
          };
      drafts.set(key, draft);
      interfaces.set(key, draft);
    }
    return draft;
  };
  const updateDevice = (device: string, change: (old: DeviceState) => DeviceState) => {
    devices.set(device, change(devices.get(device) ?? { connection: 'connected', events: 0, gaps: 0 }));
  };

  for (const input of inputs) {
    if (input.type === 'connection') updateDevice(input.device, (d) => ({ ...d, connection: input.state }));
    else if (input.type === 'oversize') oversize++;
    else if (input.type === 'gap') updateDevice(input.device, (d) => ({ ...d, gaps: d.gaps + 1 }));
    else {
      const at = receivedAt(input.received_at, now);
      const id = readEventId(input) ?? (input.action === null ? input.kind : `${input.kind}/${input.action}`);
      events++;
      if (input.valid === false) invalid++;
      addCount(perSecond, toSecond(at), 1);
      eventIds.set(id, (eventIds.get(id) ?? 0) + 1);
      updateDevice(input.device, (d) => ({ ...d, events: d.events + 1 }));
      const trap = readLinkTrap(input);
      const name = trap?.interface ?? readInterfaceOf(input);
      if (name !== undefined) recordActivity(draftOf(input.device, readRouter(input), name, at), trap, id, at);
    }
  }
  return { now, startedAt: state.startedAt, interfaces, devices, perSecond, eventIds, events, invalid, oversize };
}

/** One event about an interface: activity; with a link trap, its link state, and a flap when it comes back up. */
function recordActivity(draft: Draft, trap: LinkTrap | null, eventId: string, at: number): void {
  const second = toSecond(at);
  draft.events++;
  draft.lastEvent = Math.max(draft.lastEvent, at);
  draft.lastEventId = eventId;
  addCount(draft.recent, second, 1);
  if (trap === null || draft.link === trap.direction) return;
  if (trap.direction === 'up' && draft.link === 'down') addCount(draft.flaps, second, 1);
  draft.link = trap.direction;
  draft.lastChange = at;
}

/** Kernel interface events count as activity of their physical interface. */
function readInterfaceOf(record: StreamRecord & { type: 'event' }): string | undefined {
  const { kind, topic_fields: fields } = record;
  if (kind === 'ifd') return fields.interface;
  if (kind === 'ifl' || kind === 'iff' || kind === 'ifa') return fields.ifd ?? fields.interface;
  return undefined;
}

function receivedAt(iso: string, fallback: number): number {
  const at = Date.parse(iso);
  return Number.isFinite(at) ? at : fallback;
}
