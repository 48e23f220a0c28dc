/**
 * Shared generators and checks for the property tests: text with anything a hostile
 * publisher could put in it, and the terminal-safety check for pretty and table output.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';

/** Any UTF-16 unit, lone surrogates included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Terminal attacks: escape sequences (CSI, OSC, DCS), BEL, backspace, CR, bidi overrides, C1. */
const attackUnit = fc.constantFrom(
  '\u001b[2J', '\u001b[31m', '\u001b]0;pwned\u0007', '\u001b]8;;http://x\u001b\\', '\u001bP+q\u001b\\', '\u0007', '\b', '\r',
  '\n', '\t', '\u0000', '\u007f', '\u009b', '\u0085', '\u202e', '\u2066', '\u200b', '\u2028', '\ufeff', '\ud800', 'é', '漢', '🙂',
);

/** Short text mixing attacks, arbitrary code units, whole code points and plain letters. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.oneof(attackUnit, fc.constantFrom('a', ' ', '/', '=', '"', '\\')), maxLength: 12 }),
  fc.string({ unit: anyCodeUnit, maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

const SGR = /\u001b\[[0-9;]*m/g;
/** C0 and C1 controls, DEL, format characters (bidi, zero width, BOM), separators, lone surrogates. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** Only jetsub's own colour codes and line ends may be control characters in pretty and table output. */
export function assertTerminalSafe(output: string): void {
  const bare = output.replace(SGR, '').replaceAll('\n', '');
  assert.doesNotMatch(bare, UNSAFE, JSON.stringify(output.slice(0, 2000)));
}
