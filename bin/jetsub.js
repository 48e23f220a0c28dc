#!/usr/bin/env node
// Start-up: the single-file bundle that `npm run build` writes (scripts/bundle.mjs) loads with
// one read and one compile instead of ~150 modules, which halves jetsub's start-up CPU
// (BENCHMARKS.md). A bundle older than dist/cli.js (tsc ran since) is stale and not used.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/jetsub.cjs', import.meta.url));
const modules = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const mtime = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Number.NaN;

if (mtime(bundle) >= mtime(modules)) createRequire(import.meta.url)(bundle);
else (await import('../dist/cli.js')).run();
