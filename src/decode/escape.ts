/**
 * Untrusted text (payload snippets, bad values) on its way into a message a human reads:
 * C0 controls, DEL, C1 controls (ESC and CSI start terminal sequences), line and paragraph
 * separators, zero-width and bidi formatting characters and the BOM become `\uXXXX`, so they
 * cannot drive a terminal or disguise what is shown.
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
