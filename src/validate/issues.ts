/**
 * ajv errors → issues a human can act on: the pointer of the thing that is wrong (the missing
 * property itself, not its parent), a short message, and the bad value, escaped and capped.
 * anyOf/oneOf failures come out as one message instead of one per alternative.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { escapeControlsAsJson, truncateText } from '../render/escape.js';
import type { ValidationIssue } from '../record.js';

const VALUE_MAX = 40;
const ENUM_MAX = 12;
/** Keywords whose ajv message quotes schema internals (a regex, a limit): say the schema's title instead. */
const TITLED = new Set([
  'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'multipleOf', 'minLength', 'maxLength',
]);
const ALTERNATIVES = new Set(['anyOf', 'oneOf']);
const NOT_ALLOWED = new Set(['additionalProperties', 'unevaluatedProperties', 'false schema']);

/** One issue plus what is needed to merge it into an anyOf/oneOf summary. */
interface Pending extends ValidationIssue {
  types?: string[];
}

/** ajv's errors (allErrors off) in order → deduplicated issues. */
export function describeAjvErrors(errors: readonly ErrorObject[]): ValidationIssue[] {
  let pending: Pending[] = [];
  for (const error of errors) {
    if (!ALTERNATIVES.has(error.keyword)) {
      pending.push(describeError(error));
      continue;
    }
    // ajv reports an alternative's branch errors just before it: they are the pending issues
    // at or below its instance path.
    const branches = pending.filter((issue) => isWithin(issue.pointer, error.instancePath));
    pending = pending.filter((issue) => !branches.includes(issue));
    pending.push(...summariseAlternatives(error, branches));
  }
  return dedupe(pending);
}

function describeError(error: ErrorObject): Pending {
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  switch (error.keyword) {
    case 'required':
      return { pointer: joinPointer(at, String(params.missingProperty)), message: 'is required' };
    case 'dependentRequired':
      return {
        pointer: joinPointer(at, String(params.missingProperty)),
        message: `is required when ${JSON.stringify(params.property)} is present`,
      };
    case 'type': {
      const types = listTypes(params.type);
      return { pointer: at, message: `must be ${types.join(' or ')}${describeGot(error)}`, types };
    }
    case 'enum':
      return { pointer: at, message: `must be one of ${describeAllowed(params.allowedValues)}${describeGot(error)}` };
    case 'const':
      return { pointer: at, message: `must be ${describeValue(params.allowedValue)}${describeGot(error)}` };
    default:
      break;
  }
  if (NOT_ALLOWED.has(error.keyword)) {
    const extra = params.additionalProperty ?? params.unevaluatedProperty;
    return { pointer: extra === undefined ? at : joinPointer(at, String(extra)), message: 'is not allowed' };
  }
  const title = titleOf(error);
  if (TITLED.has(error.keyword) && title !== undefined) {
    return { pointer: at, message: `must be ${title}${describeGot(error)}` };
  }
  return { pointer: at, message: `${error.message ?? `fails ${error.keyword}`}${describeGot(error)}` };
}

/**
 * Every branch failed on the value's type → "must be string or array". Some branch got past
 * the type and failed deeper → that deeper issue is the useful one. Otherwise the schema's title.
 */
function summariseAlternatives(error: ErrorObject, branches: Pending[]): Pending[] {
  const at = error.instancePath;
  const deeper = branches.filter((issue) => issue.pointer !== at);
  if (deeper.length > 0) return deeper;
  if (branches.length > 0 && branches.every((issue) => issue.types !== undefined)) {
    const types = [...new Set(branches.flatMap((issue) => issue.types!))];
    return [{ pointer: at, message: `must be ${types.join(' or ')}${describeGot(error)}`, types }];
  }
  const title = titleOf(error);
  if (title !== undefined) return [{ pointer: at, message: `must be ${title}${describeGot(error)}` }];
  if (branches.length === 0) return [{ pointer: at, message: error.message ?? `fails ${error.keyword}` }];
  const reasons = [...new Set(branches.map((issue) => issue.message))];
  return [{ pointer: at, message: reasons.join(', or ') }];
}

function dedupe(issues: Pending[]): ValidationIssue[] {
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const { pointer, message } of issues) {
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, message });
  }
  return out;
}

function titleOf(error: ErrorObject): string | undefined {
  const title = (error.parentSchema as { title?: unknown } | undefined)?.title;
  return typeof title === 'string' ? title : undefined;
}

function listTypes(type: unknown): string[] {
  if (Array.isArray(type)) return type.map(String);
  return String(type).split(',');
}

function describeAllowed(values: unknown): string {
  const list = Array.isArray(values) ? values : [values];
  const shown = list.slice(0, ENUM_MAX).map(describeValue).join(', ');
  return list.length > ENUM_MAX ? `${shown}, …` : shown;
}

/** `, got "five hundred"` — only when ajv was asked for the data (verbose). */
function describeGot(error: ErrorObject): string {
  return 'data' in error ? `, got ${describeValue(error.data)}` : '';
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return escapeControlsAsJson(JSON.stringify(truncateText(value, VALUE_MAX)));
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'nothing';
  return escapeControlsAsJson(truncateText(String(value), VALUE_MAX));
}

function isWithin(pointer: string, parent: string): boolean {
  return pointer === parent || pointer.startsWith(`${parent}/`);
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
function joinPointer(base: string, property: string): string {
  return `${base}/${property.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
