/**
 * `-h` is help, as in every CLI; mosquitto_sub's `-h` is the broker. `-h <value>` would show
 * help and exit 0, so `jetsub tail -h mx1 -C 1 && page-oncall` pages at once: `-h` followed by
 * a value, anywhere, in every command, is a usage error (exit 2) that names -H. `-h` alone
 * still shows help and exits 0.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';

const COMMANDS = ['tail', 'topics', 'simulate', 'validate', 'schema', 'replay', 'demo', 'doctor', 'top', 'completion'];
const SAYS = /^jetsub: -h is help; the broker is -H \(mosquitto_sub's -h\): e\.g\. -H 192\.0\.2\.1\n$/;

describe('-h with a value is a usage error, -h alone is help', { concurrency: 4 }, () => {
  test('the issue\'s line: jetsub tail -h 192.0.2.1 -C 1 -W 5 exits 2 at once', async () => {
    const { code, stdout, stderr } = await runCli(['tail', '-h', '192.0.2.1', '-C', '1', '-W', '5']);
    assert.equal(code, 2, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, SAYS);
  });

  for (const args of [['-h', '192.0.2.1'], ['tail', '--syslog', '-h', 'mx1'], ['tail', '-h192.0.2.1'], ['tail', '-p', '9', '-h', 'x', '--syslog']]) {
    test(`jetsub ${args.join(' ')}`, async () => {
      const { code, stdout, stderr } = await runCli(args);
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, SAYS);
    });
  }

  for (const command of COMMANDS) {
    test(`jetsub ${command} -h x exits 2; jetsub ${command} -h shows help`, async () => {
      const bad = await runCli([command, '-h', 'x']);
      assert.equal(bad.code, 2, bad.stderr);
      assert.equal(bad.stdout, '');
      assert.match(bad.stderr, SAYS);
      const help = await runCli([command, '-h']);
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, new RegExp(`^Usage: jetsub ${command}`));
      assert.equal(help.stderr, '');
    });
  }

  test('-h then a flag, or a command name after a top-level -h, is still help', async () => {
    for (const args of [['tail', '-h', '--syslog'], ['-h', 'tail'], ['tail', '--help']]) {
      const { code, stdout, stderr } = await runCli(args);
      assert.equal(code, 0, `${args.join(' ')}: ${stderr}`);
      assert.match(stdout, /^Usage: jetsub/);
      assert.equal(stderr, '');
    }
  });
});
