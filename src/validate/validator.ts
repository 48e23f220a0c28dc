/**
 * Payload → verdict, with ajv validators compiled once from schemas/ (and `--schemas`).
 * `check` is on the hot path: a valid payload costs one compiled function call and a few
 * property reads, and gets a shared frozen verdict back.
 */
import { isJsonObject } from '../decode/payload.js';
import type { ValidationIssue } from '../record.js';
import { KINDS } from '../topics/catalog.js';
import type { Kind } from '../topics/catalog.js';
import { createSchemaRegistry, type SchemaRegistry } from './compile.js';
import { loadSchemaFiles } from './files.js';
import { describeAjvErrors } from './issues.js';
import { PRECOMPILED } from './precompiled.js';

export interface Verdict {
  valid: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

export interface Validator {
  /**
   * Validate a parsed payload (the whole payload, `{"jet-event": ...}`) against the schema of
   * its kind. Verdicts without issues are shared and frozen: do not mutate them.
   */
  check(kind: Kind, payload: unknown): Verdict;
}

export interface ValidatorOptions {
  /** A directory of `*.schema.json` files adding to or replacing the built-in ones (`--schemas`). */
  schemaDir?: string;
}

const HEADER = 'jet-event';
const MISSING_ATTRIBUTES: ValidationIssue = Object.freeze({
  pointer: '/jet-event/attributes',
  message: 'is missing (allowed, but events normally carry attributes)',
});
const VALID = freezeVerdict([]);
const VALID_WITHOUT_ATTRIBUTES = freezeVerdict([MISSING_ATTRIBUTES]);

/** Read the schemas now; a broken `--schemas` file fails here, before any socket opens. */
export function createValidator(options: ValidatorOptions = {}): Validator {
  const schemas = loadRegistry(options.schemaDir);
  for (const name of [HEADER, ...KINDS.filter((kind) => kind !== 'other')]) {
    if (schemas.has(name)) continue;
    throw new Error(`no ${name} schema among the ${options.schemaDir === undefined ? 'built-in' : 'built-in and --schemas'} schemas`);
  }
  return {
    check(kind, payload) {
      const validate = schemas.get(kind) ?? (hasJetEventKey(payload) ? schemas.get(HEADER) : undefined);
      const attributesMissing = kind !== 'config-update' && isAttributesMissing(payload);
      if (validate === undefined || validate(payload)) {
        return attributesMissing ? VALID_WITHOUT_ATTRIBUTES : VALID;
      }
      return {
        valid: false,
        errors: describeAjvErrors(validate.errors ?? []),
        warnings: attributesMissing ? [MISSING_ATTRIBUTES] : [],
      };
    },
  };
}

/** Compiled at build time when this is the bundle and no --schemas is given; else from the files now. */
function loadRegistry(schemaDir: string | undefined): SchemaRegistry {
  if (schemaDir === undefined && PRECOMPILED !== undefined) {
    const compiled = PRECOMPILED;
    return { has: (name) => Object.hasOwn(compiled, name), get: (name) => (Object.hasOwn(compiled, name) ? compiled[name] : undefined) };
  }
  return createSchemaRegistry(loadSchemaFiles(schemaDir));
}

function hasJetEventKey(payload: unknown): boolean {
  return isJsonObject(payload) && payload[HEADER] !== undefined;
}

function isAttributesMissing(payload: unknown): boolean {
  if (!isJsonObject(payload)) return false;
  const event = payload[HEADER];
  return isJsonObject(event) && event.attributes === undefined;
}

/** The shared answer for valid payloads: frozen, since every caller gets the same object. */
function freezeVerdict(warnings: ValidationIssue[]): Verdict {
  return Object.freeze({
    valid: true,
    errors: Object.freeze([]) as unknown as ValidationIssue[],
    warnings: Object.freeze(warnings) as unknown as ValidationIssue[],
  });
}
