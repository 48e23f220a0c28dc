/**
 * The processors, in the order a record meets them: the single source of truth for which
 * processors exist and where each one runs. A factory returns null when its flags are not
 * given, so a processor that is off costs nothing per record. Topic narrowing runs before
 * these, in the intake (../intake.ts), where it can skip decoding the payload.
 *
 * To add one: a module here exporting `create…Processor(settings, control)`, its settings in
 * ProcessorSettings, and one entry below (docs/pipeline.md).
 */
import type { ValidateMode } from '../../validate/modes.js';
import type { EventFilterFlags } from '../event-filter.js';
import type { Processor, RunControl } from '../types.js';
import { createCollapseFlapsProcessor } from './collapse-flaps.js';
import { type CountSettings, createCountProcessor } from './count.js';
import { createDedupeProcessor } from './dedupe.js';
import { createEventFilterProcessor } from './event-filter.js';
import { createValidityProcessor } from './validity.js';

export interface ProcessorSettings extends CountSettings {
  eventFilter: EventFilterFlags;
  /** Drop redeliveries already passed on (--dedupe). */
  dedupe?: boolean;
  /** What to do with records that failed validation (--validate). */
  validate: ValidateMode;
  /** --collapse-flaps: the window in which one interface's down/up become one record. */
  collapseFlapsMs?: number;
  /** --read: time is the records' received_at, not the wall clock (the --collapse-flaps windows). */
  recordTime?: boolean;
}

type ProcessorFactory = (settings: ProcessorSettings, control: RunControl) => Processor | null | Promise<Processor | null>;

export const PROCESSORS: readonly (readonly [name: string, create: ProcessorFactory])[] = [
  ['dedupe', (s, control) => (s.dedupe ? createDedupeProcessor(control) : null)],
  ['event-filter', (s) => createEventFilterProcessor(s.eventFilter)],
  ['validity', (s, control) => createValidityProcessor(s.validate, control)],
  ['collapse-flaps', (s) => (s.collapseFlapsMs === undefined
    ? null
    : createCollapseFlapsProcessor(s.collapseFlapsMs, s.recordTime ? 'records' : 'wall'))],
  // Last: what it lets through is what the outputs write.
  ['count', (s, control) => createCountProcessor(s, control)],
];

/** The processors that the settings turn on, compiled once, in order. */
export async function compileProcessors(settings: ProcessorSettings, control: RunControl): Promise<Processor[]> {
  const compiled = await Promise.all(PROCESSORS.map(([, create]) => create(settings, control)));
  return compiled.filter((p): p is Processor => p !== null);
}
