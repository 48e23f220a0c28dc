/**
 * The npm package as users get it: `npm pack` (of the dist/ that `npm test` just built; with
 * --ignore-scripts, so a `prepare` build does not rewrite dist/ under the other tests), the
 * tarball's contents, then `npm install <tarball>` into an empty prefix and the installed
 * `jetsub` against a real broker. The install resolves the dependencies' metadata through the
 * registry (the cache `npm ci` filled has the tarballs, not always the metadata), so npm runs
 * with the user's environment — certificate and proxy settings included — and a time limit of
 * its own, shorter than the test's, that says what npm printed when it is not met.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { connectPublisher, publishAll, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { parseNdjson, runCli, startCli, testEnv, waitSubscribed } from '../helpers/cli.js';
import { REPO_ROOT, readFixtures } from '../helpers/fixtures.js';
import { execBounded } from '../helpers/processes.js';

/** What a user needs, and nothing else: no sources, tests, build output or the standalone executable. */
const ALLOWED = [
  /^package\.json$/, /^README\.md$/, /^CHANGELOG\.md$/, /^LICENSE$/, /^bin\/jetsub\.js$/, /^bin\/package\.json$/,
  /^schemas\/[a-z-]+\.schema\.json$/, /^docs\/[a-z-]+\.md$/, /^dist\/[\w/-]+\.(js|d\.ts)$/, /^dist\/jetsub\.cjs$/, /^dist\/jetsub\.cjs\.v8-[\w.-]+\.cache$/,
];
/** The bundle is what bin/jetsub.js starts (dist/cli.js when it is missing or stale); the cache is the building V8's code for it. */
const BUNDLE = 'dist/jetsub.cjs';
const CODE_CACHE = `dist/jetsub.cjs.v8-${process.versions.v8}.cache`;
const REQUIRED = ['package.json', 'README.md', 'docs/tail.md', 'CHANGELOG.md', 'LICENSE', 'bin/jetsub.js', 'bin/package.json', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', BUNDLE, CODE_CACHE];

/** What an enclosing `npm test` adds to the environment about this project; everything else is the user's. */
const SET_BY_NPM_RUN = /^(npm_(package|lifecycle)_.*|npm_command|npm_execpath|npm_node_execpath|npm_config_(local_prefix|user_agent|npm_version|node_gyp)|INIT_CWD)$/;

function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !SET_BY_NPM_RUN.test(name)));
}

/** The install's own limit: the test's is 180 s (--test-timeout in package.json). */
const INSTALL_MS = 120_000;

describe('npm package', () => {
  const root = mkdtempSync(join(tmpdir(), 'jetsub-pack-'));
  const prefix = join(root, 'prefix');
  const installed = join(prefix, 'node_modules', '.bin', 'jetsub');
  let files: string[] = [];
  let installStderr = '';
  let broker: Mosquitto;
  let publisher: MqttClient;

  before(async () => {
    const { stdout } = await execBounded('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', root], { cwd: REPO_ROOT, env: npmEnv() });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    files = packed!.files.map((f) => f.path).sort();
    installStderr = (await execBounded('npm', ['install', '--prefix', prefix, join(root, packed!.filename), '--prefer-offline', '--no-audit', '--no-fund'],
      { cwd: root, env: npmEnv(), timeoutMs: INSTALL_MS })).stderr;
    broker = await startMosquitto();
    publisher = await connectPublisher(broker.url);
  });
  after(async () => {
    await publisher?.endAsync();
    await broker?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('the tarball holds what users need and nothing else', () => {
    assert.deepEqual(files.filter((path) => !ALLOWED.some((re) => re.test(path))), [], 'unexpected files in the tarball');
    assert.deepEqual(REQUIRED.filter((path) => !files.includes(path)), [], 'missing from the tarball');
    const schemas = readdirSync(join(REPO_ROOT, 'schemas')).map((name) => `schemas/${name}`);
    assert.deepEqual(schemas.filter((path) => !files.includes(path)), [], 'schemas missing from the tarball');
  });

  test('installing the tarball runs no script of ours: the build is on prepack, not prepare', () => {
    assert.doesNotMatch(installStderr, /install.scripts|prepare/i, installStderr);
    const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.deepEqual([scripts.prepare, scripts.prepack], [undefined, 'npm run build']);
  });

  test('every file under dist/ comes from a source file (no test output, no leftovers)', () => {
    const orphans = files
      .filter((path) => path.startsWith('dist/') && path !== BUNDLE && path !== CODE_CACHE)
      .filter((path) => !existsSync(join(REPO_ROOT, 'src', path.slice('dist/'.length).replace(/\.(js|d\.ts)$/, '.ts'))));
    assert.deepEqual(orphans, []);
  });

  test('the installed jetsub prints its help', async () => {
    const { code, stdout, stderr } = await runCli(['--help'], { command: [installed], cwd: root });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Usage: jetsub /);
    assert.match(stdout, /^\s+tail\b/m);
    assert.equal(stderr, '');
  });

  test('the installed jetsub tails a broker', async () => {
    const fixture = readFixtures().find((f) => f.note === 'IFD change')!;
    const cli = startCli(['tail', '-H', `mx1=127.0.0.1:${broker.port}`, '--ifd', 'ge-0/0/0', '-o', 'ndjson', '-C', '1', '-W', '20'],
      { command: [installed], cwd: root, env: testEnv() });
    await waitSubscribed(cli);
    await publishAll(publisher, [fixture]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => [r.device, r.topic, r.valid]), [['mx1', fixture.topic, true]]);
    assert.match(stderr, /^jetsub: subscribed to \/junos\/events\/kernel\/interfaces\/ifd\/\+\/ge-0\/0\/0 \(qos 0\)$/m);
  });

  test('the installed package is importable as a library', async () => {
    const { stdout, stderr } = await execBounded(process.execPath, ['--input-type=module', '-e',
      "const m = await import('jetsub'); console.log(typeof m.compileTopicFilters, m.compileTopicFilters({ ifd: ['ge-0/0/*'] }).filters.join(' '))"],
    { cwd: prefix, env: testEnv() });
    assert.equal(stdout, 'function /junos/events/kernel/interfaces/ifd/+/ge-0/0/+\n');
    assert.equal(stderr, '');
  });
});
