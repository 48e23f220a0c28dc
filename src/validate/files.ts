/**
 * The only I/O of validation: the built-in schemas (from ./builtin.ts, the module a bundled
 * build swaps for inline copies) and an optional `--schemas` directory.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isJsonObject } from '../decode/payload.js';
import { usageError } from '../errors.js';
import { SCHEMA_SUFFIX, readBuiltinSchemaTexts } from './builtin.js';

export { SCHEMA_SUFFIX, locateBuiltinSchemaDir } from './builtin.js';

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
  for (const { name, file, text } of readBuiltinSchemaTexts()) {
    files.set(name, parseSchemaFile(file, name, false, () => text));
  }
  if (dir !== undefined) {
    const userDir = resolve(dir);
    const names = listUserSchemaFileNames(userDir);
    for (const name of names) {
      const file = join(userDir, `${name}${SCHEMA_SUFFIX}`);
      files.set(name, parseSchemaFile(file, name, true, () => readFileSync(file, 'utf8')));
    }
  }
  return [...files.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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

function parseSchemaFile(file: string, name: string, user: boolean, read: () => string): SchemaFile {
  const fail = (problem: string): Error => (user
    ? usageError('--schemas', problem, 'each file must hold one JSON Schema (draft 2020-12) object')
    : new Error(`built-in schema: ${problem}`));
  let schema: unknown;
  try {
    schema = JSON.parse(read());
  } catch (error) {
    throw fail(`cannot read ${file} (${describeError(error)})`);
  }
  if (!isJsonObject(schema)) throw fail(`${file} does not hold a JSON object`);
  return { name, file, user, schema };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
