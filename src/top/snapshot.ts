/**
 * `jetsub top -o json`: the state as one `{"type":"top"}` object per interval, one per line
 * (described by schemas/top.schema.json). Pure.
 */
import { FLAP_WINDOW_SECONDS, RATE_WINDOW_SECONDS, type TopState } from './state.js';
import { type RowQuery, selectRows, summarizeDevices, topEventIds, totalRate } from './summary.js';

/** How many event ids a snapshot lists. */
const SNAPSHOT_EVENT_IDS = 10;

const iso = (milliseconds: number) => new Date(milliseconds).toISOString();
const round = (n: number) => Math.round(n * 100) / 100;

export function toSnapshot(state: TopState, query: RowQuery): Record<string, unknown> {
  return {
    type: 'top',
    at: iso(state.now),
    flap_window_s: FLAP_WINDOW_SECONDS,
    rate_window_s: RATE_WINDOW_SECONDS,
    events: state.events,
    invalid: state.invalid,
    oversize: state.oversize,
    events_per_s: round(totalRate(state)),
    devices: summarizeDevices(state),
    event_ids: topEventIds(state, SNAPSHOT_EVENT_IDS).map(([eventId, count]) => ({ event_id: eventId, count })),
    interfaces: selectRows(state, query).map((row) => ({
      device: row.device,
      router: row.router,
      interface: row.name,
      link: row.link,
      flaps: row.flaps,
      last_change: row.lastChange === null ? null : iso(row.lastChange),
      last_event_at: iso(row.lastEvent),
      last_event_id: row.lastEventId,
      events_per_s: round(row.rate),
      events: row.events,
    })),
  };
}
