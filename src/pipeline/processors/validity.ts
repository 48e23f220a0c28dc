/**
 * --validate warn | drop | strict for records that failed validation (or are not JSON):
 * warn reports and passes them on, drop reports and drops them, strict ends the run (exit 5).
 */
import { EXIT } from '../../errors.js';
import type { EventRecord } from '../../record.js';
import { escapeControl } from '../../render/escape.js';
import { createRateLimiter } from '../../sink/rate-limit.js';
import type { ValidateMode } from '../../validate/modes.js';
import type { Processor, RunControl } from '../types.js';

export function createValidityProcessor(mode: ValidateMode, control: Pick<RunControl, 'finish' | 'report'>): Processor {
  // At most BURST lines per reason per window, the rest counted (sink/rate-limit.ts): a flood stays readable.
  const reports = createRateLimiter((line, device) => control.report(line, device));
  return {
    push(record, next) {
      if (record.type !== 'event' || record.valid !== false) return next(record);
      const what = describeInvalid(record);
      if (mode === 'strict') return control.finish(EXIT.invalid, `${what} [--validate strict]`);
      const reason = record.event === null ? 'payloads that are not JSON' : `invalid ${record.kind} events`;
      reports.report(reason, mode === 'drop' ? `${what} (dropped)` : what, record.device);
      if (mode !== 'drop') next(record);
    },
    flush: () => reports.close(),
  };
}

/** `payload on <topic>: <why>` for a payload that is not JSON; `invalid <kind> event on <topic>: <pointer> <why>` otherwise. */
function describeInvalid(record: EventRecord): string {
  const first = record.errors?.[0];
  const more = (record.errors?.length ?? 0) > 1 ? ` (and ${record.errors!.length - 1} more)` : '';
  const why = first ? escapeControl(`${first.pointer || '/'} ${first.message}`) : 'invalid';
  return record.event === null && record.raw !== undefined
    ? `payload on ${escapeControl(record.topic)}: ${escapeControl(first?.message ?? 'not JSON')}`
    : `invalid ${record.kind} event on ${escapeControl(record.topic)}: ${why}${more}`;
}
