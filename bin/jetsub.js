#!/usr/bin/env node
// Start-up: the single-file bundle that `npm run build` writes (scripts/bundle.mjs) loads with
// one read instead of ~150 modules, and V8's code cache written beside it at build time
// (scripts/code-cache.mjs) spares compiling it again: together they take jetsub's start-up CPU
// from ~120 to ~75 ms (BENCHMARKS.md). A bundle older than dist/cli.js (tsc ran since) is stale
// and not used; a cache older than the bundle is not read (V8 would reject it anyway).
import { readFileSync, statSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundle = fileURLToPath(new URL('../dist/jetsub.cjs', import.meta.url));
const modules = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const mtime = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Number.NaN;

if (mtime(bundle) >= mtime(modules)) runBundle(bundle);
else (await import('../dist/cli.js')).run();

/** The bundle as CommonJS module code, with the code cache when it is there. */
function runBundle(file) {
  const cache = `${file}.cache`;
  const cachedData = mtime(cache) >= mtime(file) ? readFileSync(cache) : undefined;
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
}
