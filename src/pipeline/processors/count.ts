/**
 * --count and --timeout: the run ends with exit 0 once `count` records have passed (gap
 * records do not count), or with exit 4 when the timeout comes first. Without --count, the
 * timeout is met by any record. Last before the outputs: what it passes is what is written.
 */
import { EXIT } from '../../errors.js';
import type { Processor, RunControl } from '../types.js';

export interface CountSettings {
  count?: number;
  timeoutMs?: number;
}

export function createCountProcessor(settings: CountSettings, control: Pick<RunControl, 'finish'>): Processor | null {
  const { count, timeoutMs } = settings;
  if (count === undefined && timeoutMs === undefined) return null;
  let passed = 0;
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
    const met = count === undefined && passed > 0;
    control.finish(met ? EXIT.ok : EXIT.timeout, met ? undefined : describeTimeout(timeoutMs, count, passed));
  }, timeoutMs);
  return {
    push(record, next) {
      if (passed === count) return;
      next(record);
      if (record.type !== 'gap' && ++passed === count) control.finish(EXIT.ok);
    },
    flush() {
      clearTimeout(timer);
    },
  };
}

function describeTimeout(timeoutMs: number, count: number | undefined, passed: number): string {
  const seconds = timeoutMs / 1000;
  return count === undefined
    ? `timed out after ${seconds} s with no event`
    : `timed out after ${seconds} s with ${passed} of ${count} events`;
}
