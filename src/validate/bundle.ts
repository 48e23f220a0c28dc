/**
 * One schema made standalone for editors and other validators: the schemas it refers to
 * by file name (`jet-event.schema.json#/$defs/header`) are embedded under `$defs`, each
 * keeping its `$id`, so the references resolve without fetching anything (JSON Schema
 * 2020-12 compound documents). Pure.
 */
import { isJsonObject } from '../decode/payload.js';
import { SCHEMA_SUFFIX, type SchemaFile } from './files.js';

type Schema = Record<string, unknown>;

/** `files` as from loadSchemaFiles; `name` must be among them. */
export function bundleSchema(name: string, files: readonly SchemaFile[]): Schema {
  const byName = new Map(files.map((file) => [file.name, file.schema]));
  const root = byName.get(name);
  if (root === undefined) throw new Error(`no schema ${name}`);
  const embedded = new Map<string, Schema>();
  const visit = (schema: unknown): void => {
    for (const ref of collectFileRefs(schema)) {
      if (ref === name || embedded.has(ref) || !byName.has(ref)) continue;
      embedded.set(ref, byName.get(ref)!);
      visit(byName.get(ref));
    }
  };
  visit(root);
  if (embedded.size === 0) return root;
  const defs = isJsonObject(root.$defs) ? root.$defs : {};
  return { ...root, $defs: { ...defs, ...Object.fromEntries(embedded) } };
}

/** Names of the schema files `$ref`s point into (`jet-event` for `jet-event.schema.json#/...`). */
function collectFileRefs(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) collectFileRefs(item, found);
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') {
        const file = item.split('#')[0]!.split('/').pop()!;
        if (file.endsWith(SCHEMA_SUFFIX)) found.add(file.slice(0, -SCHEMA_SUFFIX.length));
      } else {
        collectFileRefs(item, found);
      }
    }
  }
  return found;
}
