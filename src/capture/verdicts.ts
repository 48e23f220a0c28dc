/**
 * `jetsub validate`: every captured message through the same stages as `tail` (topic
 * parser, record builder, validator), tallied per kind. Pure but for the async iteration.
 */
import { createRecordBuilder } from '../pipeline/record.js';
import type { EventRecord } from '../record.js';
import { KINDS, type Kind } from '../topics/catalog.js';
import { parseTopic } from '../topics/parse.js';
import type { Validator } from '../validate/index.js';
import type { CaptureLine, CaptureProblem } from '../pipeline/sources/capture-line.js';

/** Lines that hold no message in any of the three formats. */
export const UNREADABLE = 'unreadable';
export type TallyKey = Kind | typeof UNREADABLE;
const TALLY_KEYS: readonly TallyKey[] = [...KINDS, UNREADABLE];

export interface Count {
  valid: number;
  invalid: number;
  /** Valid, with warnings (e.g. no `attributes`). */
  warnings: number;
}

export interface Tally {
  valid: number;
  invalid: number;
  warnings: number;
  /** Only the keys that occurred, in TALLY_KEYS order. */
  kinds: Partial<Record<TallyKey, Count>>;
}

export interface InvalidLine {
  line: number;
  /** Null for an unreadable line. */
  topic: string | null;
  pointer: string;
  reason: string;
  /** How many more errors the message has. */
  more: number;
}

export async function tallyCapture(
  lines: AsyncIterable<CaptureLine>, validator: Validator, onInvalid: (invalid: InvalidLine) => void,
): Promise<Tally> {
  const build = createRecordBuilder(validator);
  const counts = new Map<TallyKey, Count>();
  const count = (key: TallyKey): Count => {
    let entry = counts.get(key);
    if (entry === undefined) counts.set(key, (entry = { valid: 0, invalid: 0, warnings: 0 }));
    return entry;
  };
  for await (const entry of lines) {
    if (entry.type === 'skip') continue;
    if (entry.type === 'problem') {
      count(UNREADABLE).invalid++;
      onInvalid(unreadable(entry));
      continue;
    }
    const parsed = parseTopic(entry.topic);
    const receivedAt = new Date(entry.receivedAt ?? 0);
    const record = build({ device: 'capture', topic: entry.topic, parsed, payload: entry.payload, receivedAt });
    const tally = count(record.kind);
    if (record.valid === false) {
      tally.invalid++;
      onInvalid(describeInvalid(entry.line, record));
    } else {
      tally.valid++;
      if (record.warnings !== undefined && record.warnings.length > 0) tally.warnings++;
    }
  }
  return summarize(counts);
}

function unreadable(problem: CaptureProblem): InvalidLine {
  return { line: problem.line, topic: null, pointer: '', reason: problem.reason, more: 0 };
}

function describeInvalid(line: number, record: EventRecord): InvalidLine {
  const [first, ...rest] = record.errors ?? [];
  return { line, topic: record.topic, pointer: first?.pointer ?? '', reason: first?.message ?? 'invalid', more: rest.length };
}

function summarize(counts: Map<TallyKey, Count>): Tally {
  const tally: Tally = { valid: 0, invalid: 0, warnings: 0, kinds: {} };
  for (const key of TALLY_KEYS) {
    const entry = counts.get(key);
    if (entry === undefined) continue;
    tally.kinds[key] = entry;
    tally.valid += entry.valid;
    tally.invalid += entry.invalid;
    tally.warnings += entry.warnings;
  }
  return tally;
}
