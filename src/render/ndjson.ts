/**
 * One compact JSON object per line: the public contract (schemas/record.schema.json).
 * Key order: type, received_at, device, topic, kind, action, topic_fields, valid,
 * duplicate?, errors?, warnings?, event, raw?. The payload bytes are never serialised.
 *
 * Speed: this runs on every message. The event is usually the largest part of the line and
 * has been parsed from JSON text just before: when the record builder kept that text
 * (record[EVENT_TEXT]), the line is concatenated around it instead of serialising the
 * event again (JSON.stringify of an ifd event alone took ~0.75 µs of the ~10 µs a record
 * costs on the bench machine, see BENCHMARKS.md); each other field still goes
 * through JSON.stringify, so the line is byte for byte what serialising the object gives
 * up to the event's own spelling (whitespace, number formats, escapes) as received.
 */
import { EVENT_END, EVENT_START, EVENT_TEXT, type EventRecord, type StreamRecord } from '../record.js';
import type { LineParts, Renderer } from './types.js';

/** The object that ndjson and json serialise, keys in contract order. */
export function toOutputObject(record: StreamRecord): Record<string, unknown> {
  if (record.type === 'gap') return { type: 'gap', device: record.device, from: record.from, to: record.to };
  // `?? null` keeps a malformed record (built by a library user) valid JSON with every key.
  const output: Record<string, unknown> = {
    type: 'event',
    received_at: record.received_at,
    device: record.device,
    topic: record.topic,
    kind: record.kind,
    action: record.action ?? null,
    topic_fields: record.topic_fields ?? null,
    valid: record.valid ?? null,
  };
  if (record.duplicate === true) output.duplicate = true;
  if (record.errors !== undefined) output.errors = record.errors;
  if (record.warnings !== undefined) output.warnings = record.warnings;
  output.event = record.event ?? null;
  if (record.raw !== undefined) output.raw = record.raw;
  return output;
}

/** The record as one line of compact JSON, without the newline. */
export function serializeRecord(record: StreamRecord): string {
  if (record.type === 'event') {
    const text = record[EVENT_TEXT];
    if (text !== undefined && isWellFormed(record)) return joinEventLine(record, text);
  }
  return JSON.stringify(toOutputObject(record));
}

/** The fields a record from the pipeline has, with the types it has them in. */
function isWellFormed(record: EventRecord): boolean {
  return typeof record.received_at === 'string' && typeof record.device === 'string' && typeof record.topic === 'string'
    && typeof record.kind === 'string' && typeof record.topic_fields === 'object' && record.event !== undefined;
}

/**
 * Everything before the event, kept while it stays the same, in two parts: in a storm the
 * records of one millisecond, device and topic differ only in their event, and the prefix
 * (JSON.stringify of six fields) is made once for them all; in a fleet every record comes
 * from another device, and only the head (time and device) is made again, the rest (topic,
 * kind, action, topic fields, validity: the costly part) kept while it is the same.
 */
const head = { received_at: '', device: '', text: '' };
const rest = {
  topic: '', kind: '', action: null as string | null, topic_fields: null as unknown, valid: null as boolean | null, text: '',
};
const prefix = { text: '', event: '' };

/** Same keys and order as toOutputObject, with the event's text as is. */
function joinEventLine(record: EventRecord, eventText: string): string {
  updatePrefix(record);
  if (isPlain(record)) return `${prefix.event}${eventText}}`;
  let line = prefix.text;
  if (record.duplicate === true) line += ',"duplicate":true';
  if (record.errors !== undefined) line += `,"errors":${JSON.stringify(record.errors)}`;
  if (record.warnings !== undefined) line += `,"warnings":${JSON.stringify(record.warnings)}`;
  line += `,"event":${eventText}`;
  if (record.raw !== undefined) line += `,"raw":${JSON.stringify(record.raw)}`;
  return `${line}}`;
}

/** Nothing between `valid` and `event`, nothing after it. */
function isPlain(record: EventRecord): boolean {
  return record.duplicate !== true && record.errors === undefined && record.warnings === undefined && record.raw === undefined;
}

function updatePrefix(record: EventRecord): void {
  let changed = false;
  if (record.received_at !== head.received_at || record.device !== head.device || head.text === '') {
    head.received_at = record.received_at;
    head.device = record.device;
    head.text = `{"type":"event","received_at":${JSON.stringify(record.received_at)},"device":${JSON.stringify(record.device)}`;
    changed = true;
  }
  const action = record.action ?? null;
  const valid = record.valid ?? null;
  if (record.topic !== rest.topic || record.kind !== rest.kind || action !== rest.action || record.topic_fields !== rest.topic_fields
    || valid !== rest.valid || rest.text === '') {
    rest.topic = record.topic;
    rest.kind = record.kind;
    rest.action = action;
    rest.topic_fields = record.topic_fields;
    rest.valid = valid;
    rest.text = `,"topic":${JSON.stringify(record.topic)},"kind":${JSON.stringify(record.kind)}`
      + `,"action":${action === null ? 'null' : JSON.stringify(action)},"topic_fields":${JSON.stringify(record.topic_fields ?? null)}`
      + `,"valid":${valid === null ? 'null' : JSON.stringify(valid)}`;
    changed = true;
  }
  if (changed) {
    prefix.text = head.text + rest.text;
    prefix.event = `${prefix.text},"event":`;
  }
}

export function createNdjsonRenderer(): Renderer {
  const parts: LineParts = { head: '', bytes: Buffer.alloc(0), start: 0, end: 0, tail: '}\n' };
  return {
    render(record: StreamRecord): string {
      return `${serializeRecord(record)}\n`;
    },
    /**
     * The common line as the prefix, then the event's bytes copied from the payload (where
     * the record builder found them to be its text's own UTF-8), then `}` and the newline:
     * byte for byte what render writes, without a string per line.
     */
    renderLine(record: StreamRecord): LineParts | null {
      if (record.type !== 'event' || record[EVENT_START] === undefined || record[EVENT_TEXT] === undefined) return null;
      if (!isWellFormed(record) || !isPlain(record) || !Buffer.isBuffer(record.payload)) return null;
      updatePrefix(record);
      parts.head = prefix.event;
      parts.bytes = record.payload;
      parts.start = record[EVENT_START];
      parts.end = record[EVENT_END]!;
      return parts;
    },
  };
}
