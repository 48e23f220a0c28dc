/**
 * Paths into a record — `event.attributes.interface-name`, `event.attributes["nexthop-address"]`,
 * `.topic_fields.interface` (jq's leading dot is allowed) — parsed, and read. Reading uses
 * own properties only: `__proto__`, `constructor` and the like are found only when the
 * payload itself has such a key.
 */
import type { Path, Step } from './ast.js';
import { ExpressionError, type Token, describeToken, tokenize } from './lex.js';

/** What the first step of a path may be: the record's fields as its NDJSON form has them. */
const RECORD_FIELDS = [
  'type', 'received_at', 'device', 'topic', 'kind', 'action', 'topic_fields', 'valid', 'duplicate', 'errors', 'warnings', 'event', 'raw',
] as const;

/** A token cursor shared by the path, condition and column parsers. */
export class Cursor {
  private index = 0;
  constructor(readonly tokens: readonly Token[]) {}
  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }
  next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index++;
    return token;
  }
  isOp(text: string): boolean {
    const token = this.peek();
    return token.type === 'op' && token.text === text;
  }
  expectOp(text: string, what: string): Token {
    if (!this.isOp(text)) throw new ExpressionError(this.peek().column, `expected ${what}, found ${describeToken(this.peek())}`);
    return this.next();
  }
}

export function startsPath(cursor: Cursor): boolean {
  const token = cursor.peek();
  return token.type === 'ident' || (token.type === 'op' && token.text === '.' && cursor.peek(1).type === 'ident');
}

export function parsePathAt(cursor: Cursor, source: string): Path {
  const first = cursor.peek();
  if (cursor.isOp('.')) cursor.next();
  const root = cursor.next();
  if (root.type !== 'ident') throw new ExpressionError(root.column, `expected a field name, found ${describeToken(root)}`);
  if (!(RECORD_FIELDS as readonly string[]).includes(root.text)) {
    throw new ExpressionError(root.column, `'${root.text}' is not a field of the record (fields: ${RECORD_FIELDS.join(', ')})`);
  }
  const steps: Step[] = [root.text];
  let end = root.column + root.text.length;
  for (;;) {
    if (cursor.isOp('.')) {
      cursor.next();
      const key = cursor.next();
      if (key.type !== 'ident') {
        const found = describeToken(key);
        throw new ExpressionError(key.column, `expected a key after '.', found ${found} (keys with other characters: ["key"])`);
      }
      steps.push(key.text);
      end = key.column + key.text.length;
    } else if (cursor.isOp('[')) {
      cursor.next();
      const key = cursor.next();
      if (key.type === 'string') steps.push(key.text);
      else if (key.type === 'number' && Number.isSafeInteger(key.value) && key.value! >= 0) steps.push(key.value!);
      else throw new ExpressionError(key.column, `expected a quoted key or an array index inside [ ], found ${describeToken(key)}`);
      end = cursor.expectOp(']', "']'").column + 1;
    } else {
      break;
    }
  }
  return { type: 'path', steps, column: first.column, text: source.slice(first.column - 1, end - 1) };
}

/** A whole text that is one path (a template's `%{...}`). */
export function parsePath(text: string): Path {
  const cursor = new Cursor(tokenize(text));
  const path = parsePathAt(cursor, text);
  const rest = cursor.peek();
  if (rest.type !== 'end') throw new ExpressionError(rest.column, `expected the end of the path, found ${describeToken(rest)}`);
  return path;
}

/** A comma-separated list of paths (`--columns`). */
export function parsePathList(text: string): Path[] {
  const cursor = new Cursor(tokenize(text));
  const paths = [parsePathAt(cursor, text)];
  while (cursor.isOp(',')) {
    cursor.next();
    paths.push(parsePathAt(cursor, text));
  }
  const rest = cursor.peek();
  if (rest.type !== 'end') throw new ExpressionError(rest.column, `expected ',' or the end of the list, found ${describeToken(rest)}`);
  return paths;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** The value at a path, read plainly (no fan-out over arrays); undefined when missing. */
export function readPath(root: object, steps: readonly Step[]): unknown {
  let value: unknown = root;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(value) || step >= value.length) return undefined;
      value = value[step];
    } else {
      if (!isObject(value) || Array.isArray(value) || !Object.hasOwn(value, step)) return undefined;
      value = value[step];
    }
  }
  return value;
}

/**
 * Calls `test` on every value the path reaches until one passes, and says whether one did.
 * An array met on the way is entered element by element (any-element semantics), and so is
 * an array at the end; an array inside an array is one value (no recursion into payload
 * nesting, however deep it is). Missing keys reach nothing. This runs per record for every
 * path of every --where: the walk is one loop, and arrays leave it for `visitArray`.
 */
export function someAtPath(root: object, steps: readonly Step[], test: (value: unknown) => boolean): boolean {
  return visit(root, steps, 0, test);
}

const hasOwn = Object.prototype.hasOwnProperty;

function visit(start: unknown, steps: readonly Step[], from: number, test: (value: unknown) => boolean): boolean {
  let value = start;
  for (let i = from; i < steps.length; i++) {
    if (typeof value !== 'object' || value === null) return false;
    const step = steps[i]!;
    if (Array.isArray(value)) {
      if (typeof step !== 'number') return visitArray(value, steps, i, test);
      value = value[step];
    } else {
      if (typeof step === 'number' || !hasOwn.call(value, step)) return false;
      value = (value as Record<string, unknown>)[step];
    }
  }
  if (value === undefined) return false;
  if (!Array.isArray(value)) return test(value);
  for (let i = 0; i < value.length; i++) if (test(value[i])) return true;
  return false;
}

function visitArray(array: readonly unknown[], steps: readonly Step[], from: number, test: (value: unknown) => boolean): boolean {
  for (const element of array) {
    if (isObject(element) && !Array.isArray(element) && visit(element, steps, from, test)) return true;
  }
  return false;
}
