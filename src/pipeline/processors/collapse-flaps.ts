/**
 * `jetsub tail --collapse-flaps <window>`: the link traps of one interface are held from
 * its first trap for the window. When the window closes, a window with at least one flap
 * (a down, then an up) becomes one flaps record; a window without one lets its traps through
 * as they were, late by up to the window. Every other record passes at once.
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

/** The collapser as a processor: what it holds goes on when its window closes, or at the end. */
export function createCollapseFlapsProcessor(windowMs: number, timers: Timers = NODE_TIMERS): Processor {
  let downstream: Emit = () => undefined;
  const collapser = createFlapCollapser(windowMs, (record) => downstream(record), timers);
  return {
    push(record, next) {
      downstream = next;
      if (record.type === 'flaps') next(record);
      else collapser.push(record);
    },
    flush(next) {
      downstream = next;
      collapser.flush();
    },
  };
}
