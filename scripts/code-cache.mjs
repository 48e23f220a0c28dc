#!/usr/bin/env node
/**
 * V8's code cache for the bundle: dist/jetsub.cjs.v8-<V8 version>.cache (a cache is valid only
 * for the V8 that made it; older ones are removed), which bin/jetsub.js hands to V8 so
 * that the bundle's functions need not be compiled again at every start (a third less start-up
 * CPU, BENCHMARKS.md). Written after one representative run of the bundle in a child process:
 * `tail -C 1` against an in-process broker (aedes) holding a retained event, so the cache holds
 * what a start-up compiles up to the first record written (commander, the flags, mqtt, the
 * connect and subscribe, decoding, validation, NDJSON), not just the top level. V8 checks the
 * cache against the source and its own version and ignores one that does not match.
 *
 *   node scripts/code-cache.mjs        (after scripts/bundle.mjs; part of npm run build)
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { createServer } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { DEFAULT_HEAP_FLAGS } = await import(pathToFileURL(join(ROOT, 'dist', 'pipeline', 'heap.js')).href);
const BUNDLE = join(ROOT, 'dist', 'jetsub.cjs');
const CACHE = `${BUNDLE}.v8-${process.versions.v8}.cache`;
const TOPIC = '/junos/events/kernel/interfaces/ifd/change/ge-0/0/1';
const EVENT = JSON.stringify({
  'jet-event': {
    'event-id': 'KERNEL_EVENT_IFD_CHANGE', hostname: 'mx1-re0', time: '2026-11-24-09:15:00', severity: 'info', facility: 'KERNEL',
    attributes: { name: 'ge-0/0/1', 'snmp-id': 501, flags: 32776, 'generation-number': 1 },
  },
});

if (process.argv[2] === '--child') {
  // Runs the bundle here as bin/jetsub.js does, and keeps what V8 compiled when it exits.
  const script = new vm.Script(Module.wrap(readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE });
  process.once('exit', () => {
    // V8 takes a cache only under the flags it was made with, and jetsub starts with the
    // defaults: undo what tail changed (src/pipeline/heap.ts, built into dist/ before this runs).
    for (const flag of DEFAULT_HEAP_FLAGS) setFlagsFromString(flag);
    writeFileSync(`${CACHE}.tmp`, script.createCachedData());
    renameSync(`${CACHE}.tmp`, CACHE);
  });
  process.argv = [process.argv[0], BUNDLE, ...process.argv.slice(3)];
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
} else {
  const broker = await startBroker(TOPIC, EVENT);
  const args = [
    'tail', '--ifd', 'ge-0/0/1', '-H', '127.0.0.1', '-p', String(broker.port), '-i', 'jetsub-code-cache', '--connect-timeout', '5',
    '-C', '1', '-o', 'ndjson',
  ];
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill(), 30_000);
  const [code, signal] = await new Promise((done) => child.on('close', (...result) => done(result)));
  clearTimeout(timer);
  await broker.stop();
  if (code !== 0) throw new Error(`code cache: the representative run exited ${code ?? signal}, expected 0 (one record)\n${output}`);
  if (isRejected(BUNDLE, CACHE)) throw new Error('code cache: V8 rejects the cache just written (made under other V8 flags?)');
  const isStale = (name) => /^jetsub\.cjs\..*cache$/.test(name) && name !== basename(CACHE);
  for (const stale of readdirSync(dirname(BUNDLE)).filter(isStale)) rmSync(join(dirname(BUNDLE), stale));
  process.stdout.write(`dist/${basename(CACHE)}: ${(readFileSync(CACHE).length / 1024).toFixed(0)} KiB\n`);
}

/** Whether a fresh node, as bin/jetsub.js runs the bundle, would refuse the cache. */
function isRejected(bundle, cache) {
  const check = `const vm = require('node:vm'); const { wrap } = require('node:module'); const fs = require('node:fs');
    const script = new vm.Script(wrap(fs.readFileSync(${JSON.stringify(bundle)}, 'utf8')),
      { filename: ${JSON.stringify(bundle)}, cachedData: fs.readFileSync(${JSON.stringify(cache)}) });
    process.stdout.write(String(script.cachedDataRejected));`;
  return spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' }).stdout !== 'false';
}

/** aedes on a free loopback port with `payload` retained on `topic`. */
async function startBroker(topic, payload) {
  const { Aedes } = await import('aedes');
  const aedes = await Aedes.createBroker();
  const server = createServer(aedes.handle);
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const packet = { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 0, retain: true, dup: false };
  await new Promise((done, fail) => aedes.publish(packet, (error) => (error ? fail(error) : done())));
  return {
    port: server.address().port,
    stop: () => new Promise((done) => aedes.close(() => server.close(() => done()))),
  };
}
