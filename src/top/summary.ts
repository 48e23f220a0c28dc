/**
 * The state read for display: interface rows with their windows counted at the state's
 * clock, filtered and sorted; device totals; the busiest event ids. Pure; the screen, the
 * text snapshots and the JSON snapshots all read the state through here.
 */
import { compileNameGlob } from '../topics/glob.js';
import { type SecondCounts, sumFrom, toSecond } from './seconds.js';
import {
  type ConnectionState, FLAP_WINDOW_SECONDS, type InterfaceState, type LinkState, RATE_WINDOW_SECONDS, type TopState,
} from './state.js';

export const SORTS = ['recent', 'flaps', 'rate', 'name'] as const;
export type SortMode = (typeof SORTS)[number];

export interface InterfaceRow {
  device: string;
  router: string;
  name: string;
  link: LinkState;
  /** Flaps within the flap window. */
  flaps: number;
  lastChange: number | null;
  lastEvent: number;
  lastEventId: string;
  /** Events per second over the rate window. */
  rate: number;
  events: number;
}

export interface DeviceSummary {
  device: string;
  connection: ConnectionState;
  events: number;
  gaps: number;
  interfaces: number;
  down: number;
  flaps: number;
}

export interface RowQuery {
  sort: SortMode;
  /** An interface glob, as for --ifd: with a `/` level by level, without one `*` spans levels. */
  filter?: string;
}

/**
 * Events per second in `counts` over the rate window, divided by the time the window covers:
 * since start while it is not full yet (at least a second, so the first events do not spike),
 * so a steady stream reads the same from its first snapshot on instead of ramping up.
 */
function ratePerSecond(state: Pick<TopState, 'now' | 'startedAt'>, counts: SecondCounts): number {
  const first = toSecond(state.now) - RATE_WINDOW_SECONDS + 1;
  const covered = (state.now - Math.max(state.startedAt, first * 1000)) / 1000;
  return sumFrom(counts, first) / Math.max(1, covered);
}

export function summarizeInterface(state: Pick<TopState, 'now' | 'startedAt'>, iface: InterfaceState): InterfaceRow {
  const second = toSecond(state.now);
  return {
    device: iface.device,
    router: iface.router,
    name: iface.name,
    link: iface.link,
    flaps: sumFrom(iface.flaps, second - FLAP_WINDOW_SECONDS + 1),
    lastChange: iface.lastChange,
    lastEvent: iface.lastEvent,
    lastEventId: iface.lastEventId,
    rate: ratePerSecond(state, iface.recent),
    events: iface.events,
  };
}

const byName = (a: InterfaceRow, b: InterfaceRow) =>
  a.router.localeCompare(b.router, 'en', { numeric: true }) || a.name.localeCompare(b.name, 'en', { numeric: true })
  || a.device.localeCompare(b.device, 'en', { numeric: true });
const byRecent = (a: InterfaceRow, b: InterfaceRow) => b.lastEvent - a.lastEvent || byName(a, b);

const COMPARE: Record<SortMode, (a: InterfaceRow, b: InterfaceRow) => number> = {
  recent: byRecent,
  flaps: (a, b) => b.flaps - a.flaps || byRecent(a, b),
  rate: (a, b) => b.rate - a.rate || byRecent(a, b),
  name: byName,
};

export function selectRows(state: TopState, query: RowQuery): InterfaceRow[] {
  const match = query.filter === undefined || query.filter === '' ? undefined : compileNameGlob(query.filter);
  const rows: InterfaceRow[] = [];
  for (const iface of state.interfaces.values()) {
    if (match === undefined || match.test(iface.name)) rows.push(summarizeInterface(state, iface));
  }
  return rows.sort(COMPARE[query.sort]);
}

export function summarizeDevices(state: TopState): DeviceSummary[] {
  const totals = new Map<string, DeviceSummary>();
  for (const [device, d] of state.devices) {
    totals.set(device, { device, connection: d.connection, events: d.events, gaps: d.gaps, interfaces: 0, down: 0, flaps: 0 });
  }
  for (const iface of state.interfaces.values()) {
    const total = totals.get(iface.device);
    if (total === undefined) continue;
    const row = summarizeInterface(state, iface);
    total.interfaces++;
    if (row.link === 'down') total.down++;
    total.flaps += row.flaps;
  }
  return [...totals.values()].sort((a, b) => a.device.localeCompare(b.device, 'en', { numeric: true }));
}

/** The `n` most frequent event ids, most frequent first. */
export function topEventIds(state: TopState, n: number): [id: string, count: number][] {
  return [...state.eventIds].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
}

/** Events per second over the rate window, every device together. */
export function totalRate(state: TopState): number {
  return ratePerSecond(state, state.perSecond);
}
