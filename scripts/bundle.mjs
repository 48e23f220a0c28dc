#!/usr/bin/env node
/**
 * The whole jetsub CLI as ONE CommonJS file (default dist/jetsub.cjs): src/cli.ts and every
 * dependency (commander, mqtt, chalk, ajv, cli-table3, ...) bundled by esbuild, with only
 * Node built-ins left outside. `node dist/jetsub.cjs tail ...` runs it. It is the input of the
 * standalone executable (scripts/build-exe.mjs; Node 20's single-executable support runs
 * CommonJS only), and it can serve a faster start-up of bin/jetsub.js (one file to read and
 * compile instead of ~150 modules).
 *
 * A bundle has nothing beside it on disk, so the two modules that read files through
 * `import.meta.url` are swapped for generated ones (SWAPS below): src/version.ts (reads
 * package.json) and src/validate/builtin.ts (reads schemas/). Any other `import.meta` in the
 * bundled code fails the build rather than leaving an empty value behind.
 *
 *   node scripts/bundle.mjs [--outfile dist/jetsub.cjs]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_BUNDLE = join(ROOT, 'dist', 'jetsub.cjs');
const SCHEMA_SUFFIX = '.schema.json';

/** src/ modules replaced in the bundle: path relative to ROOT → generated source. */
const SWAPS = {
  'src/version.ts': () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    return `export function readVersion(): string { return ${JSON.stringify(version)}; }\n`;
  },
  'src/validate/builtin.ts': () => {
    const texts = readdirSync(join(ROOT, 'schemas'))
      .filter((entry) => entry.endsWith(SCHEMA_SUFFIX))
      .sort()
      .map((entry) => ({
        name: entry.slice(0, -SCHEMA_SUFFIX.length),
        file: `builtin:schemas/${entry}`,
        text: readFileSync(join(ROOT, 'schemas', entry), 'utf8'),
      }));
    return [
      `export const SCHEMA_SUFFIX = ${JSON.stringify(SCHEMA_SUFFIX)};`,
      'export interface BuiltinSchemaText { name: string; file: string; text: string }',
      `const TEXTS: readonly BuiltinSchemaText[] = ${JSON.stringify(texts)};`,
      'export function locateBuiltinSchemaDir(): string {',
      "  throw new Error('this jetsub is a single-file build: its schemas are built in, not in a directory');",
      '}',
      'export function readBuiltinSchemaTexts(): BuiltinSchemaText[] { return TEXTS.map((t) => ({ ...t })); }',
      '',
    ].join('\n');
  },
};

const swapPlugin = {
  name: 'jetsub-swaps',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const generate = SWAPS[relative(ROOT, args.path).split('\\').join('/')];
      return generate ? { contents: generate(), loader: 'ts', resolveDir: dirname(args.path) } : undefined;
    });
  },
};

/**
 * Optional add-ons that their users require inside try/catch (ws: bufferutil, utf-8-validate;
 * debug: supports-color). In the bundle they are "not installed" on purpose: a require that
 * left the bundle would make the standalone executable warn that it loads built-ins only.
 */
const ABSENT = ['bufferutil', 'utf-8-validate', 'supports-color'];
const absentPlugin = {
  name: 'jetsub-absent',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${ABSENT.join('|')})$`) }, (args) => ({ path: args.path, namespace: 'absent' }));
    b.onLoad({ filter: /.*/, namespace: 'absent' }, (args) => ({
      contents: `throw Object.assign(new Error(${JSON.stringify(`Cannot find module '${args.path}' (not bundled)`)}), { code: 'MODULE_NOT_FOUND' });`,
      loader: 'js',
    }));
  },
};

const BUILTINS = new Set(builtinModules);
const isBuiltin = (path) => path.startsWith('node:') || BUILTINS.has(path.split('/')[0]);

/** Writes the bundle; returns its path and size. Throws when anything but a built-in stays outside. */
export async function bundle({ outfile = DEFAULT_BUNDLE, minify = true } = {}) {
  const result = await build({
    stdin: { contents: "import { run } from './src/cli.ts';\nrun();\n", resolveDir: ROOT, sourcefile: 'jetsub-main.ts', loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify,
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
    logOverride: { 'empty-import-meta': 'error' },
    plugins: [swapPlugin, absentPlugin],
  });
  const outside = Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((imp) => imp.external && !isBuiltin(imp.path))
    .map((imp) => imp.path);
  if (outside.length > 0) throw new Error(`bundle: left outside, would need node_modules at run time: ${[...new Set(outside)].join(', ')}`);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { outfile, bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
  const { outfile, bytes } = await bundle({ outfile: values.outfile ? resolve(values.outfile) : DEFAULT_BUNDLE });
  process.stdout.write(`${relative(process.cwd(), outfile)}: ${(bytes / 1024).toFixed(0)} KiB\n`);
}
