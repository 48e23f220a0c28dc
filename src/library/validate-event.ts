/**
 * `validateEvent(kind, payload)`: one payload against the built-in schemas, for programs
 * that receive JET events by other means. The validator is compiled on first use.
 */
import type { Kind } from '../topics/catalog.js';
import { type Validator, type Verdict, createValidator } from '../validate/index.js';

let builtin: Validator | null = null;

/** `payload` is the parsed JSON (the whole object, `{"jet-event": …}` included). */
export function validateEvent(kind: Kind, payload: unknown): Verdict {
  builtin ??= createValidator();
  return builtin.check(kind, payload);
}
