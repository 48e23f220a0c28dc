/**
 * The --where grammar, by recursive descent (lowest precedence first):
 *
 *   condition  := and ( ('or' | '||') and )*
 *   and        := unary ( ('and' | '&&') unary )*
 *   unary      := ('not' | '!') unary | '(' condition ')' | comparison
 *   comparison := operand [ op operand ]          op: == != < <= > >= ~ in 'not in' within
 *   operand    := path | string | number | true | false | null | '[' literal, ... ']'
 *
 * Chains of and/or are loops, not recursion; only nesting (parentheses, not, lists)
 * recurses, and it is bounded by MAX_DEPTH, so no input can exhaust the stack.
 */
import type { CompareOp, Condition, List, Literal, Operand, Scalar } from './ast.js';
import { ExpressionError, type Token, describeToken, tokenize } from './lex.js';
import { Cursor, parsePathAt, startsPath } from './path.js';

export const MAX_DEPTH = 64;

const COMPARE_OPS: readonly string[] = ['==', '!=', '<', '<=', '>', '>=', '~'];
const WORDS: Readonly<Record<string, string>> = { and: '&&', or: '||', not: '!' };
const EXPECTED_OPERAND = 'a field (event.severity), a string ("warning"), a number, true, false, null or a [list]';

export function parseCondition(text: string): Condition {
  const parser = new Parser(new Cursor(tokenize(text)), text);
  const condition = parser.condition(0);
  const rest = parser.cursor.peek();
  if (rest.type !== 'end') {
    throw new ExpressionError(rest.column, `expected and, or, or the end of the expression, found ${describeToken(rest)}`);
  }
  return condition;
}

class Parser {
  constructor(readonly cursor: Cursor, private readonly source: string) {}

  condition(depth: number): Condition {
    const items = [this.and(depth)];
    while (this.isWord('or')) {
      this.cursor.next();
      items.push(this.and(depth));
    }
    return items.length === 1 ? items[0]! : { type: 'or', items };
  }

  private and(depth: number): Condition {
    const items = [this.unary(depth)];
    while (this.isWord('and')) {
      this.cursor.next();
      items.push(this.unary(depth));
    }
    return items.length === 1 ? items[0]! : { type: 'and', items };
  }

  private unary(depth: number): Condition {
    const token = this.cursor.peek();
    if (depth >= MAX_DEPTH) throw new ExpressionError(token.column, `nested deeper than ${MAX_DEPTH} levels`);
    if (this.isWord('not')) {
      this.cursor.next();
      return { type: 'not', item: this.unary(depth + 1) };
    }
    if (this.cursor.isOp('(')) {
      this.cursor.next();
      const inner = this.condition(depth + 1);
      this.cursor.expectOp(')', "')' or a comparison operator");
      return inner;
    }
    return this.comparison(depth);
  }

  private comparison(depth: number): Condition {
    const left = this.operand(depth);
    const opToken = this.cursor.peek();
    const op = this.readOp();
    if (op === null) {
      if (left.type === 'path') return { type: 'present', path: left };
      if (left.type === 'literal' && typeof left.value === 'boolean') return { type: 'constant', value: left.value };
      const what = left.type === 'list' ? 'list' : 'value';
      const found = describeToken(opToken);
      throw new ExpressionError(opToken.column, `expected a comparison (== != < <= > >= ~ in within) after the ${what}, found ${found}`);
    }
    const right = this.operand(depth);
    checkOperands(op, left, right, opToken);
    return { type: 'compare', op, left, right, column: opToken.column };
  }

  private readOp(): CompareOp | null {
    const token = this.cursor.peek();
    if (token.type === 'op' && COMPARE_OPS.includes(token.text)) {
      this.cursor.next();
      return token.text as CompareOp;
    }
    if (token.type !== 'ident') return null;
    if (token.text === 'in' || token.text === 'within') {
      this.cursor.next();
      return token.text;
    }
    if (token.text === 'not' && this.cursor.peek(1).type === 'ident' && this.cursor.peek(1).text === 'in') {
      this.cursor.next();
      this.cursor.next();
      return 'not in';
    }
    return null;
  }

  private operand(depth: number): Operand {
    const token = this.cursor.peek();
    if (this.cursor.isOp('[')) return this.list(depth + 1);
    const literal = readLiteral(token);
    if (literal !== undefined) {
      this.cursor.next();
      return { type: 'literal', value: literal, column: token.column } satisfies Literal;
    }
    if (startsPath(this.cursor)) return parsePathAt(this.cursor, this.source);
    throw new ExpressionError(token.column, `expected ${EXPECTED_OPERAND}, found ${describeToken(token)}`);
  }

  private list(depth: number): List {
    const open = this.cursor.next();
    if (depth >= MAX_DEPTH) throw new ExpressionError(open.column, `nested deeper than ${MAX_DEPTH} levels`);
    const values: Scalar[] = [];
    while (!this.cursor.isOp(']')) {
      const token = this.cursor.next();
      const value = readLiteral(token);
      if (value === undefined) {
        const found = describeToken(token);
        throw new ExpressionError(token.column, `expected a string, number, true, false or null in the list, found ${found}`);
      }
      values.push(value);
      if (!this.cursor.isOp(',')) break;
      this.cursor.next();
    }
    this.cursor.expectOp(']', "',' or ']'");
    return { type: 'list', values, column: open.column };
  }

  private isWord(word: 'and' | 'or' | 'not'): boolean {
    const token = this.cursor.peek();
    return (token.type === 'ident' && token.text === word) || (token.type === 'op' && token.text === WORDS[word]);
  }
}

function readLiteral(token: Token): Scalar | undefined {
  if (token.type === 'string') return token.text;
  if (token.type === 'number') return token.value!;
  if (token.type === 'ident') {
    if (token.text === 'true') return true;
    if (token.text === 'false') return false;
    if (token.text === 'null') return null;
  }
  return undefined;
}

/** What each operator takes on its right, checked before anything runs. */
function checkOperands(op: CompareOp, left: Operand, right: Operand, at: Token): void {
  const fail = (problem: string, column = right.column) => {
    throw new ExpressionError(column, problem);
  };
  if (left.type === 'list') fail(`a [list] goes on the right of in, not on the left of ${op}`, left.column);
  if (op === 'in' || op === 'not in') {
    if (right.type === 'literal') fail(`${op} takes a [list] or a field on its right, e.g. ${op} ["warning", "error"]`);
    return;
  }
  if (op === '~' || op === 'within') {
    const values = right.type === 'list' ? right.values : right.type === 'literal' ? [right.value] : null;
    if (values === null || values.some((v) => typeof v !== 'string')) {
      fail(op === '~' ? '~ takes a quoted glob (or a [list] of them) on its right, e.g. ~ "ge-0/0/*"'
        : 'within takes a quoted CIDR (or a [list] of them) on its right, e.g. within "10.0.0.0/8"');
    }
    return;
  }
  if (right.type === 'list') fail(`${op} compares with one value; for any of several use in [...]`);
  if (left.type === 'literal' && right.type === 'literal') {
    fail(`${op} between two literals is always the same; compare a field`, at.column);
  }
}
