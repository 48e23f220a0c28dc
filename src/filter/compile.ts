/**
 * A parsed condition → one closure over the record. Everything that can be decided from
 * the expression alone (globs, CIDRs, literal tests) is done here, once; the closure only
 * reads the record. It never throws: a missing field, a value of another type or an
 * address that does not parse makes that comparison false.
 */
import type { CompareOp, Condition, Operand, Path, Scalar } from './ast.js';
import { compileGlobMatcher } from './glob.js';
import { ExpressionError } from './lex.js';
import { someAtPath } from './path.js';
import { type Order, createEqualsTest, createOrderTest, isEqual, isOrdered, isPlainObject, isTruthy } from './values.js';
import { type Prefix, formatPrefix, hasHostBits, isWithin, networkOf, parseAddress, parsePrefix } from '../topics/cidr.js';

export type Predicate = (record: object) => boolean;
type ValueTest = (value: unknown) => boolean;

const MIRROR: Readonly<Record<Order, Order>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

export function compileCondition(condition: Condition): Predicate {
  switch (condition.type) {
    case 'constant': {
      const value = condition.value;
      return () => value;
    }
    case 'present': {
      const steps = condition.path.steps;
      return (r) => someAtPath(r, steps, isTruthy);
    }
    case 'not': {
      const inner = compileCondition(condition.item);
      return (r) => !inner(r);
    }
    case 'and':
      return compileAll(condition.items.map(compileCondition));
    case 'or': {
      const items = condition.items.map(compileCondition);
      // Loops, not items.some(...): no closure is made per record.
      return (r) => {
        for (let i = 0; i < items.length; i++) if (items[i]!(r)) return true;
        return false;
      };
    }
    case 'compare':
      return compileComparison(condition.op, condition.left, condition.right);
  }
}

export function compileAll(items: readonly Predicate[]): Predicate {
  if (items.length === 1) return items[0]!;
  if (items.length === 2) {
    const [a, b] = items as [Predicate, Predicate];
    return (r) => a(r) && b(r);
  }
  return (r) => {
    for (let i = 0; i < items.length; i++) if (!items[i]!(r)) return false;
    return true;
  };
}

function compileComparison(op: CompareOp, left: Operand, right: Operand): Predicate {
  switch (op) {
    case '==':
      return compileMatch(left, right, createEqualsTest, isEqual);
    case '!=':
      return negate(left, right, compileMatch(left, right, createEqualsTest, isEqual));
    case 'in':
      return compileIn(left, right);
    case 'not in':
      return negate(left, right, compileIn(left, right));
    case '~':
      return compileValueTest(left, anyOf(literals(right).map((g) => compileGlobTest(String(g)))));
    case 'within':
      return compileValueTest(left, anyOf(literals(right).map((cidr) => compileWithinTest(String(cidr), right.column))));
    default: {
      const order = op;
      if (left.type === 'literal') return compileComparison(MIRROR[order], right, left);
      return compileMatch(left, right, (literal) => createOrderTest(literal, order), (a, b) => isOrdered(a, order, b));
    }
  }
}

/** `a != b` and `a not in b`: the field (whichever side is one) holds a value, and the positive test fails. */
function negate(left: Operand, right: Operand, positive: Predicate): Predicate {
  const field = left.type === 'path' ? left : right.type === 'path' ? right : null;
  if (field === null) return (r) => !positive(r);
  const steps = field.steps;
  return (r) => someAtPath(r, steps, () => true) && !positive(r);
}

/** A comparison of two operands: with a literal on one side, its test is built once. */
function compileMatch(
  left: Operand, right: Operand, literalTest: (literal: Scalar) => ValueTest, pairTest: (a: unknown, b: unknown) => boolean,
): Predicate {
  if (left.type === 'literal' && right.type === 'path') return compileValueTest(right, literalTest(left.value));
  if (right.type === 'literal') return compileValueTest(left, literalTest(right.value));
  const a = (left as Path).steps;
  const b = (right as Path).steps;
  return (r) => someAtPath(r, a, (x) => someAtPath(r, b, (y) => pairTest(x, y)));
}

function compileIn(left: Operand, right: Operand): Predicate {
  if (right.type === 'list') return compileValueTest(left, anyOf(right.values.map(createEqualsTest)));
  const container = (right as Path).steps;
  if (left.type === 'literal') {
    const key = left.value;
    const equals = createEqualsTest(key);
    return (r) => someAtPath(r, container, (v) => equals(v) || (typeof key === 'string' && isPlainObject(v) && Object.hasOwn(v, key)));
  }
  const steps = (left as Path).steps;
  const contains = (x: unknown, v: unknown) => isEqual(x, v) || (typeof x === 'string' && isPlainObject(v) && Object.hasOwn(v, x));
  return (r) => someAtPath(r, steps, (x) => someAtPath(r, container, (v) => contains(x, v)));
}

function compileValueTest(operand: Operand, test: ValueTest): Predicate {
  if (operand.type === 'path') {
    const steps = operand.steps;
    return (r) => someAtPath(r, steps, test);
  }
  const constant = operand.type === 'literal' && test(operand.value);
  return () => constant;
}

function literals(operand: Operand): Scalar[] {
  return operand.type === 'list' ? operand.values : operand.type === 'literal' ? [operand.value] : [];
}

function anyOf(tests: ValueTest[]): ValueTest {
  if (tests.length === 1) return tests[0]!;
  return (v) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(v)) return true;
    return false;
  };
}

function compileGlobTest(pattern: string): ValueTest {
  const matches = compileGlobMatcher(pattern);
  return (v) => (typeof v === 'string' ? matches(v) : typeof v === 'number' ? matches(String(v)) : false);
}

function compileWithinTest(text: string, column: number): ValueTest {
  const outer = parsePrefix(text);
  if (typeof outer === 'string') {
    throw new ExpressionError(column, `within "${text}": ${outer}; give a CIDR such as "10.0.0.0/8" or "2001:db8::/32"`);
  }
  if (hasHostBits(outer)) {
    const network = formatPrefix(networkOf(outer));
    throw new ExpressionError(column, `within "${text}": the address has host bits set; did you mean "${network}"?`);
  }
  return (v) => {
    const inner = typeof v === 'string' ? readAddress(v) : null;
    return inner !== null && isWithin(outer, inner);
  };
}

/** `192.0.2.1` or `192.0.2.0/24` (interface addresses come as `addr/len`); null when neither. */
function readAddress(text: string): Prefix | { version: 4 | 6; value: bigint } | null {
  if (!text.includes('/')) return parseAddress(text);
  const prefix = parsePrefix(text);
  return typeof prefix === 'string' ? null : prefix;
}
