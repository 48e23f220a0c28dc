/**
 * The flaps record of `jetsub tail --collapse-flaps`: repeated down/up of one interface
 * within the window, as one line. Its NDJSON form is described by schemas/flaps.schema.json.
 */
import type { EventRecord } from '../record.js';
import { createChalk } from '../render/color.js';
import { describeEvent } from '../render/describe.js';
import { escapeControl, type OutputFormat } from '../render/index.js';
import type { LinkDirection } from './link-trap.js';

export interface FlapsRecord {
  type: 'flaps';
  device: string;
  interface: string;
  /** Completed flaps (down, then up) within the window. */
  flaps: number;
  /** Link traps collapsed into this record. */
  events: number;
  /** The link state after the last trap. */
  state: LinkDirection;
  /** Received times of the first and the last trap, ISO 8601 UTC. */
  from: string;
  to: string;
  window_s: number;
  /** The first trap (never serialised): what pretty shows its time and router from. */
  first: EventRecord;
}

/** The object that ndjson and json serialise, keys in contract order. */
export function toFlapsObject(record: FlapsRecord): Record<string, unknown> {
  const { type, device, interface: name, flaps, events, state, from, to, window_s: window } = record;
  return { type, device, interface: name, flaps, events, state, from, to, window_s: window };
}

/** `ge-0/0/1 flapped 7 times in 30 s, now up`, terminal-safe. */
export function describeFlaps(record: FlapsRecord): string {
  const times = record.flaps === 1 ? 'once' : `${record.flaps} times`;
  return `${escapeControl(record.interface)} flapped ${times} in ${record.window_s} s, now ${record.state}`;
}

/** The formats a flaps record has a form in; table and raw have none (see resolveOutput). */
export const FLAPS_FORMATS: readonly OutputFormat[] = ['pretty', 'ndjson', 'json'];

/**
 * pretty: the first trap's time and router, then the summary, in yellow;
 * ndjson/json: the record object (schemas/flaps.schema.json).
 */
export function renderFlaps(record: FlapsRecord, format: OutputFormat, color: boolean): string {
  if (format === 'ndjson') return `${JSON.stringify(toFlapsObject(record))}\n`;
  if (format === 'json') return `${JSON.stringify(toFlapsObject(record), null, 2)}\n`;
  const chalk = createChalk(color);
  const view = describeEvent(record.first);
  return `${chalk.dim(view.time)} ${chalk.yellow(`${view.router} flaps ${describeFlaps(record)}`)}\n`;
}
