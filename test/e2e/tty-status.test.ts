/**
 * The start-up status on a terminal: `jetsub tail` under a pseudo-terminal (`script` from
 * util-linux) rewrites one status line in place while connecting and clears it before the
 * first event; with stderr not a terminal, the same run keeps one line per status.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { publishAll, startMosquitto, useBrokerWithPublisher } from '../helpers/brokers.js';
import { JETSUB_BIN, startCli, waitSubscribed } from '../helpers/cli.js';
import { readFixtures } from '../helpers/fixtures.js';

const CLEAR = '\r\x1b[K';
const event = readFixtures().find((f) => f.note === 'IFD change')!;

describe('status line on a terminal', () => {
  const lab = useBrokerWithPublisher(() => startMosquitto());
  const args = () => ['tail', '-H', '127.0.0.1', '-p', String(lab.broker.port), '--ifd', '-C', '1', '-W', '20', '--color', 'never'];

  test('under a pseudo-terminal: one line rewritten in place, cleared before the first event', async () => {
    const command = [process.execPath, JETSUB_BIN, ...args()].map((a) => `'${a}'`).join(' ');
    const cli = startCli([], { command: ['script', '-qfec', command, '/dev/null'] });
    await cli.waitFor(/subscribed to \S+ \(qos 0\)/, { stream: 'stdout' });
    await publishAll(lab.publisher, [event]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stdout);
    assert.equal(stderr, '');
    const before = stdout.slice(0, stdout.indexOf('2026-11-24'));
    assert.match(before, new RegExp(`^\\r\\x1b\\[Kjetsub: connecting to mqtt://127\\.0\\.0\\.1:${lab.broker.port} `));
    assert.ok(before.includes(`${CLEAR}jetsub: connected to mqtt://127.0.0.1:${lab.broker.port}${CLEAR}`), JSON.stringify(before));
    assert.ok(before.endsWith(`${CLEAR}jetsub: subscribed to /junos/events/kernel/interfaces/ifd/+/# (qos 0)${CLEAR}`), JSON.stringify(before));
    assert.doesNotMatch(before, /\n/, 'no status line ends a line: they share one');
    assert.match(stdout.slice(before.length), /^2026-11-24 09:15:02 mx1 ifd\/change ge-0\/0\/0 /);
  });

  test('with stderr not a terminal: one line per status, nothing rewritten', async () => {
    const cli = startCli(args());
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [event]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(stdout).topic, event.topic);
    assert.deepEqual(stderr.split('\n').map((line) => line.replace(/ as jetsub-\w+/, ' as <id>')), [
      `jetsub: connecting to mqtt://127.0.0.1:${lab.broker.port} as <id> (127.0.0.1:${lab.broker.port})`,
      `jetsub: connected to mqtt://127.0.0.1:${lab.broker.port}`,
      'jetsub: subscribed to /junos/events/kernel/interfaces/ifd/+/# (qos 0)',
      '',
    ]);
  });
});
