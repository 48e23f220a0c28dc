/**
 * `jetsub tail --collapse-flaps <window>`: the link traps of one interface are held from
 * its first trap for the window. When the window closes, a window with at least one flap
 * (a down, then an up) becomes one flaps record; a window without one lets its traps through
 * as they were, late by up to the window. Every other record passes at once.
 *
 * Live, the window is wall-clock time. Reading captures (--read), it is the records' own
 * time: a window closes once a record received past its end is read, so traps hours apart
 * in a journal never fall into one window however fast it is read.
 */
import type { FlapsRecord, LinkDirection, StreamRecord } from '../../record.js';
import { readLinkTrap, readRouter } from '../link-trap.js';
import type { Emit, Processor } from '../types.js';

export type CollapsedRecord = StreamRecord | FlapsRecord;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface FlapCollapser {
  push(record: StreamRecord): void;
  /** Closes every open window now (the stream ended). */
  flush(): void;
}

interface Window {
  interface: string;
  records: (StreamRecord & { type: 'event' })[];
  flaps: number;
  last: LinkDirection;
  timer: unknown;
}

const NODE_TIMERS: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function createFlapCollapser(
  windowMs: number, emit: (record: CollapsedRecord) => void, timers: Timers = NODE_TIMERS,
): FlapCollapser {
  const windows = new Map<string, Window>();

  const close = (key: string) => {
    const window = windows.get(key);
    if (window === undefined) return;
    windows.delete(key);
    timers.clearTimeout(window.timer);
    if (window.flaps === 0) return window.records.forEach(emit);
    const first = window.records[0]!;
    emit({
      type: 'flaps', device: first.device, interface: window.interface, flaps: window.flaps, events: window.records.length,
      state: window.last, from: first.received_at, to: window.records.at(-1)!.received_at, window_s: windowMs / 1000, first,
    });
  };

  return {
    push(record) {
      const trap = record.type === 'event' ? readLinkTrap(record) : null;
      if (trap === null || record.type !== 'event') return emit(record);
      const key = `${record.device}\u0000${readRouter(record)}\u0000${trap.interface}`;
      const open = windows.get(key);
      if (open === undefined) {
        const timer = timers.setTimeout(() => close(key), windowMs);
        windows.set(key, { interface: trap.interface, records: [record], flaps: 0, last: trap.direction, timer });
        return;
      }
      open.records.push(record);
      if (trap.direction === 'up' && open.last === 'down') open.flaps++;
      open.last = trap.direction;
    },
    flush() {
      for (const key of [...windows.keys()]) close(key);
    },
  };
}

/** Timers on the records' clock: `advanceTo(ms)` is a record's received time; what is due by then fires, in order. */
export function createRecordTimers(): Timers & { advanceTo(ms: number): void } {
  let now = Number.NEGATIVE_INFINITY;
  let next = 1;
  const due = new Map<number, { at: number; callback: () => void }>();
  return {
    setTimeout(callback, ms) {
      due.set(next, { at: now + ms, callback });
      return next++;
    },
    clearTimeout(handle) {
      due.delete(handle as number);
    },
    advanceTo(ms) {
      // A record out of order (or without a time) does not turn the clock back.
      if (!(ms > now)) return;
      now = ms;
      if (due.size === 0) return;
      for (const [id, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now) break;
        due.delete(id);
        timer.callback();
      }
    },
  };
}

/** The time a record was received, for the records' clock (a gap: its end). */
function receivedMs(record: StreamRecord): number {
  return Date.parse(record.type === 'gap' ? record.to : record.received_at);
}

/**
 * The collapser as a processor: what it holds goes on when its window closes, or at the end.
 * `clock`: 'wall' live; 'records' for --read (the windows follow received_at).
 */
export function createCollapseFlapsProcessor(windowMs: number, clock: 'wall' | 'records' = 'wall'): Processor {
  let downstream: Emit = () => undefined;
  const records = clock === 'records' ? createRecordTimers() : null;
  const collapser = createFlapCollapser(windowMs, (record) => downstream(record), records ?? NODE_TIMERS);
  return {
    push(record, next) {
      downstream = next;
      if (records !== null && record.type !== 'flaps') records.advanceTo(receivedMs(record));
      if (record.type === 'flaps') next(record);
      else collapser.push(record);
    },
    flush(next) {
      downstream = next;
      collapser.flush();
    },
  };
}
