/**
 * The only I/O of validation: reading `schemas/*.schema.json` (built in, shipped beside dist/)
 * and an optional `--schemas` directory. Kept in one function so a bundled build can swap it
 * for schemas compiled into the code.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isJsonObject } from '../decode/payload.js';
import { usageError } from '../errors.js';

export const SCHEMA_SUFFIX = '.schema.json';
const MARKER = join('schemas', `jet-event${SCHEMA_SUFFIX}`);

export interface SchemaFile {
  /** The file name without `.schema.json`: a kind (`ifd`), `jet-event`, `record`, `gap`, ... */
  name: string;
  /** Absolute path it was read from. */
  file: string;
  /** True for files from the `--schemas` directory. */
  user: boolean;
  schema: Record<string, unknown>;
}

/**
 * The built-in schemas, then those of `dir` (a file with a built-in's name replaces it),
 * sorted by name. A `dir` that cannot be read or holds a file that is not a JSON object
 * throws a UsageError naming `--schemas` and the file.
 */
export function loadSchemaFiles(dir?: string): SchemaFile[] {
  const files = new Map<string, SchemaFile>();
  const builtinDir = locateBuiltinSchemaDir();
  for (const name of listSchemaFileNames(builtinDir)) {
    files.set(name, readSchemaFile(builtinDir, name, false));
  }
  if (dir !== undefined) {
    const userDir = resolve(dir);
    const names = listUserSchemaFileNames(userDir);
    for (const name of names) files.set(name, readSchemaFile(userDir, name, true));
  }
  return [...files.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * `schemas/` of the installed package. The module runs from dist/validate/ when installed
 * and from build/src/validate/ under test, so walk up until `schemas/jet-event.schema.json`.
 */
export function locateBuiltinSchemaDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, MARKER))) return join(dir, 'schemas');
    if (dirname(dir) === dir) {
      throw new Error(`jetsub is installed without its schemas: no ${MARKER} above ${here}`);
    }
  }
}

function listSchemaFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((entry) => entry.endsWith(SCHEMA_SUFFIX))
    .map((entry) => entry.slice(0, -SCHEMA_SUFFIX.length));
}

function listUserSchemaFileNames(dir: string): string[] {
  let names: string[];
  try {
    names = listSchemaFileNames(dir);
  } catch (error) {
    throw usageError('--schemas', `cannot read directory ${dir} (${describeError(error)})`,
      'pass a readable directory of *.schema.json files');
  }
  if (names.length === 0) {
    throw usageError('--schemas', `no *${SCHEMA_SUFFIX} files in ${dir}`,
      'name each file after the kind it replaces or adds, e.g. ifd.schema.json');
  }
  return names;
}

function readSchemaFile(dir: string, name: string, user: boolean): SchemaFile {
  const file = join(dir, `${name}${SCHEMA_SUFFIX}`);
  const fail = (problem: string): Error => (user
    ? usageError('--schemas', problem, 'each file must hold one JSON Schema (draft 2020-12) object')
    : new Error(`built-in schema: ${problem}`));
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw fail(`cannot read ${file} (${describeError(error)})`);
  }
  if (!isJsonObject(schema)) throw fail(`${file} does not hold a JSON object`);
  return { name, file, user, schema };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
