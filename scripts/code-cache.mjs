#!/usr/bin/env node
/**
 * V8's code cache for the bundle: dist/jetsub.cjs.cache, which bin/jetsub.js hands to V8 so
 * that the bundle's functions need not be compiled again at every start (a third less start-up
 * CPU, BENCHMARKS.md). Written after one representative run of the bundle in a child process
 * (`tail` against a port where nothing listens: commander, the flags, the validators, mqtt and
 * a connection attempt), so it holds what a start-up compiles, not just the top level. V8
 * checks the cache against the source and its own version and ignores one that does not match.
 *
 *   node scripts/code-cache.mjs        (after scripts/bundle.mjs; part of npm run build)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(ROOT, 'dist', 'jetsub.cjs');
const CACHE = `${BUNDLE}.cache`;

if (process.argv[2] === '--child') {
  // Runs the bundle here as bin/jetsub.js does, and keeps what V8 compiled when it exits.
  const script = new vm.Script(Module.wrap(readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE });
  process.once('exit', () => {
    writeFileSync(`${CACHE}.tmp`, script.createCachedData());
    renameSync(`${CACHE}.tmp`, CACHE);
  });
  process.argv = [process.argv[0], BUNDLE, ...process.argv.slice(3)];
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
} else {
  const port = await closedPort();
  const args = ['tail', '--ifd', 'ge-0/0/1', '-H', '127.0.0.1', '-p', String(port), '--connect-timeout', '2', '-o', 'ndjson'];
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', ...args], { stdio: 'ignore', timeout: 30_000 });
  if (child.status !== 3) throw new Error(`code cache: the representative run exited ${child.status ?? child.signal}, expected 3 (connection refused)`);
  process.stdout.write(`dist/jetsub.cjs.cache: ${(readFileSync(CACHE).length / 1024).toFixed(0)} KiB\n`);
}

/** A loopback port with nothing listening on it. */
function closedPort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}
