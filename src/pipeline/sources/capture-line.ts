/**
 * One line of a capture → the message it holds. Three formats, told apart line by line:
 *
 * - `{"topic": ..., "payload": "..."}`: the fixture format (and `jetsub simulate --dry-run`);
 *   the payload string is the exact payload.
 * - jetsub's own NDJSON records (`tail -o ndjson`): the payload is rebuilt from `event`
 *   (wrapped in `jet-event` again, except config-update) or taken from `raw`. Same JSON,
 *   not necessarily the same bytes.
 * - `mosquitto_sub -v` lines, `topic payload`: the bytes after the first space are the
 *   payload, exactly (`(null)`, which mosquitto_sub prints for an empty payload, is empty).
 *
 * Pure; shared by `replay`, `validate` and the read source of `tail`/`top --read` (./read.ts).
 */
import { isJsonObject } from '../../decode/payload.js';
import { escapeControl, truncateText } from '../../render/escape.js';

export type CaptureFormat = 'fixture' | 'record' | 'mosquitto';

export interface CapturedMessage {
  type: 'message';
  /** 1-based line number. */
  line: number;
  format: CaptureFormat;
  topic: string;
  payload: Buffer;
  /** `received_at` of a jetsub record, epoch milliseconds. */
  receivedAt?: number;
  /** `device` of a jetsub record. */
  device?: string;
  /** A jetsub record marked as a redelivery. */
  duplicate?: true;
}

export interface CaptureProblem {
  type: 'problem';
  line: number;
  reason: string;
}

/** A line that holds no message and is no mistake: a gap record, or a flaps record (`--collapse-flaps`). */
export interface CaptureSkip {
  type: 'skip';
  line: number;
}

export type CaptureLine = CapturedMessage | CaptureProblem | CaptureSkip;

const OPEN_BRACE = 0x7b;
const SPACE = 0x20;

/** `bytes` is the line without its newline; null for a blank line. */
export function parseCaptureLine(bytes: Buffer, line: number): CaptureLine | null {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return null;
  if (bytes[firstNonBlank(bytes)] === OPEN_BRACE) return parseJsonLine(text, line);
  return parseMosquittoLine(bytes, line);
}

function firstNonBlank(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && (bytes[i] === SPACE || bytes[i] === 0x09 || bytes[i] === 0x0d)) i++;
  return i;
}

function parseJsonLine(text: string, line: number): CaptureLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return problem(line, 'a line starting with { that is not JSON '
      + '(expected a {"topic","payload"} line, a jetsub record, or `topic payload`)');
  }
  if (!isJsonObject(value)) return problem(line, 'not a JSON object');
  if (value.type === 'gap' || value.type === 'flaps') return { type: 'skip', line };
  if (typeof value.topic !== 'string' || value.topic === '') return problem(line, 'a JSON line without a "topic" string');
  if (typeof value.payload === 'string') {
    return { type: 'message', line, format: 'fixture', topic: value.topic, payload: Buffer.from(value.payload, 'utf8') };
  }
  if (value.type !== 'event') return problem(line, 'a JSON line with a "topic" but neither a "payload" string nor "type": "event"');
  const payload = rebuildPayload(value);
  if (payload === null) return problem(line, 'a jetsub record with neither "event" nor "raw"');
  const receivedAt = typeof value.received_at === 'string' ? Date.parse(value.received_at) : NaN;
  return {
    type: 'message', line, format: 'record', topic: value.topic, payload: Buffer.from(payload, 'utf8'),
    ...(Number.isNaN(receivedAt) ? {} : { receivedAt }),
    ...(typeof value.device === 'string' && value.device !== '' ? { device: value.device } : {}),
    ...(value.duplicate === true ? { duplicate: true } : {}),
  };
}

/**
 * The payload of a jetsub record: `raw` when the payload was not an object, else `event`
 * back inside its `jet-event` wrapper — except where there was none: config-update, a
 * wrapper that held no object (the event then still has its `jet-event` key), and
 * unknown kinds whose event has no `event-id` header.
 */
export function rebuildPayload(record: Record<string, unknown>): string | null {
  if (typeof record.raw === 'string') return record.raw;
  const event = record.event;
  if (event === undefined || event === null) return null;
  if (!isJsonObject(event)) return JSON.stringify(event);
  const unwrapped = record.kind === 'config-update' || 'jet-event' in event || (record.kind === 'other' && !('event-id' in event));
  return JSON.stringify(unwrapped ? event : { 'jet-event': event });
}

/** What `mosquitto_sub -v` prints for an empty payload. */
const MOSQUITTO_EMPTY = '(null)';

function parseMosquittoLine(bytes: Buffer, line: number): CaptureLine {
  const space = bytes.indexOf(SPACE);
  const topicBytes = space < 0 ? bytes : bytes.subarray(0, space);
  if (topicBytes.length === 0) return problem(line, 'a `topic payload` line without a topic (it starts with a space)');
  const topic = topicBytes.toString('utf8');
  if (!looksLikeTopic(topic)) {
    return problem(line, `'${escapeControl(truncateText(topic, 40))}' is not a topic, so this is not a capture record `
      + '(expected a {"topic","payload"} line, a jetsub record, or `mosquitto_sub -v`\'s `topic payload`)');
  }
  const payload = space < 0 ? Buffer.alloc(0) : Buffer.from(bytes.subarray(space + 1));
  return {
    type: 'message', line, format: 'mosquitto', topic,
    payload: payload.toString('latin1') === MOSQUITTO_EMPTY ? Buffer.alloc(0) : payload,
  };
}

/**
 * A `mosquitto_sub -v` line's first word is a topic name: more than one level (every Junos topic
 * has several), no wildcards, no control characters, valid UTF-8. `garbage line` is none.
 */
function looksLikeTopic(topic: string): boolean {
  return topic.includes('/') && !/[+#\u0000-\u001f\u007f\ufffd]/.test(topic);
}

function problem(line: number, reason: string): CaptureProblem {
  return { type: 'problem', line, reason };
}
