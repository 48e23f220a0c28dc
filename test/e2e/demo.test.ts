/**
 * The built `jetsub demo`: no broker and no router — the quick start of the README, tail
 * flags on simulated traffic, --listen for a second subscriber, Ctrl-C.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freePort } from '../helpers/brokers.js';
import { parseNdjson, runCli, startCli, testEnv, waitSubscribed } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { spawnTracked } from '../helpers/processes.js';

const KINDS = ['ifd', 'ifl', 'iff', 'ifa', 'firewall', 'route', 'route-table', 'syslog', 'config-update'];

describe('jetsub demo', () => {
  test('README quick start: npm run demo -- -C 20 -o ndjson prints 20 valid records and exits 0', async () => {
    const npm = spawnTracked('npm', ['run', '--silent', 'demo', '--', '-C', '20', '-o', 'ndjson'], { cwd: REPO_ROOT, env: testEnv() });
    let stdout = '';
    let stderr = '';
    npm.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
    npm.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => npm.on('close', resolve));
    assert.equal(code, 0, stderr);
    const records = parseNdjson(stdout);
    assert.equal(records.length, 20);
    assert.ok(records.every((r) => r.type === 'event' && r.valid === true && r.device === 'demo'));
    assert.match(stderr, /^jetsub: subscribed to \/junos\/events\/# \(qos 0\)$/m);
    assert.match(stderr, /^jetsub: publishing scenario mixed from 3 routers \(mx1\.\.mx3\) to mqtt:\/\/127\.0\.0\.1:\d+ at 10 events\/s$/m);
  });

  test('-C 200: every kind of event, all valid; the same events as simulate --dry-run with that seed', async () => {
    const { code, stdout, stderr } = await runCli(['demo', '--seed', '5', '--rate', '2000', '-o', 'ndjson', '-C', '200']);
    assert.equal(code, 0, stderr);
    const records = parseNdjson(stdout);
    assert.equal(records.length, 200);
    assert.ok(records.every((r) => r.valid === true));
    assert.deepEqual(new Set(records.map((r) => r.kind)), new Set(KINDS));
    const dry = parseNdjson((await runCli(['simulate', '--seed', '5', '--rate', '2000', '-C', '200', '--dry-run'])).stdout);
    assert.deepEqual(records.map((r) => r.topic), dry.map((e) => e.topic));
  });

  test("tail flags work: --ifd 'ge-0/0/*' --action change -o table", async () => {
    const { code, stdout, stderr } = await runCli(['demo', 'flap', '--ifd', 'ge-0/0/*', '--action', 'change', '-o', 'table', '--color', 'never', '--rate', '2000', '-C', '4']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /subscribed to \/junos\/events\/kernel\/interfaces\/ifd\/change\/ge-0\/0\/\+ \(qos 0\)/);
    const rows = stdout.split('\n').filter((line) => line.startsWith('│')).slice(1).map((row) => row.split('│').map((cell) => cell.trim()));
    assert.equal(rows.length, 4);
    for (const row of rows) {
      assert.deepEqual(row.slice(3, 5), ['ifd', 'change']);
      assert.match(row[5]!, /^ge-0\/0\/\d$/);
    }
  });

  test('--syslog with an event id glob and --quiet: only link traps, no status lines', async () => {
    const { code, stdout, stderr } = await runCli(['demo', 'flap', '--syslog', 'SNMP_TRAP_LINK_*', '--quiet', '--rate', '2000', '-o', 'ndjson', '-C', '6']);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    const ids = parseNdjson(stdout).map((r) => (r.event as Record<string, string>)['event-id']);
    assert.deepEqual([...new Set(ids)].sort(), ['SNMP_TRAP_LINK_DOWN', 'SNMP_TRAP_LINK_UP']);
  });

  test('--listen: the broker is announced, a second jetsub tail reads it; Ctrl-C stops everything with exit 0', async () => {
    const port = await freePort();
    const demo = startCli(['demo', '--listen', String(port), '-o', 'ndjson', '--rate', '50']);
    await demo.waitFor(new RegExp(`demo broker on 127\\.0\\.0\\.1:${port}; from another terminal: jetsub tail -H 127\\.0\\.0\\.1 -p ${port} +or: mosquitto_sub -h 127\\.0\\.0\\.1 -p ${port} -v -t '/junos/events/#'`));
    const second = startCli(['tail', '-H', '127.0.0.1', '-p', String(port), '-o', 'ndjson', '-C', '5', '-W', '20']);
    await waitSubscribed(second);
    const tailed = await second.done;
    assert.equal(tailed.code, 0, tailed.stderr);
    assert.equal(parseNdjson(tailed.stdout).length, 5);
    demo.child.kill('SIGINT');
    const { code, stdout, stderr } = await demo.done;
    assert.equal(code, 0, stderr);
    assert.ok(parseNdjson(stdout).length >= 5);
    assert.match(stderr, /^jetsub: sent \d+ events in [\d.]+ s/m);
  });

  test('--listen on a port in use: exit 2', async () => {
    const first = startCli(['demo', '--listen', String(await freePort()), '-o', 'ndjson', '--quiet']);
    const port = /127\.0\.0\.1:(\d+);/.exec(await first.waitFor(/demo broker on 127\.0\.0\.1:\d+;/).then(() => first.stderr))![1]!;
    const { code, stdout, stderr } = await runCli(['demo', '--listen', port, '-C', '1']);
    first.child.kill('SIGTERM');
    assert.equal((await first.done).code, 0);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, new RegExp(`^jetsub: --listen ${port}: the port is in use; give another port, or leave --listen out for any free one$`, 'm'));
  });

  test('--dry-run prints the filters and starts nothing; a bad tail flag is exit 2', async () => {
    const dry = await runCli(['demo', '--ifl', 'ge-0/0/0', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout, '/junos/events/kernel/interfaces/ifl/+/ge-0/0/+\n');
    const bad = await runCli(['demo', '-o', 'xml']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^jetsub: --output 'xml': unknown format/m);
  });
});
