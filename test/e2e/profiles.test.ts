/**
 * Profiles end to end: a temporary XDG_CONFIG_HOME holding jetsub/config.json, the JETSUB_*
 * environment and flags, against two real mosquittos that each keep one retained event, so
 * every run shows at once which broker it reached (topic), under which device name, in which
 * format. Precedence: built-in defaults → file → environment → flags.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connectPublisher, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { runCli, testEnv } from '../helpers/cli.js';
import { ifdEvent } from '../helpers/events.js';

const event = (name: string) => ifdEvent(name, { attributes: { 'snmp-id': 520 } }).payload;
const TOPIC = { a: '/junos/events/kernel/interfaces/ifd/change/ge-0/0/1', b: '/junos/events/kernel/interfaces/ifd/change/ge-0/0/2' };

describe('profiles: config file, environment, flags', () => {
  const root = mkdtempSync(join(tmpdir(), 'jetsub-profiles-'));
  const configHome = join(root, 'config');
  const configFile = join(configHome, 'jetsub', 'config.json');
  let a: Mosquitto;
  let b: Mosquitto;
  let secured: Mosquitto;

  /** Writes the profile and runs `jetsub tail -C 1 -W 10 ...args` with it and `env`. */
  async function tail(profile: unknown, args: string[], env: NodeJS.ProcessEnv = {}) {
    writeFileSync(configFile, typeof profile === 'string' ? profile : JSON.stringify(profile));
    return runCli(['tail', '-C', '1', '-W', '10', ...args], { env: testEnv({ XDG_CONFIG_HOME: configHome, HOME: root, ...env }) });
  }
  /** What a run shows: the format, and for JSON formats the device and topic of the record. */
  function seen(stdout: string): { format: string; device?: unknown; topic?: unknown } {
    if (stdout.startsWith('{\n')) return { format: 'json', ...pick(JSON.parse(stdout)) };
    if (stdout.startsWith('{"type"')) return { format: 'ndjson', ...pick(JSON.parse(stdout)) };
    if (stdout.startsWith('{"jet-event"')) return { format: 'raw' };
    return { format: stdout };
  }
  const pick = (record: Record<string, unknown>) => ({ device: record.device, topic: record.topic });

  before(async () => {
    mkdirSync(join(configHome, 'jetsub'), { recursive: true });
    [a, b] = await Promise.all([startMosquitto(), startMosquitto()]);
    // mosquitto drops root privileges: its password file must be readable by others.
    const brokerDir = join(root, 'broker');
    mkdirSync(brokerDir, { mode: 0o755 });
    chmodSync(root, 0o755);
    const passwords = join(brokerDir, 'passwords');
    writeFileSync(passwords, '', { mode: 0o644 });
    execFileSync('mosquitto_passwd', ['-b', passwords, 'noc', 's3cret']);
    secured = await startMosquitto({ extraConfig: `allow_anonymous false\npassword_file ${passwords}` });
    for (const [broker, topic, name, auth] of [[a, TOPIC.a, 'ge-0/0/1'], [b, TOPIC.b, 'ge-0/0/2'], [secured, TOPIC.a, 'ge-0/0/1', true]] as const) {
      const client = await connectPublisher(auth ? `mqtt://noc:s3cret@127.0.0.1:${broker.port}` : broker.url);
      await client.publishAsync(topic, event(name), { retain: true, qos: 1 });
      await client.endAsync();
    }
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop(), secured?.stop()]);
    rmSync(root, { recursive: true, force: true });
  });

  test('precedence: built-in defaults → file → environment → flags', async () => {
    const file = { defaults: { host: '127.0.0.1', port: a.port, output: 'json' } };
    const cases: [string, unknown, string[], NodeJS.ProcessEnv, ReturnType<typeof seen>][] = [
      ['built-in defaults only', {}, ['-H', `127.0.0.1:${a.port}`], {}, { format: 'ndjson', device: `127.0.0.1:${a.port}`, topic: TOPIC.a }],
      ['the file', file, [], {}, { format: 'json', device: `127.0.0.1:${a.port}`, topic: TOPIC.a }],
      ['the environment beats the file', file, [], { JETSUB_PORT: String(b.port), JETSUB_OUTPUT: 'ndjson' }, { format: 'ndjson', device: `127.0.0.1:${b.port}`, topic: TOPIC.b }],
      ['flags beat the environment', file, ['-p', String(a.port), '-o', 'raw'], { JETSUB_PORT: String(b.port), JETSUB_OUTPUT: 'ndjson' }, { format: 'raw' }],
      ['a flag beats the file, the rest of the file stays', file, ['-p', String(b.port)], {}, { format: 'json', device: `127.0.0.1:${b.port}`, topic: TOPIC.b }],
    ];
    for (const [name, profile, args, env, expected] of cases) {
      const { code, stdout, stderr } = await tail(profile, args, env);
      assert.equal(code, 0, `${name}: ${stderr}`);
      assert.deepEqual(seen(stdout), expected, name);
      assert.match(stderr, /^jetsub: subscribed to \/junos\/events\/# \(qos 0\)$/m, name);
    }
  });

  test('a device name resolves through the profile, and records carry it', async () => {
    const profile = {
      defaults: { output: 'json' },
      devices: { mx1: { host: '127.0.0.1', port: a.port, output: 'ndjson' }, mx2: { host: `127.0.0.1:${b.port}` } },
    };
    const cases: [string, string[], NodeJS.ProcessEnv, unknown, ReturnType<typeof seen>][] = [
      ['--host mx1 (its settings beat "defaults")', ['--host', 'mx1'], {}, profile, { format: 'ndjson', device: 'mx1', topic: TOPIC.a }],
      ['JETSUB_HOST=mx2', [], { JETSUB_HOST: 'mx2' }, profile, { format: 'json', device: 'mx2', topic: TOPIC.b }],
      ['"defaults": {"host": "mx1"}', [], {}, { ...profile, defaults: { host: 'mx1' } }, { format: 'ndjson', device: 'mx1', topic: TOPIC.a }],
      ['-p beats the device port', ['-H', 'mx1', '-p', String(b.port)], {}, profile, { format: 'ndjson', device: 'mx1', topic: TOPIC.b }],
      ['a name that is not a device is a host name', ['-H', `localhost:${a.port}`, '-o', 'ndjson'], {}, profile, { format: 'ndjson', device: `localhost:${a.port}`, topic: TOPIC.a }],
    ];
    for (const [name, args, env, file, expected] of cases) {
      const { code, stdout, stderr } = await tail(file, args, env);
      assert.equal(code, 0, `${name}: ${stderr}`);
      assert.deepEqual(seen(stdout), expected, name);
      assert.doesNotMatch(stderr, /warning|error/i, name);
    }
  });

  test('secrets: "password-env" and "password-file" of a device reach the broker', async () => {
    writeFileSync(join(root, 'mx1.secret'), 's3cret\n');
    const device = (extra: Record<string, unknown>) => ({ devices: { mx1: { host: '127.0.0.1', port: secured.port, username: 'noc', ...extra } } });
    const viaEnv = await tail(device({ 'password-env': 'MX1_PASSWORD' }), ['-H', 'mx1', '-o', 'ndjson'], { MX1_PASSWORD: 's3cret' });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    assert.deepEqual(seen(viaEnv.stdout), { format: 'ndjson', device: 'mx1', topic: TOPIC.a });
    const viaFile = await tail(device({ 'password-file': '~/mx1.secret' }), ['-H', 'mx1', '-o', 'ndjson']);
    assert.equal(viaFile.code, 0, viaFile.stderr);
    assert.deepEqual(seen(viaFile.stdout), { format: 'ndjson', device: 'mx1', topic: TOPIC.a });
    assert.doesNotMatch(viaEnv.stderr + viaFile.stderr, /s3cret/);
  });

  test('JETSUB_PASSWORD (environment) beats the password-file of the profile', async () => {
    const profile = { devices: { mx1: { host: '127.0.0.1', port: secured.port, username: 'noc', 'password-file': join(root, 'missing') } } };
    const { code, stdout, stderr } = await tail(profile, ['-H', 'mx1', '-o', 'ndjson'], { JETSUB_PASSWORD: 's3cret' });
    assert.equal(code, 0, stderr);
    assert.deepEqual(seen(stdout), { format: 'ndjson', device: 'mx1', topic: TOPIC.a });
  });

  test('an unset password-env variable is exit 2 before connecting, naming the variable and the file', async () => {
    const profile = { devices: { mx1: { host: '127.0.0.1', port: secured.port, username: 'noc', 'password-env': 'MX1_PASSWORD' } } };
    const { code, stdout, stderr } = await tail(profile, ['-H', 'mx1']);
    assert.deepEqual({ code, stdout }, { code: 2, stdout: '' });
    assert.equal(stderr, `jetsub: --password-env MX1_PASSWORD: that environment variable is not set; export MX1_PASSWORD, or use --password-file (value from ${configFile})\n`);
  });

  test('a file that cannot be used is exit 2 naming the file, the problem and the fix', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['malformed JSON', '{"defaults": {"output": "table",}}', /not valid JSON \(.*line 1, column 33\); fix it \(JSON allows no comments or trailing commas\), or move the file away$/],
      ['a password in clear', { devices: { mx1: { host: '192.0.2.1', password: 'x' } } }, /devices\.mx1\.password: a password in clear; never store a password in the file: use "password-env": "MX1_PASSWORD" \(an environment variable\) or "password-file": "~\/.secrets\/mx1"$/],
      ['a key that is no flag', { defaults: { outptu: 'table' } }, /defaults\.outptu: not a jetsub flag; use a flag's long name without the dashes, e.g\. "output" for --output$/],
      ['a device without a host', { devices: { mx1: { port: 1883 } } }, /devices\.mx1\.host: missing or not a string; write "host": "192\.0\.2\.1"$/],
    ];
    for (const [name, profile, message] of cases) {
      const { code, stdout, stderr } = await tail(profile, ['--dry-run']);
      assert.deepEqual({ code, stdout }, { code: 2, stdout: '' }, name);
      const lines = stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `${name}: ${stderr}`);
      assert.ok(lines[0]!.startsWith(`jetsub: ${configFile}: `), `${name}: ${stderr}`);
      assert.match(lines[0]!, message, name);
    }
  });

  test('a bad value from the file or the environment says where it came from', async () => {
    const fromFile = await tail({ defaults: { qos: 7 } }, ['--dry-run']);
    assert.deepEqual({ code: fromFile.code, stdout: fromFile.stdout }, { code: 2, stdout: '' });
    assert.match(fromFile.stderr, new RegExp(`^jetsub: --qos '7': .* \\(value from ${configFile.replace(/[.]/g, '\\.')}\\)\\n$`));
    const fromEnv = await tail({}, ['--dry-run'], { JETSUB_QOS: '9' });
    assert.deepEqual({ code: fromEnv.code, stdout: fromEnv.stdout }, { code: 2, stdout: '' });
    assert.match(fromEnv.stderr, /^jetsub: --qos '9': .* \(value from \$JETSUB_QOS\)\n$/);
  });
});
