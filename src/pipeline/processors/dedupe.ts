/** --dedupe as a processor: a broker's redelivery of a record already passed on is dropped (../dedupe.ts). */
import { describeRedelivery } from '../notices.js';
import type { Processor, RunControl } from '../types.js';

export async function createDedupeProcessor(control: Pick<RunControl, 'status'>): Promise<Processor> {
  // Loaded for --dedupe only: its hash needs node:crypto, ~1.5 ms of start-up.
  const deduper = (await import('../dedupe.js')).createDeduper();
  return {
    push(record, next) {
      if (record.type === 'event' && record.payload !== undefined
        && deduper.isRedelivery(record.device, record.topic, record.payload, record.duplicate === true)) {
        return control.status(describeRedelivery(record.topic), record.device);
      }
      next(record);
    },
  };
}
