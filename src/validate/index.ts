export { createValidator } from './validator.js';
export type { Validator, ValidatorOptions, Verdict } from './validator.js';
export { loadSchemaFiles, locateBuiltinSchemaDir, SCHEMA_SUFFIX } from './files.js';
export type { SchemaFile } from './files.js';
export { listSchemas, readSchema } from './schemas.js';
export type { SchemaListOptions, SchemaSummary } from './schemas.js';
export { describeAjvErrors } from './issues.js';
