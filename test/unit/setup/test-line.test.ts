/**
 * The README's test line is the whole set-up (scripts/test-setup.sh installs what the
 * end-to-end tests run), `.ci/run` runs exactly that line, and `npm test`'s first step says
 * what is missing, and the command, at once instead of failing later.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../helpers/fixtures.js';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const SETUP = join(REPO_ROOT, 'scripts', 'test-setup.sh');

describe('the test line', () => {
  it('is the README\'s "Tests" block, its quick start, and what .ci/run runs', () => {
    const readme = read('README.md');
    const tests = readme.slice(readme.indexOf('\n## Tests\n'));
    const line = /```sh\n(.+)\n```/.exec(tests)?.[1];
    assert.equal(line, 'npm ci && npm run test:setup && npm test');
    assert.match(readme.slice(0, readme.indexOf('\n## Tests\n')), new RegExp(`^${line!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'm'));
    const ci = read('.ci/run').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    assert.equal(ci.at(-1), line);
  });

  it('npm test checks for the tools first', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    assert.match(scripts.test!, /^bash scripts\/test-setup\.sh --check && /);
    assert.equal(scripts['test:setup'], 'bash scripts/test-setup.sh');
  });

  it('--check names what is missing and the command, exits 1 at once, and installs nothing', () => {
    // A PATH with only what the script itself uses: every tool outside /usr/sbin is missing.
    const bin = mkdtempSync(join(tmpdir(), 'jetsub-setup-'));
    for (const tool of ['sort', 'id']) symlinkSync(spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), join(bin, tool));
    const started = Date.now();
    const run = spawnSync('/bin/bash', [SETUP, '--check'], { encoding: 'utf8', env: { ...process.env, PATH: bin }, timeout: 10_000 });
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stdout, '');
    const [first, second, ...rest] = run.stderr.split('\n');
    const named = /^jetsub tests: missing (.+) \(the end-to-end tests run them for real\); run: npm run test:setup$/.exec(first!)?.[1]?.split(' ');
    assert.ok(named, run.stderr);
    for (const pkg of ['mosquitto-clients', 'jq', 'tmux', 'zsh', 'fish']) assert.ok(named.includes(pkg), `${pkg} in ${first}`);
    assert.deepEqual([...named].sort(), named, 'sorted, each once');
    assert.equal(second, `  (it runs: apt-get update && apt-get install -y --no-install-recommends ${named.join(' ')}, as root or through sudo)`);
    assert.deepEqual(rest, ['']);
  });

  it('--check is silent and exits 0 when everything is there (npm test got this far)', () => {
    const run = spawnSync('/bin/bash', [SETUP, '--check'], { encoding: 'utf8', timeout: 10_000 });
    assert.deepEqual([run.status, run.stdout, run.stderr], [0, '', '']);
  });
});
