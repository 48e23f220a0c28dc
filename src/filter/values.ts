/**
 * How --where compares values. Syslog attributes are strings even when numeric
 * (`"pid": "12422"`), so a number meets a numeric string as a number; everything else is
 * compared strictly (no other coercion, no case folding: `~` is the case-insensitive one).
 */
import type { Scalar } from './ast.js';

const NUMERIC = /^\s*-?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+)\s*$/;

/** The number a value stands for: a number, or a string that spells one; else undefined. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !NUMERIC.test(value)) return undefined;
  const text = value.trim();
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  const n = /^0[xX]/.test(digits) ? Number.parseInt(digits.slice(2), 16) : Number(digits);
  return negative ? -n : n;
}

export function isEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'string') return toNumber(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return toNumber(a) === b;
  return false;
}

export type Order = '<' | '<=' | '>' | '>=';

/** Numbers (or a number and a numeric string) by value, two strings by code unit; anything else is never ordered. */
export function isOrdered(a: unknown, op: Order, b: unknown): boolean {
  let x: number | string | undefined;
  let y: number | string | undefined;
  if (typeof a === 'string' && typeof b === 'string') {
    x = a;
    y = b;
  } else if (typeof a === 'number' || typeof b === 'number') {
    x = toNumber(a);
    y = toNumber(b);
    if (x === undefined || y === undefined || Number.isNaN(x) || Number.isNaN(y)) return false;
  } else {
    return false;
  }
  switch (op) {
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    default: return x >= y;
  }
}

/** A test "value <op> this literal", specialised per operator (this runs per record). */
export function createOrderTest(literal: Scalar, op: Order): (value: unknown) => boolean {
  if (typeof literal === 'number') {
    const read = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? toNumber(v) : undefined);
    switch (op) {
      case '<': return (v) => (read(v) ?? Number.NaN) < literal;
      case '<=': return (v) => (read(v) ?? Number.NaN) <= literal;
      case '>': return (v) => (read(v) ?? Number.NaN) > literal;
      default: return (v) => (read(v) ?? Number.NaN) >= literal;
    }
  }
  return (v) => isOrdered(v, op, literal);
}

/** A test "equals this literal", with the literal's own work done once. */
export function createEqualsTest(literal: Scalar): (value: unknown) => boolean {
  if (typeof literal === 'string') {
    const n = toNumber(literal);
    return n === undefined ? (v) => v === literal : (v) => v === literal || v === n;
  }
  if (typeof literal === 'number') return (v) => v === literal || (typeof v === 'string' && toNumber(v) === literal);
  return (v) => v === literal;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** jq's truthiness, less the empty array (which reaches no value): anything but null and false. */
export function isTruthy(value: unknown): boolean {
  return value !== null && value !== false;
}
