/**
 * The built `jetsub validate` over the fixture files and simulated traffic: exactly the
 * invalid lines on stderr, the summary on stdout, exit 0 / 5 / 2.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { JETSUB_BIN, runCli } from '../helpers/cli.js';
import { FIXTURES_DIR, readFixtures } from '../helpers/fixtures.js';

const verdictLines = (stderr: string) => stderr.split('\n').filter((line) => line !== '').map((line) => Number(/^jetsub: line (\d+): /.exec(line)?.[1]));

/** extra-events.ndjson lines the schemas reject or that are not JSON, by hand from the fixture notes. */
const EXTRA_INVALID = [6, 7, 9, 10, 11, 12, 14, 15, 18, 19, 20, 24, 25, 26, 27, 30, 31, 32, 33, 34, 35, 36, 37,
  38, 39, 40, 41, 42, 43, 44, 46, 47, 49, 50, 52, 53, 54, 55, 56, 57, 58, 62, 63];

describe('jetsub validate', () => {
  test('jet-events.ndjson: lines 20-23 are invalid, one verdict each; exit 5', async () => {
    const { code, stdout, stderr } = await runCli(['validate', join(FIXTURES_DIR, 'jet-events.ndjson'), '-o', 'json']);
    assert.equal(code, 5);
    assert.deepEqual(verdictLines(stderr), [20, 21, 22, 23]);
    assert.match(stderr, /^jetsub: line 20: \/junos\/events\/syslog\/LOGIN_INFORMATION: payload: not JSON: Unexpected token 'T'$/m);
    assert.match(stderr, /^jetsub: line 22: \/junos\/events\/kernel\/interfaces\/ifd\/change\/ge-0\/0\/3: \/jet-event\/attributes\/snmp-id: must be integer, got "five hundred"$/m);
    assert.match(stderr, /^jetsub: line 23: \S+ge-0\/0\/4: \/jet-event\/time: is required$/m);
    const summary = JSON.parse(stdout);
    assert.equal(summary.valid, 20);
    assert.equal(summary.invalid, 4);
    assert.deepEqual(summary.kinds.ifd, { valid: 4, invalid: 3, warnings: 0 });
    assert.deepEqual(Object.keys(summary.kinds), ['ifd', 'ifl', 'iff', 'ifa', 'firewall', 'route', 'route-table', 'syslog', 'config-update']);
  });

  test('extra-events.ndjson: exactly the lines the fixture notes call invalid', async () => {
    const { code, stdout, stderr } = await runCli(['validate', join(FIXTURES_DIR, 'extra-events.ndjson'), '-o', 'json']);
    assert.equal(code, 5);
    assert.deepEqual(verdictLines(stderr), EXTRA_INVALID);
    assert.doesNotMatch(stderr, /\x1b/, 'escape sequences from payloads never reach the terminal raw');
    const summary = JSON.parse(stdout);
    assert.equal(summary.invalid, EXTRA_INVALID.length);
    assert.equal(summary.valid + summary.invalid, readFixtures('extra-events.ndjson').length);
    assert.equal(summary.warnings, 2);
  });

  test('simulated traffic from standard input is all valid: exit 0, nothing on stderr', async () => {
    const traffic = await runCli(['simulate', '--seed', '12', '-C', '2000', '--dry-run']);
    assert.equal(traffic.code, 0, traffic.stderr);
    const { code, stdout, stderr } = await runCli(['validate', '-', '-o', 'json'], { stdin: traffic.stdout });
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    const summary = JSON.parse(stdout);
    assert.deepEqual([summary.valid, summary.invalid, summary.warnings], [2000, 0, 0]);
  });

  test('mosquitto_sub -v lines and jetsub records, mixed, with an unreadable line; -o table', async () => {
    const record = JSON.stringify({ type: 'event', received_at: '2026-11-24T09:15:03.250Z', device: 'mx1', topic: '/junos/events/genpub/config-update', kind: 'config-update', action: null, topic_fields: {}, valid: true, event: { 'commit-patch': '<configuration/>' } });
    const input = [
      '/junos/events/syslog/SYSTEM {"jet-event":{"event-id":"SYSTEM","hostname":"mx1","time":"2026-11-24-09:15:02","severity":"info","facility":"daemon","attributes":{"message":"x"}}}',
      record,
      '{"type":"gap","device":"mx1","from":"2026-11-24T09:15:03.250Z","to":"2026-11-24T09:15:04.250Z"}',
      '{"no topic": true}',
      '/junos/events/kernel/route/add/inet/10.0.0.0/8 {"jet-event":{}}',
    ].join('\n');
    const { code, stdout, stderr } = await runCli(['validate', '-o', 'table'], { stdin: input });
    assert.equal(code, 5);
    assert.deepEqual(verdictLines(stderr), [4, 5]);
    assert.match(stderr, /line 4: a JSON line without a "topic" string/);
    assert.match(stderr, /line 5: \/junos\/events\/kernel\/route\/add\/inet\/10\.0\.0\.0\/8: \/jet-event\/event-id: is required$/m);
    const rows = stdout.split('\n').filter((line) => line.startsWith('│')).map((line) => line.split('│').slice(1, -1).map((cell) => cell.trim()));
    assert.deepEqual(rows, [
      ['kind', 'valid', 'invalid', 'with warnings'],
      ['route', '0', '1', '0'],
      ['syslog', '1', '0', '0'],
      ['config-update', '1', '0', '0'],
      ['unreadable', '0', '1', '0'],
      ['total', '2', '2', '0'],
    ]);
  });

  test('a file that cannot be read: exit 2, nothing on stdout', async () => {
    for (const file of [join(FIXTURES_DIR, 'no-such-file.ndjson'), FIXTURES_DIR]) {
      const { code, stdout, stderr } = await runCli(['validate', file]);
      assert.equal(code, 2, file);
      assert.equal(stdout, '');
      assert.match(stderr, /^jetsub: '.+': (cannot read it \(ENOENT\)|it is a directory); give/);
    }
  });

  test('no file, standard input a terminal: exit 2 at once with usage, instead of waiting for Ctrl-D', { timeout: 20_000 }, async () => {
    const command = [process.execPath, JETSUB_BIN, 'validate'].map((a) => `'${a}'`).join(' ');
    // Under `script`, jetsub's stdin, stdout and stderr are a pseudo-terminal; its output comes back on script's stdout.
    const started = Date.now();
    const { code, stdout } = await runCli([], { command: ['script', '-qfec', command, '/dev/null'] });
    assert.equal(code, 2, stdout);
    assert.match(stdout, /^jetsub: validate: no file given and standard input is a terminal; give a capture file, pipe one in, or - to type lines\r?\n$/);
    assert.ok(Date.now() - started < 10_000, 'it did not wait for input');
  });

  test('reading no message at all is said on stderr (an empty pipe, a file of blank lines)', async () => {
    const empty = await runCli(['validate', '-', '-o', 'json'], { stdin: '' });
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(JSON.parse(empty.stdout).valid, 0);
    assert.equal(empty.stderr, 'jetsub: no message in stdin: nothing was validated\n');
    const blank = await runCli(['validate', '-o', 'json'], { stdin: '\n  \n' });
    assert.equal(blank.stderr, 'jetsub: no message in stdin: nothing was validated\n');
  });
});
