/**
 * Schema files → compiled ajv validators, each compiled once. Built-in schemas (tested to
 * compile) are compiled on first use, which keeps start-up fast; as soon as a `--schemas`
 * file is involved everything is checked and compiled up front, so a broken file is a
 * UsageError before any socket opens.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { UsageError } from '../errors.js';
import { describeError } from './files.js';
import type { SchemaFile } from './files.js';

const BASE_ID = 'https://jetsub.dev/schemas/';

export interface SchemaRegistry {
  has(name: string): boolean;
  /** The compiled validator for a schema name (`ifd`, `jet-event`, ...), undefined when there is none. */
  get(name: string): ValidateFunction | undefined;
}

export function createSchemaRegistry(files: SchemaFile[]): SchemaRegistry {
  const ajv = createAjv();
  const byName = new Map(files.map((file) => [file.name, file]));
  const anyUser = files.some((file) => file.user);
  // Built-ins first, so a clash (two files claiming one $id) is blamed on the user's file.
  for (const file of [...files].sort((a, b) => Number(a.user) - Number(b.user))) {
    attempt(file, anyUser, () => ajv.addSchema(withDefaultId(file), file.name, undefined, file.user));
  }
  const compiled = new Map<string, ValidateFunction>();
  const get = (name: string): ValidateFunction | undefined => {
    const known = compiled.get(name);
    if (known !== undefined) return known;
    const file = byName.get(name);
    if (file === undefined) return undefined;
    const validate = attempt(file, anyUser, () => ajv.getSchema(name)!);
    compiled.set(name, validate);
    return validate;
  };
  if (anyUser) for (const file of files) get(file.name);
  return { has: (name) => byName.has(name), get };
}

/** The schema with `$id` defaulted from its file name, so that files can refer to each other. */
export function withDefaultId(file: SchemaFile): Record<string, unknown> {
  return file.schema.$id === undefined ? { ...file.schema, $id: `${BASE_ID}${file.name}.schema.json` } : file.schema;
}

/** `source`: keep the generated code, for ajv standalone (src/validate/standalone.ts). */
export function createAjv(source = false): Ajv2020 {
  return new Ajv2020({
    allErrors: false, // first error only: bounded work on hostile payloads (100k bad attributes)
    verbose: true, // errors carry the bad value and the schema's title, for the messages
    allowUnionTypes: true,
    validateFormats: false, // formats are annotations (the 2020-12 default); patterns enforce
    strictTypes: false, // user schemas may put `properties` next to `$ref` without `type`
    strictTuples: false,
    logger: false,
    code: { source, esm: true },
  });
}

function attempt<T>(file: SchemaFile, anyUser: boolean, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const cause = describeError(error);
    if (file.user) {
      throw new UsageError(`--schemas: ${file.file} is not a usable JSON Schema 2020-12 (${cause}); fix or remove the file`, '--schemas');
    }
    if (anyUser) {
      throw new UsageError(`--schemas: the built-in ${file.name} schema no longer compiles with your files (${cause}); `
        + 'keep the $id and $defs of the files you replace', '--schemas');
    }
    throw error;
  }
}
