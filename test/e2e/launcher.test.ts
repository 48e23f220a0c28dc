/**
 * bin/jetsub.js, the launcher: it runs the bundle with the V8 code cache that the build made
 * for its own V8, and on a Node whose V8 did not make it (the package built on Node 20, run on
 * Node 22), with Node's own compile cache in the user's cache directory where Node has one
 * (22.1 and later). Either way the output is the same; only where compiled code is kept differs.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, testEnv } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
/** Node 22.1 and later (Node 20's types do not know it). */
const HAS_COMPILE_CACHE = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
/** What `npm run build` made with the Node that runs these tests. */
const BUILT_CACHE = join(REPO_ROOT, 'dist', `jetsub.cjs.v8-${process.versions.v8}.cache`);

/** Files anywhere under `dir` (Node keeps its cache in a subdirectory per Node version). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('the launcher and its code caches', () => {
  let dir: string;
  let copy: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'jetsub-launcher-'));
    // The package as another Node would find it: everything but the build's code cache.
    copy = join(dir, 'package');
    for (const part of ['package.json', 'bin', 'dist']) {
      cpSync(join(REPO_ROOT, part), join(copy, part), { recursive: true, preserveTimestamps: true, filter: (source) => !/\.cache$/.test(source) && !source.endsWith(join('dist', 'jetsub')) });
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('with the build\'s cache for this V8, it is used and nothing is written to the user\'s cache', async () => {
    const cacheHome = join(dir, 'cache-home-built');
    assert.ok(existsSync(BUILT_CACHE), `${BUILT_CACHE} (npm test builds it with this Node)`);
    const result = await runCli(['--version'], { env: testEnv({ XDG_CACHE_HOME: cacheHome }) });
    assert.deepEqual(result, { code: 0, signal: null, stdout: `${version}\n`, stderr: '' });
    assert.deepEqual(filesUnder(cacheHome), []);
  });

  test(`without a cache for this V8: ${HAS_COMPILE_CACHE ? "Node's compile cache, under XDG_CACHE_HOME/jetsub" : 'compiled at every start (this Node has no compile cache), nothing written'}`, async () => {
    const cacheHome = join(dir, 'cache-home-copy');
    const command = [process.execPath, join(copy, 'bin', 'jetsub.js')];
    for (let run = 0; run < 2; run++) {
      const result = await runCli(['--version'], { command, env: testEnv({ XDG_CACHE_HOME: cacheHome }) });
      assert.deepEqual(result, { code: 0, signal: null, stdout: `${version}\n`, stderr: '' });
    }
    const written = filesUnder(join(cacheHome, 'jetsub', 'node-compile-cache'));
    if (HAS_COMPILE_CACHE) assert.equal(written.length, 1, `one entry for the bundle: ${written.join(', ')}`);
    else assert.deepEqual(filesUnder(cacheHome), []);
  });

  test('NODE_COMPILE_CACHE, when set, is where Node keeps it instead', async () => {
    const cacheHome = join(dir, 'cache-home-env');
    const nodeCache = join(dir, 'node-compile-cache-env');
    const command = [process.execPath, join(copy, 'bin', 'jetsub.js')];
    const result = await runCli(['--version'], { command, env: testEnv({ XDG_CACHE_HOME: cacheHome, NODE_COMPILE_CACHE: nodeCache }) });
    assert.deepEqual(result, { code: 0, signal: null, stdout: `${version}\n`, stderr: '' });
    assert.deepEqual(filesUnder(cacheHome), []);
    // Node 20 has no compile cache at all; from 22.1 the variable alone enables it (for the
    // launcher itself too, hence one entry or more).
    const written = filesUnder(nodeCache).length;
    assert.ok(HAS_COMPILE_CACHE ? written >= 1 : written === 0, `${written} entries`);
  });
});
