/**
 * The tokens of jetsub's record expressions (--where, -F's %{path}, --columns). Pure; a
 * single linear scan, so a megabyte of expression costs milliseconds and no stack.
 */

export type TokenType = 'ident' | 'string' | 'number' | 'op' | 'end';

export interface Token {
  type: TokenType;
  /** Identifier or operator text; a string literal's decoded value. */
  text: string;
  /** A number literal's value. */
  value?: number;
  /** 1-based, in UTF-16 units, where the token starts. */
  column: number;
}

/** A mistake in an expression: where, and what was expected there. */
export class ExpressionError extends Error {
  constructor(readonly column: number, readonly problem: string) {
    super(`at column ${column}: ${problem}`);
    this.name = 'ExpressionError';
  }
}

/** Longest first, so `<=` is never read as `<` then `=`. */
const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '~', '!', '(', ')', '[', ']', ',', '.'] as const;
const HINTS: Readonly<Record<string, string>> = { '=': ' (equality is ==)', '&': ' (and is and, or &&)', '|': ' (or is or, or ||)' };
const IDENT_START = /[A-Za-z_]/;
/** Dashes belong to names (`interface-name`, `snmp-id`): the language has no arithmetic. */
const IDENT_PART = /[A-Za-z0-9_-]/;
const NUMBER = /(?:-?0[xX][0-9a-fA-F]+|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/y;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '/': '/', '0': '\0' };

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const column = i + 1;
    if (ch === '"' || ch === "'") {
      const [value, next] = readString(text, i);
      tokens.push({ type: 'string', text: value, column });
      i = next;
    } else if (IDENT_START.test(ch)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j]!)) j++;
      tokens.push({ type: 'ident', text: text.slice(i, j), column });
      i = j;
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text)!;
      const literal = match[0];
      const negative = literal.startsWith('-');
      const digits = negative ? literal.slice(1) : literal;
      const value = /^0[xX]/.test(digits) ? Number.parseInt(digits.slice(2), 16) : Number(digits);
      tokens.push({ type: 'number', text: literal, value: negative ? -value : value, column });
      i += literal.length;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op === undefined) throw new ExpressionError(column, `unexpected ${describeChar(ch)}${HINTS[ch] ?? ''}`);
      tokens.push({ type: 'op', text: op, column });
      i += op.length;
    }
  }
  tokens.push({ type: 'end', text: '', column: text.length + 1 });
  return tokens;
}

function readString(text: string, start: number): [string, number] {
  const quote = text[start]!;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === quote) return [value, i + 1];
    if (ch !== '\\') {
      // Plain runs are copied in one slice: a long literal is not built a character at a time.
      let j = i + 1;
      while (j < text.length && text[j] !== quote && text[j] !== '\\') j++;
      value += text.slice(i, j);
      i = j;
      continue;
    }
    const next = text[i + 1];
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      value += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
      i += 6;
    } else if (next !== undefined && ESCAPES[next] !== undefined) {
      value += ESCAPES[next];
      i += 2;
    } else {
      const what = next === undefined ? '\\ at the end' : `\\${next}`;
      throw new ExpressionError(i + 1, `unknown escape ${what} in a string (known: \\" \\' \\\\ \\n \\t \\r \\0 \\uXXXX)`);
    }
  }
  throw new ExpressionError(start + 1, `the string opened here has no closing ${quote}`);
}

function describeChar(ch: string): string {
  return /[\x21-\x7e]/.test(ch) ? `'${ch}'` : `character U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export function describeToken(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the expression';
    case 'string':
      return 'a string';
    case 'number':
      return `the number ${token.text}`;
    default:
      return `'${token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text}'`;
  }
}
