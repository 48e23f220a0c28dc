/**
 * The event's JSON text, cut from the payload text it was parsed from, so that NDJSON can
 * write it as received instead of serialising the parsed object again. Pure and cheap (a few
 * native string scans); when in doubt it returns undefined and the caller serialises.
 */
import type { JetEvent } from '../record.js';

const WRAPPER_OPEN = '{"jet-event":';
const WRAPPER_KEY = '"jet-event"';

/**
 * `text` parsed to `value`, whose event is `event` (see unwrapEvent). The result is valid
 * JSON for exactly `event` on one line, or undefined:
 * - a payload that is the event itself (no wrapper): the whole text;
 * - `{"jet-event":…}` written compactly with that one key, said once: the text between;
 * - anything else (spaces around the key, other keys, the key said twice, line breaks): undefined.
 */
export function cutEventText(text: string, value: unknown, event: JetEvent): string | undefined {
  if (text.includes('\n') || text.includes('\r')) return undefined;
  if (event === value) return text;
  if (!text.startsWith(WRAPPER_OPEN) || text.charCodeAt(text.length - 1) !== 0x7d) return undefined;
  // A second "jet-event" (a duplicate key, whose first value JSON.parse dropped, or the words
  // inside a string) would make the cut wrong or at least unproven.
  if (text.includes(WRAPPER_KEY, WRAPPER_OPEN.length)) return undefined;
  if (!hasSingleKey(value as Record<string, unknown>)) return undefined;
  return text.slice(WRAPPER_OPEN.length, -1);
}

function hasSingleKey(object: Record<string, unknown>): boolean {
  let keys = 0;
  for (const key in object) {
    if (Object.hasOwn(object, key) && ++keys > 1) return false;
  }
  return keys === 1;
}
