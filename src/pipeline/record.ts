/**
 * A received message → an EventRecord: decode, unwrap, validate. Pure (the validator is
 * compiled once by the caller); runs on every message.
 */
import { cutEventText, decodePayload, unwrapEvent } from '../decode/index.js';
import { isUtf8 } from 'node:buffer';
import { EVENT_END, EVENT_START, EVENT_TEXT, type EventRecord } from '../record.js';
import type { ParsedTopic } from '../topics/parse.js';
import type { Validator } from '../validate/index.js';

export interface Message {
  device: string;
  /** The Junos topic (fleet prefix removed). */
  topic: string;
  parsed: ParsedTopic;
  payload: Buffer;
  /** A Date, or milliseconds since the epoch (the stream's: no Date per message). */
  receivedAt: Date | number;
}

/** The decoder replaced nothing in payload[start..end): its text encodes back to the same bytes. */
function isValidUtf8(payload: Buffer, start: number, end: number): boolean {
  return isUtf8(start === 0 && end === payload.length ? payload : payload.subarray(start, end));
}

/** `validator` null: validation off (`valid` is null, except for payloads that are not JSON). */
export function createRecordBuilder(validator: Validator | null): (message: Message) => EventRecord {
  // A storm brings many messages per millisecond: format each millisecond once.
  let lastMs = Number.NaN;
  let lastIso = '';
  return ({ device, topic, parsed, payload, receivedAt }) => {
    const ms = typeof receivedAt === 'number' ? receivedAt : receivedAt.getTime();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    const record: EventRecord = {
      type: 'event',
      received_at: lastIso,
      device,
      topic,
      kind: parsed.kind,
      action: parsed.action,
      topic_fields: parsed.fields,
      valid: null,
      event: null,
      payload,
    };
    const decoded = decodePayload(payload);
    if (!decoded.ok) {
      record.valid = false;
      record.errors = [{ pointer: '', message: decoded.reason }];
      record.raw = decoded.text;
      return record;
    }
    record.event = unwrapEvent(decoded.value);
    if (record.event === null) record.raw = decoded.text;
    else {
      const text = cutEventText(decoded.text, decoded.value, record.event);
      record[EVENT_TEXT] = text;
      if (text !== undefined && isValidUtf8(payload, decoded.start, decoded.end)) {
        // The text is the whole payload text, or what is inside `{"jet-event":` … `}` (ASCII, one byte a character).
        const whole = text.length === decoded.text.length;
        record[EVENT_START] = whole ? decoded.start : decoded.start + (decoded.text.length - text.length - 1);
        record[EVENT_END] = whole ? decoded.end : decoded.end - 1;
      }
    }
    if (validator) {
      const verdict = validator.check(parsed.kind, decoded.value);
      record.valid = verdict.valid;
      if (verdict.errors.length > 0) record.errors = verdict.errors;
      if (verdict.warnings.length > 0) record.warnings = verdict.warnings;
    }
    return record;
  };
}
