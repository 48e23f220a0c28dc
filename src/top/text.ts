/**
 * Fitting text into terminal columns: display width (wide East Asian characters and emoji
 * take two columns, combining marks none), truncation with `…`, padding. Callers escape
 * payload-derived text first (escapeControl), so no control character reaches here.
 */

const COMBINING = /^(?:\p{M}|[\u200b-\u200f\u2060-\u2064]|[\ufe00-\ufe0f])$/u;
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;

const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60],
  [0xffe0, 0xffe6], [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

function charWidth(char: string): number {
  if (COMBINING.test(char)) return 0;
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x1f000 && PICTOGRAPH.test(char)) return 2;
  return WIDE_RANGES.some(([from, to]) => code >= from && code <= to) ? 2 : 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** At most `width` columns: longer text is cut and ends with `…`. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

/** Exactly `width` columns, left-aligned (or right-aligned). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const pad = ' '.repeat(Math.max(0, width - displayWidth(cut)));
  return align === 'left' ? cut + pad : pad + cut;
}
