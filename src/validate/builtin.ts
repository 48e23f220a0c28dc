/**
 * Where the built-in schemas come from: `schemas/` of the installed package. This module is
 * the one swap point for bundled builds: scripts/bundle.mjs replaces it with a generated
 * module that exports the same two functions over the same files held inline, so the
 * single-file bundle and the standalone executable need no `schemas/` on disk.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA_SUFFIX = '.schema.json';
const MARKER = join('schemas', `jet-event${SCHEMA_SUFFIX}`);

export interface BuiltinSchemaText {
  /** The file name without `.schema.json`. */
  name: string;
  /** Where it was read from. */
  file: string;
  text: string;
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

/** Every built-in `*.schema.json`, unparsed. */
export function readBuiltinSchemaTexts(): BuiltinSchemaText[] {
  const dir = locateBuiltinSchemaDir();
  return readdirSync(dir)
    .filter((entry) => entry.endsWith(SCHEMA_SUFFIX))
    .map((entry) => {
      const file = join(dir, entry);
      return { name: entry.slice(0, -SCHEMA_SUFFIX.length), file, text: readFileSync(file, 'utf8') };
    });
}
