#!/usr/bin/env node
// Start-up: the single-file bundle that `npm run build` writes (scripts/bundle.mjs) loads with
// one read instead of ~150 modules, and V8's code cache written beside it at build time
// (scripts/code-cache.mjs, named after the V8 that made it) spares compiling it again
// (BENCHMARKS.md: start-up). A bundle older than dist/cli.js (tsc ran since) is stale and not
// used; a cache older than the bundle is not read. On a Node whose V8 did not make the cache
// (the package built on Node 20, run on Node 22), Node's own compile cache takes its place
// where there is one (22.1 and later), in the user's cache directory. This file is CommonJS
// (bin/package.json): Node starts a CommonJS entry ~3 ms sooner than an ES module one.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { createRequire, enableCompileCache, wrap } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'jetsub.cjs');
const modules = join(__dirname, '..', 'dist', 'cli.js');
const mtime = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Number.NaN;

if (mtime(bundle) >= mtime(modules)) runBundle(bundle);
else if (Number.isNaN(mtime(modules))) notBuilt();
else import('../dist/cli.js').then((cli) => cli.run());

/** A clone after `npm ci` (the build runs on prepack, not on install): say what to do, not a stack. */
function notBuilt() {
  process.stderr.write(`jetsub: not built yet: run 'npm run build' in ${join(__dirname, '..')}\n`);
  process.exitCode = 1;
}

/** The bundle as CommonJS module code, with the code cache made for this V8 when it is there. */
function runBundle(file) {
  const cache = `${file}.v8-${process.versions.v8}.cache`;
  const cachedData = mtime(cache) >= mtime(file) ? readFileSync(cache) : undefined;
  if (cachedData === undefined && enableCompileCache !== undefined) {
    enableCompileCache(process.env.NODE_COMPILE_CACHE ? undefined : userCompileCache());
    require(file);
    return;
  }
  const script = new vm.Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
}

/** Per user, not Node's default under the shared /tmp: V8 trusts the code it reads back. */
function userCompileCache() {
  const home = process.env.XDG_CACHE_HOME || join(require('node:os').homedir(), '.cache');
  return join(home, 'jetsub', 'node-compile-cache');
}
