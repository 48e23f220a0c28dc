/**
 * Output formats: record → text. The registry below is the single source of truth; the
 * list of formats (for `-o`, help and completion) derives from it.
 */
import { createCsvRenderer } from './csv.js';
import { createJsonRenderer } from './json.js';
import { createNdjsonRenderer } from './ndjson.js';
import { createPrettyRenderer } from './pretty.js';
import { createRawRenderer } from './raw.js';
import { createTableRenderer } from './table.js';
import { createTemplateRenderer } from './template.js';
import type { Renderer, RendererFactory, RenderOptions } from './types.js';

export const RENDERERS = {
  pretty: createPrettyRenderer,
  table: createTableRenderer,
  ndjson: createNdjsonRenderer,
  json: createJsonRenderer,
  raw: createRawRenderer,
  csv: createCsvRenderer,
  template: createTemplateRenderer,
} as const satisfies Record<string, RendererFactory>;

export type OutputFormat = keyof typeof RENDERERS;

export const OUTPUT_FORMATS: readonly OutputFormat[] = Object.freeze(Object.keys(RENDERERS) as OutputFormat[]);

export function isOutputFormat(value: string): value is OutputFormat {
  return Object.hasOwn(RENDERERS, value);
}

export function createRenderer(format: OutputFormat, options: RenderOptions): Renderer {
  return RENDERERS[format](options);
}

export type { LineParts, Renderer, RendererFactory, RenderOptions, Template, TimeMode } from './types.js';
export { TIME_MODES } from './types.js';
export { COLOR_MODES, resolveColor, type ColorMode } from './color.js';
export { escapeControl } from './escape.js';
export { serializeRecord, toOutputObject } from './ndjson.js';
export { DEFAULT_COLUMNS, parseColumns } from './csv.js';
export { parseTemplate } from './template.js';
