/**
 * The flaps record of `jetsub tail --collapse-flaps` (src/record.ts) as text: pretty, ndjson
 * and json have a form for it; the list of those formats derives from FLAPS_RENDERERS.
 */
import type { FlapsRecord } from '../record.js';
import { createChalk } from './color.js';
import { describeEvent } from './describe.js';
import { escapeControl } from './escape.js';

/** The object that ndjson and json serialise, keys in contract order. */
export function toFlapsObject(record: FlapsRecord): Record<string, unknown> {
  const { type, device, interface: name, flaps, events, state, from, to, window_s: window } = record;
  return { type, device, interface: name, flaps, events, state, from, to, window_s: window };
}

/** `ge-0/0/1 flapped 7 times in 30 s, now up`, terminal-safe. */
function describeFlaps(record: FlapsRecord): string {
  const times = record.flaps === 1 ? 'once' : `${record.flaps} times`;
  return `${escapeControl(record.interface)} flapped ${times} in ${record.window_s} s, now ${record.state}`;
}

type FlapsRenderer = (record: FlapsRecord, color: boolean) => string;

/**
 * pretty: the first trap's time and router, then the summary, in yellow;
 * ndjson/json: the record object (schemas/flaps.schema.json).
 */
export const FLAPS_RENDERERS = {
  pretty: (record, color) => {
    const chalk = createChalk(color);
    const view = describeEvent(record.first);
    return `${chalk.dim(view.time)} ${chalk.yellow(`${view.router} flaps ${describeFlaps(record)}`)}\n`;
  },
  ndjson: (record) => `${JSON.stringify(toFlapsObject(record))}\n`,
  json: (record) => `${JSON.stringify(toFlapsObject(record), null, 2)}\n`,
} as const satisfies Record<string, FlapsRenderer>;

export type FlapsFormat = keyof typeof FLAPS_RENDERERS;

/** The formats a flaps record has a form in; table and raw have none (see resolveOutput). */
export const FLAPS_FORMATS: readonly FlapsFormat[] = Object.freeze(Object.keys(FLAPS_RENDERERS) as FlapsFormat[]);

export function isFlapsFormat(format: string): format is FlapsFormat {
  return Object.hasOwn(FLAPS_RENDERERS, format);
}

/** The flaps record in `format`; pretty for a format without a form of its own (resolveOutput refuses those). */
export function renderFlaps(record: FlapsRecord, format: string, color: boolean): string {
  return FLAPS_RENDERERS[isFlapsFormat(format) ? format : 'pretty'](record, color);
}
