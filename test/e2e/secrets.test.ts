/**
 * A password never appears in anything jetsub writes: every command that takes a broker and
 * credentials is run with the secret given every way (-P, JETSUB_PASSWORD, --password-file,
 * a wrong one, inside a --host URL or a --hosts-file line), against mosquitto with a
 * password file, and every byte of stdout and stderr is searched for it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { runCli, testEnv } from '../helpers/cli.js';
import { ifdEvent } from '../helpers/events.js';

const USER = 'alice';
const SECRET = 'S3cr3t-xyzzy-42';
const LINE = `${JSON.stringify({ topic: ifdEvent('ge-0/0/1').topic, payload: ifdEvent('ge-0/0/1').payload })}\n`;

/** Each command as a user runs it once: connect, do its job, end (exit code aside). */
const COMMANDS: readonly { name: string; args: string[]; stdin?: string }[] = [
  { name: 'tail', args: ['tail', '--ifd', '-C', '1', '-W', '1.5'] },
  { name: 'tail -o pretty', args: ['tail', '--ifd', '-o', 'pretty', '-C', '1', '-W', '1.5'] },
  { name: 'tail --dry-run', args: ['tail', '--ifd', '--dry-run'] },
  { name: 'top', args: ['top', '-o', 'json', '-n', '1', '--interval', '0.5'] },
  { name: 'doctor', args: ['doctor'] },
  { name: 'replay', args: ['replay', '-', '--as-fast-as-possible'], stdin: LINE },
  { name: 'simulate', args: ['simulate', '-C', '1'] },
  // The command's environment is jetsub's less JETSUB_* (JETSUB_PASSWORD among them); env prints it to stderr.
  { name: 'tail --exec env', args: ['tail', '--ifd', '-C', '1', '-W', '3', '--exec', 'env'] },
  { name: 'tail --metrics', args: ['tail', '--ifd', '-C', '1', '-W', '1.5', '--metrics', '127.0.0.1:0'] },
];

describe('secrets: the password is in no output of any command', { concurrency: 2 }, () => {
  let broker: Mosquitto;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jetsub-secrets-'));
    chmodSync(dir, 0o755);
    const passwords = join(dir, 'passwords');
    execFileSync('mosquitto_passwd', ['-b', '-c', passwords, USER, SECRET]);
    chmodSync(passwords, 0o644);
    writeFileSync(join(dir, 'password.txt'), `${SECRET}\n`);
    writeFileSync(join(dir, 'wrong.txt'), `${SECRET}-wrong\n`);
    broker = await startMosquitto({ extraConfig: `allow_anonymous false\npassword_file ${passwords}` });
    // Retained, so that every run that connects gets one event to render, journal, count and exec on.
    const { topic, payload } = ifdEvent('ge-0/0/1');
    execFileSync('mosquitto_pub', ['-p', String(broker.port), '-u', USER, '-P', SECRET, '-t', topic, '-m', payload, '-r']);
  });
  after(() => broker.stop());

  const host = () => ['-H', '127.0.0.1', '-p', String(broker.port)];
  const WAYS: readonly { way: string; args: () => string[]; env?: NodeJS.ProcessEnv }[] = [
    { way: '-P', args: () => [...host(), '-u', USER, '-P', SECRET] },
    { way: 'JETSUB_PASSWORD', args: () => [...host(), '-u', USER], env: { JETSUB_PASSWORD: SECRET } },
    { way: '--password-file', args: () => [...host(), '-u', USER, '--password-file', join(dir, 'password.txt')] },
    { way: 'a wrong password', args: () => [...host(), '-u', USER, '--password-file', join(dir, 'wrong.txt')] },
    { way: 'a --host URL', args: () => ['-H', `mqtt://${USER}:${SECRET}@127.0.0.1:${broker.port}`] },
    { way: 'a named --host URL', args: () => ['-H', `mx1=mqtt://${USER}:${SECRET}@127.0.0.1:${broker.port}`] },
    { way: 'user:password@host without a scheme', args: () => ['-H', `${USER}:${SECRET}@127.0.0.1`] },
  ];

  for (const command of COMMANDS) {
    for (const { way, args, env } of WAYS) {
      test(`${command.name}, password by ${way}`, async () => {
        const [name, ...rest] = command.args;
        const { code, stdout, stderr } = await runCli([name!, ...rest, ...args()], { env: testEnv(env), stdin: command.stdin ?? '' });
        assert.notEqual(code, null, 'it ended');
        assert.ok(!stdout.includes(SECRET), `the password is on stdout:\n${stdout}`);
        assert.ok(!stderr.includes(SECRET), `the password is on stderr:\n${stderr}`);
        if (command.name === 'tail --exec env' && code === 0) assert.match(stderr, /^JETSUB_TOPIC=/m, 'env ran and printed the record');
        if (way.includes('URL') || way.includes('@host')) {
          assert.equal(code, 2, stderr);
          assert.match(stderr, /^jetsub: --host '[^']*\*\*\*@127\.0\.0\.1[^']*': credentials do not go in the host/);
        }
      });
    }
  }

  test('a --hosts-file line with a password: exit 2, the password nowhere', async () => {
    const file = join(dir, 'hosts');
    writeFileSync(file, `mx1=mqtt://${USER}:${SECRET}@127.0.0.1:${broker.port}\n`);
    const { code, stdout, stderr } = await runCli(['tail', '--hosts-file', file, '--ifd']);
    assert.equal(code, 2, stderr);
    assert.equal(stdout, '');
    assert.ok(!stderr.includes(SECRET), stderr);
    assert.match(stderr, /credentials do not go in the host; give -u alice and the password with JETSUB_PASSWORD, --password-file or the prompt/);
  });

  test('the right password works: tail gets the event (so the runs above did connect)', async () => {
    const { code, stderr } = await runCli(['tail', ...host(), '-u', USER, '--ifd', '--dry-run'], { env: testEnv({ JETSUB_PASSWORD: SECRET }) });
    assert.equal(code, 0, stderr);
    const doctor = await runCli(['doctor', ...host(), '-u', USER], { env: testEnv({ JETSUB_PASSWORD: SECRET }) });
    assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
  });
});
