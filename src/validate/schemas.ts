/**
 * The schemas as documents, for `jetsub schema [kind]`: what there is, and one of them whole.
 */
import { UsageError } from '../errors.js';
import { loadSchemaFiles } from './files.js';

export interface SchemaSummary {
  /** `ifd`, `jet-event`, `record`, ... (the file name without `.schema.json`). */
  name: string;
  /** Absolute path of the file in use (a `--schemas` file when it replaces a built-in). */
  file: string;
  title: string;
}

export interface SchemaListOptions {
  schemaDir?: string;
}

export function listSchemas(options: SchemaListOptions = {}): SchemaSummary[] {
  return loadSchemaFiles(options.schemaDir).map(({ name, file, schema }) => ({
    name,
    file,
    title: typeof schema.title === 'string' ? schema.title : '',
  }));
}

/** The parsed schema called `name`; a UsageError listing the known names when there is none. */
export function readSchema(name: string, options: SchemaListOptions = {}): Record<string, unknown> {
  const files = loadSchemaFiles(options.schemaDir);
  const found = files.find((file) => file.name === name);
  if (found) return found.schema;
  const known = files.map((file) => file.name).join(', ');
  throw new UsageError(`schema ${JSON.stringify(name)}: no such schema; known schemas: ${known}`);
}
