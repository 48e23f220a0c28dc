/**
 * Terminal safety: anything taken from a payload or a topic is untrusted (any allowed
 * client may publish into /junos/events), so before it reaches a terminal every character
 * that could move the cursor, recolour, retitle, reorder or hide text is made visible.
 * One set of characters (UNSAFE), two spellings: escapeControl for what is shown as text
 * (`\x1b`, `\n`), escapeControlsAsJson for text inside quoted JSON-like values in messages
 * (`\u001b`, as JSON.stringify would write it).
 */

/**
 * Control (C0, DEL, C1), format (bidi overrides and isolates, zero-width characters,
 * BOM, tag characters), line/paragraph separators and lone surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const UNSAFE_ALL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

function escapeChar(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) return short;
  const code = char.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/** `text` with every unsafe character written as an escape (`\x1b`, `\n`, `\u202e`). */
export function escapeControl(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}

/** `text` with every unsafe character written as JSON writes it: `\u001b`, `\u202e` (astral ones as their surrogate pair). */
export function escapeControlsAsJson(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, (char) => [...Array(char.length).keys()]
    .map((i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}

/** At most `max` UTF-16 units, never splitting a surrogate pair, with `…` when cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, cut)}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
