/** --severity, --event-id, --hostname, --hide-chatter as a processor (the filter: ../event-filter.ts). */
import { compileEventFilter, type EventFilterFlags } from '../event-filter.js';
import type { Processor } from '../types.js';

export function createEventFilterProcessor(flags: EventFilterFlags): Processor | null {
  const keep = compileEventFilter(flags);
  if (keep === null) return null;
  return {
    push(record, next) {
      if (record.type !== 'event' || keep(record)) next(record);
    },
  };
}
