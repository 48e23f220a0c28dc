#!/usr/bin/env node
/**
 * `npm run build:exe`: dist/jetsub, one Linux executable that needs neither Node nor
 * node_modules. Node's single-executable-application (SEA) support, with the node binary
 * that runs this script:
 *   1. scripts/bundle.mjs: the CLI and its dependencies as one CommonJS file (dist/jetsub.cjs);
 *   2. `node --experimental-sea-config`: a preparation blob from it, with the settings of
 *      sea-config.json (code cache on, the experimental-feature warning off);
 *   3. postject: the blob injected into a copy of `process.execPath`.
 * (`pkg`, named in the design, downloads prebuilt base binaries at build time: no offline build.)
 *
 *   node scripts/build-exe.mjs [--out dist/jetsub]
 * With --out elsewhere, the bundle and blob are written beside it instead of dist/ and build/.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT, bundle } from './bundle.mjs';

export const DEFAULT_EXE = join(ROOT, 'dist', 'jetsub');
/** The fuse Node's SEA support looks for to know a blob was injected (see Node's single-executable-applications docs). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const POSTJECT_CLI = createRequire(import.meta.url).resolve('postject/dist/cli.js');

/** Runs a build step quietly (postject's LIEF chatters about ELF notes); its output is shown when it fails. */
function runStep(args) {
  try {
    execFileSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`build:exe: node ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`, { cause: error });
  }
}

/** Builds the executable at `out`; returns the paths it wrote. */
export async function buildExe({ out = DEFAULT_EXE } = {}) {
  const settings = JSON.parse(readFileSync(join(ROOT, 'sea-config.json'), 'utf8'));
  const isDefault = resolve(out) === DEFAULT_EXE;
  const main = isDefault ? resolve(ROOT, settings.main) : `${out}.cjs`;
  const blob = isDefault ? resolve(ROOT, settings.output) : `${out}.blob`;
  await bundle({ outfile: main });
  mkdirSync(dirname(blob), { recursive: true });
  const config = `${blob}.sea-config.json`;
  writeFileSync(config, JSON.stringify({ ...settings, main, output: blob }));
  try {
    runStep(['--experimental-sea-config', config]);
  } finally {
    rmSync(config);
  }
  rmSync(out, { force: true });
  copyFileSync(process.execPath, out);
  chmodSync(out, 0o755);
  runStep([POSTJECT_CLI, out, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
  return { exe: out, bundle: main, blob };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const { exe } = await buildExe({ out: values.out ? resolve(values.out) : DEFAULT_EXE });
  const built = `Node ${process.version}, ${process.platform}-${process.arch}`;
  process.stdout.write(`${relative(process.cwd(), exe)}: standalone executable (${built})\n`);
}
