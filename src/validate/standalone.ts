/**
 * Build time only: the built-in validators as one ES module of plain code (ajv standalone),
 * exporting PRECOMPILED in place of src/validate/precompiled.ts. The same ajv options as at
 * run time, so verdicts and error objects (titles included) are the same; a unit test holds
 * them side by side over every fixture.
 */
import standaloneModule from 'ajv/dist/standalone/index.js';
import { KINDS } from '../topics/catalog.js';
import { createAjv, withDefaultId } from './compile.js';
import type { SchemaFile } from './files.js';

type StandaloneCode = typeof standaloneModule.default;
// A CommonJS module whose default export is itself: unwrap whichever shape the loader gives.
const standaloneCode: StandaloneCode = standaloneModule.default ?? (standaloneModule as unknown as StandaloneCode);

/** The schemas that validate events: the header and one per kind. */
export const PRECOMPILED_NAMES: readonly string[] = ['jet-event', ...KINDS.filter((kind) => kind !== 'other')];

/** `files`: the built-in schema files (loadSchemaFiles()). */
export function generatePrecompiledModule(files: readonly SchemaFile[]): string {
  const ajv = createAjv(true);
  for (const file of files) ajv.addSchema(withDefaultId(file), file.name);
  const exports = Object.fromEntries(PRECOMPILED_NAMES.map((name, index) => [`validator${index}`, name]));
  const entries = PRECOMPILED_NAMES.map((name, index) => `${JSON.stringify(name)}: validator${index}`);
  return `${standaloneCode(ajv, exports)}\nexport const PRECOMPILED = { ${entries.join(', ')} };\n`;
}
