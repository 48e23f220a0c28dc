/**
 * The first ten minutes, from a fresh checkout: no dist/, no build/ (the tracked and
 * untracked-but-not-ignored files copied, as a clone of this tree would have them, and
 * node_modules linked in as `npm ci` would have filled it: installing is not what is tested,
 * and it would reach the registry). `npm run demo` builds what is missing and runs; then the
 * README's lines that put `jetsub` on PATH, right after the demo, each work as written.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseNdjson, testEnv } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { runBounded } from '../helpers/processes.js';

const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

/** The README's Quick start section. */
function quickStart(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Quick start');
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
}

/** The npm environment of a user: none of an enclosing `npm test`'s, offline, a prefix of our own for `npm link`. */
function npmEnv(prefix: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(testEnv()).filter(([name]) => !/^(npm_|INIT_CWD$)/.test(name)));
  return { ...env, npm_config_prefix: prefix, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
}

describe('a fresh checkout: npm run demo, then jetsub on PATH', () => {
  const root = mkdtempSync(join(tmpdir(), 'jetsub-first-run-'));
  const clone = join(root, 'jetsub');
  const prefix = join(root, 'prefix');

  before(() => {
    const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' });
    for (const file of listed.split('\0').filter((f) => f !== '' && existsSync(join(REPO_ROOT, f)))) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(REPO_ROOT, file), join(clone, file));
    }
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'));
    mkdirSync(prefix);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('npm run demo builds dist/ when it is missing, then shows events', async () => {
    assert.ok(!existsSync(join(clone, 'dist')), 'no dist/ in a fresh checkout');
    const { code, stdout, stderr } = await runBounded('npm', ['run', '--silent', 'demo', '--', '-o', 'ndjson', '-C', '3'],
      { cwd: clone, env: npmEnv(prefix), timeoutMs: 170_000 });
    assert.equal(code, 0, stderr);
    assert.equal(parseNdjson(stdout).length, 3, stdout);
    assert.match(stderr, /building it first/);
    assert.ok(existsSync(join(clone, 'dist', 'cli.js')));
  });

  test("the README's PATH lines right after the demo: npm link, an alias, npx", async () => {
    const section = quickStart();
    const lines = section.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim());
    const demoAt = lines.findIndex((l) => l.includes('npm run demo'));
    const after = lines.slice(demoAt + 1);
    const link = after.find((l) => /^npm link\b/.test(l));
    const alias = after.find((l) => /^alias jetsub=/.test(l));
    const npx = after.find((l) => /^npx jetsub\b/.test(l));
    assert.ok(link && alias && npx, `the Quick start says how to run jetsub after the demo:\n${section}`);
    const env = npmEnv(prefix);
    const linked = await runBounded('bash', ['-e', '-c', `${link}\nPATH="${join(prefix, 'bin')}:$PATH" jetsub --version`], { cwd: clone, env, timeoutMs: 120_000 });
    assert.equal(linked.code, 0, linked.stderr);
    assert.match(linked.stdout, new RegExp(`^${version.replace(/\./g, '\\.')}$`, 'm'), `${link}: ${linked.stdout}`);
    const aliased = await runBounded('bash', ['-e', '-c', `shopt -s expand_aliases\n${alias}\njetsub --version`], { cwd: clone, env, timeoutMs: 30_000 });
    assert.deepEqual([aliased.code, aliased.stdout], [0, `${version}\n`], `${alias}: ${aliased.stderr}`);
    const viaNpx = await runBounded('bash', ['-e', '-c', npx!], { cwd: clone, env, timeoutMs: 60_000 });
    assert.equal(viaNpx.code, 0, `${npx}: ${viaNpx.stderr}`);
    assert.match(viaNpx.stdout, /^Usage: jetsub/);
  });
});
