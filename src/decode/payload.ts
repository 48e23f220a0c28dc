/**
 * Payload bytes → parsed JSON, or the reason it is not JSON. Pure, never throws: this runs
 * on every message, and anyone allowed onto the broker may publish anything here.
 */
import type { JetEvent } from '../record.js';
import { escapeControlsAsJson, truncateText } from '../render/escape.js';

export type Decoded =
  /** `start`..`end`: the bytes of the payload `text` was decoded from (BOM and trailing junk left out). */
  | { ok: true; value: unknown; text: string; start: number; end: number }
  | { ok: false; text: string; reason: string };

const BOM = [0xef, 0xbb, 0xbf] as const;
/** Stateless in `decode()` without `stream`, so one instance serves every call. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const REASON_MAX = 160;
/**
 * Deeper JSON is refused: JSON.parse copes with any depth, but every recursive stage after
 * it (JSON.stringify for ndjson, the renderers, a library user's code) overflows the stack
 * somewhere past a few thousand levels. Junos payloads are a few levels deep, commit diffs
 * a few dozen.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * Decode UTF-8 (invalid sequences become U+FFFD), drop one leading BOM and any trailing NUL
 * or whitespace, then `JSON.parse`. `text` is the cleaned text, kept for `raw` output.
 */
export function decodePayload(payload: Uint8Array): Decoded {
  const start = hasBom(payload) ? BOM.length : 0;
  let end = payload.length;
  while (end > start && isTrailingJunk(payload[end - 1]!)) end--;
  if (end === start) return { ok: false, text: '', reason: 'empty payload' };
  const bytes = start === 0 && end === payload.length ? payload : payload.subarray(start, end);
  const text = utf8.decode(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, text, reason: `not JSON: ${describeParseError(error)}` };
  }
  if (exceedsDepth(text, MAX_JSON_DEPTH)) return { ok: false, text, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
  return { ok: true, value, text, start, end };
}

/** Whether valid JSON text nests arrays and objects deeper than `max`; one pass, no recursion. */
function exceedsDepth(text: string, max: number): boolean {
  if (text.length <= 2 * max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * The event inside a payload: the object under `jet-event` when that wrapper holds an object,
 * otherwise the payload object itself (config-update has no wrapper; a wrapper holding a
 * non-object is kept whole so the user still sees it). Null for arrays and scalars.
 */
export function unwrapEvent(value: unknown): JetEvent | null {
  if (!isJsonObject(value)) return null;
  const inner = value['jet-event'];
  return isJsonObject(inner) ? inner : value;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasBom(payload: Uint8Array): boolean {
  return payload.length >= 3 && payload[0] === BOM[0] && payload[1] === BOM[1] && payload[2] === BOM[2];
}

/** NUL, tab, LF, CR, space: what devices and hand-written publishers leave at the end. */
function isTrailingJunk(byte: number): boolean {
  return byte === 0x00 || byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

const LINE_AND_COLUMN = /(at position \d+) \(line \d+ column \d+\)$/;

/**
 * V8's message without the snippet of input it quotes (`Unexpected token 'T', "Test messa"...
 * is not valid JSON` → `Unexpected token 'T'`): the snippet is untrusted text. The
 * ` (line 1 column 8)` that Node 22's V8 adds after `at position 7` is dropped too, so that a
 * record says the same on every Node. What is left is escaped and capped, since it may still
 * hold the offending character.
 */
export function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const token = /^(Unexpected token '[\s\S]*?'), [\s\S]*is not valid JSON$/.exec(message);
  const short = token ? token[1]! : message.endsWith('is not valid JSON') ? 'not a JSON value' : message.replace(LINE_AND_COLUMN, '$1');
  return escapeControlsAsJson(truncateText(short, REASON_MAX));
}
