/**
 * Credentials against mosquitto with a password file and no anonymous access: the password
 * from JETSUB_PASSWORD, --password-file, the command line (with a warning), or a prompt on
 * a terminal without echo (under a pseudo-terminal, `script` from util-linux). Wrong
 * credentials exit 3; the password never appears in any output.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { connectAsync } from 'mqtt';
import { publishAll, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { type CliResult, JETSUB_BIN, parseNdjson, runCli, startCli, testEnv, waitSubscribed } from '../helpers/cli.js';
import { ifdEvent } from '../helpers/events.js';

const USER = 'alice';
const PASSWORD = 'Tr0ub4dor-s3cr3t';
const EVENT = ifdEvent('ge-0/0/1', { attributes: { 'snmp-id': 501 } });

function assertNoPassword(...outputs: string[]): void {
  for (const output of outputs) assert.ok(!output.includes(PASSWORD), `the password leaked:\n${output}`);
}

describe('credentials (mosquitto with a password file, no anonymous access)', () => {
  let broker: Mosquitto;
  let publisher: MqttClient;
  let dir: string;
  const common = () => ['-H', '127.0.0.1', '-p', String(broker.port)];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jetsub-credentials-'));
    chmodSync(dir, 0o755);
    const passwords = join(dir, 'passwords');
    execFileSync('mosquitto_passwd', ['-b', '-c', passwords, USER, PASSWORD]);
    execFileSync('mosquitto_passwd', ['-b', passwords, 'publisher', 'publisher-pw']);
    chmodSync(passwords, 0o644);
    writeFileSync(join(dir, 'password.txt'), `${PASSWORD}\nsecond line ignored\n`);
    broker = await startMosquitto({ extraConfig: `allow_anonymous false\npassword_file ${passwords}` });
    publisher = await connectAsync(broker.url, { username: 'publisher', password: 'publisher-pw', reconnectPeriod: 0 });
  });
  after(async () => {
    await publisher.endAsync();
    await broker.stop();
  });

  /** Starts a tail, publishes one event once it is subscribed, and returns what it wrote. */
  async function tailOne(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    const cli = startCli(['tail', ...common(), '--ifd', '-C', '1', '-W', '20', '-o', 'ndjson', ...args], { env: testEnv(env) });
    await waitSubscribed(cli);
    await publishAll(publisher, [EVENT]);
    const result = await cli.done;
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(parseNdjson(result.stdout).map((r) => r.topic), [EVENT.topic]);
    assertNoPassword(result.stdout, result.stderr);
    return result;
  }

  test('-u with JETSUB_PASSWORD', async () => {
    const { stderr } = await tailOne(['-u', USER], { JETSUB_PASSWORD: PASSWORD });
    assert.doesNotMatch(stderr, /process list/);
  });

  test('-u with --password-file (its first line)', async () => {
    await tailOne(['-u', USER, '--password-file', join(dir, 'password.txt')]);
  });

  for (const flag of ['-P', '--password']) {
    test(`-u with ${flag} on the command line: works, and warns that other users can see it`, async () => {
      const { stderr } = await tailOne(['-u', USER, flag, PASSWORD]);
      assert.match(stderr, /^jetsub: --password: other users on this host can read it in the process list; prefer JETSUB_PASSWORD, --password-file or the prompt$/m);
    });
  }

  for (const version of ['3.1.1', '5']) {
    test(`MQTT ${version}: a wrong password exits 3: "the broker refused the credentials"`, async () => {
      const { code, stdout, stderr } = await runCli(['tail', ...common(), '-V', version, '--ifd', '-u', USER, '-P', `${PASSWORD}-wrong`]);
      assert.equal(code, 3, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, new RegExp(`jetsub: cannot connect to mqtt://127\\.0\\.0\\.1:${broker.port}: the broker refused the credentials`));
      assert.doesNotMatch(stderr, /allow-clients/);
      assertNoPassword(stdout, stderr);
    });
  }

  test('-u without a password and no terminal to ask on: exit 3, refused, without waiting for input', async () => {
    const { code, stdout, stderr } = await runCli(['tail', ...common(), '--ifd', '-u', USER], { stdin: '' });
    assert.equal(code, 3, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /the broker refused the credentials/);
  });

  test('--dry-run with a password: the filters, the warning, and the password nowhere', async () => {
    const { code, stdout, stderr } = await runCli(['tail', ...common(), '--ifd', '-u', USER, '-P', PASSWORD, '--dry-run'], { env: testEnv({ JETSUB_PASSWORD: PASSWORD }) });
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '/junos/events/kernel/interfaces/ifd/+/#\n');
    assertNoPassword(stdout, stderr);
  });

  /** jetsub under a pseudo-terminal: stdin and stderr are the terminal, stdout goes to a file. */
  function startOnTerminal(extra: string[]) {
    const out = join(mkdtempSync(join(tmpdir(), 'jetsub-tty-')), 'stdout');
    const command = `${[process.execPath, JETSUB_BIN, 'tail', ...common(), '--ifd', '-u', USER, ...extra].map((a) => `'${a}'`).join(' ')} > '${out}'`;
    return { cli: startCli([], { command: ['script', '-qfec', command, '/dev/null'] }), out };
  }

  test('the prompt on a terminal: asked on stderr, typed without echo, connected', async () => {
    const { cli, out } = startOnTerminal(['-C', '1', '-W', '20', '-o', 'ndjson']);
    await cli.waitFor(new RegExp(`password for ${USER} on 127\\.0\\.0\\.1:${broker.port}: $`), { stream: 'stdout' });
    cli.child.stdin!.write(`${PASSWORD}\r`);
    await cli.waitFor(/subscribed to/, { stream: 'stdout' });
    await publishAll(publisher, [EVENT]);
    const { code, stdout } = await cli.done;
    assert.equal(code, 0, stdout);
    assert.deepEqual(parseNdjson(readFileSync(out, 'utf8')).map((r) => r.topic), [EVENT.topic]);
    assertNoPassword(stdout, readFileSync(out, 'utf8'));
  });

  test('Ctrl-C at the prompt: exit 2, saying how else to give the password', async () => {
    const { cli } = startOnTerminal([]);
    await cli.waitFor(/password for /, { stream: 'stdout' });
    cli.child.stdin!.write('Tr0\u0003');
    const { code, stdout } = await cli.done;
    assert.equal(code, 2, stdout);
    assert.match(stdout, /jetsub: --username: the password prompt was interrupted; give the password with JETSUB_PASSWORD or --password-file/);
    assert.doesNotMatch(stdout, /connecting to/);
  });
});
