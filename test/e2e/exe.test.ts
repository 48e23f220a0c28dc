/**
 * The standalone executable (scripts/build-exe.mjs, what `npm run build:exe` runs): built
 * once for this file into a temporary directory, then copied ALONE into an empty directory
 * and run with a PATH that holds no node, against a real mosquitto.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { connectPublisher, freePort, publishAll, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { parseNdjson, runCli, startCli, waitSubscribed } from '../helpers/cli.js';
import { execBounded } from '../helpers/processes.js';
import { REPO_ROOT, readFixtures } from '../helpers/fixtures.js';

const fixtures = readFixtures();
const byNote = (fragment: string) => fixtures.find((f) => f.note.includes(fragment))!;
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('standalone executable (Node SEA)', () => {
  const root = mkdtempSync(join(tmpdir(), 'jetsub-exe-'));
  const runDir = join(root, 'empty');
  const emptyPath = join(root, 'no-node-here');
  const exe = join(runDir, 'jetsub');
  let broker: Mosquitto;
  let publisher: MqttClient;
  const env = () => ({ PATH: emptyPath, HOME: root, XDG_CONFIG_HOME: join(root, 'config'), LANG: 'C.UTF-8' });
  const run = (args: string[]) => runCli(args, { command: [exe], cwd: runDir, env: env() });

  before(async () => {
    await execBounded(process.execPath, [join(REPO_ROOT, 'scripts', 'build-exe.mjs'), '--out', join(root, 'build', 'jetsub')], { timeoutMs: 150_000 });
    mkdirSync(runDir);
    mkdirSync(emptyPath);
    copyFileSync(join(root, 'build', 'jetsub'), exe);
    broker = await startMosquitto();
    publisher = await connectPublisher(broker.url);
  });
  after(async () => {
    await publisher?.endAsync();
    await broker?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('the environment has no node: the executable is all there is', async () => {
    const { stdout, stderr } = await execBounded('/bin/sh', ['-c', 'command -v node || echo none'], { env: env() });
    assert.deepEqual({ stdout, stderr }, { stdout: 'none\n', stderr: '' });
    assert.deepEqual(readdirSync(runDir), ['jetsub']);
  });

  test('tail end to end: subscribes, validates with the built-in schemas, counts, exits 0', async () => {
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', '-o', 'ndjson', '-C', '2', '-W', '20'],
      { command: [exe], cwd: runDir, env: env() });
    await waitSubscribed(cli);
    await publishAll(publisher, [byNote('IFD change'), byNote('counters must be integers')]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    const records = parseNdjson(stdout);
    assert.deepEqual(records.map((r) => [r.kind, r.action, r.valid]), [['ifd', 'change', true], ['ifd', records[1]!.action, false]]);
    assert.match(String((records[1]!.errors as { pointer: string }[])[0]!.pointer), /^\/jet-event\/attributes\//);
    assert.match(stderr, /^jetsub: subscribed to \/junos\/events\/kernel\/interfaces\/ifd\/\S+ \(qos 0\)$/m);
    assert.match(stderr, /^jetsub: invalid ifd event on /m);
    assert.doesNotMatch(stderr, /Warning|internal error/);
    assert.deepEqual(readdirSync(runDir), ['jetsub'], 'it writes nothing beside itself');
  });

  test('demo: the embedded broker (aedes) and the simulator are inside the executable too', async () => {
    const { code, stdout, stderr } = await run(['demo', '-C', '3', '-o', 'ndjson', '-W', '20']);
    assert.equal(code, 0, stderr);
    const records = parseNdjson(stdout);
    assert.equal(records.length, 3);
    assert.ok(records.every((r) => r.type === 'event' && r.valid === true), stdout);
    assert.match(stderr, /^jetsub: subscribed to \/junos\/events\/# \(qos 0\)$/m);
    assert.doesNotMatch(stderr, /Warning|internal error/);
  });

  test('--version prints the package version', async () => {
    const { code, stdout, stderr } = await run(['--version']);
    assert.deepEqual({ code, stdout, stderr }, { code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  test('a broker that is not there is exit 3 with the reason', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await run(['tail', '-H', '127.0.0.1', '-p', String(port), '--connect-timeout', '5']);
    assert.equal(code, 3);
    assert.equal(stdout, '');
    assert.match(stderr, new RegExp(`127\\.0\\.0\\.1:${port}: connection refused: no broker is listening`));
  });
});
