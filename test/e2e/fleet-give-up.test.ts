/**
 * In a fleet, --max-reconnects and --give-up-after give up on one device only (issue 17,
 * item 3): the others go on, the device given up is said on stderr (even with --quiet) and
 * counted at the end; exit 3 only when every device has been given up. Real mosquittos;
 * the dead device is a port nothing listens on, or a broker the test stops.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectPublisher, freePort, publishAll, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { parseNdjson, startCli, waitSubscribed } from '../helpers/cli.js';
import { ifdChange } from '../helpers/events.js';

describe('a fleet with a dead device', () => {
  let mx1: Mosquitto;
  let mx2: Mosquitto;
  before(async () => {
    [mx1, mx2] = await Promise.all([startMosquitto(), startMosquitto()]);
  });
  after(async () => {
    await Promise.all([mx1.stop(), mx2.stop()]);
  });

  const publishToBoth = async () => {
    const [p1, p2] = await Promise.all([connectPublisher(mx1.url), connectPublisher(mx2.url)]);
    await publishAll(p1, [ifdChange('ge-0/0/1')]);
    await publishAll(p2, [ifdChange('ge-0/0/2', 'mx2')]);
    await Promise.all([p1.endAsync(), p2.endAsync()]);
  };

  test('--max-reconnects 2, mx3 down from the start: mx3 given up, mx1 and mx2 go on, exit 0, the count at the end', async () => {
    const dead = await freePort();
    const cli = startCli(['tail', '-H', `mx1=127.0.0.1:${mx1.port}`, '-H', `mx2=127.0.0.1:${mx2.port}`, '-H', `mx3=127.0.0.1:${dead}`,
      '--ifd', '--max-reconnects', '2', '--quiet', '-C', '2', '-W', '30']);
    await cli.waitFor(/the other devices go on/);
    await publishToBoth();
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.device).sort(), ['mx1', 'mx2']);
    assert.equal(stderr, [
      `jetsub: [mx3] cannot connect to mqtt://127.0.0.1:${dead}: connection refused: no broker is listening on mqtt://127.0.0.1:${dead} (this host); start one, or give the router with -H; retrying in the background`,
      `jetsub: [mx3] gave up on mqtt://127.0.0.1:${dead} after 2 failed reconnect attempts (--max-reconnects): connection refused: no broker is listening on mqtt://127.0.0.1:${dead} (this host); start one, or give the router with -H; the other devices go on (1 of 3 given up)`,
      'jetsub: 1 of 3 devices were given up: mx3',
      '',
    ].join('\n'));
  });

  test('--give-up-after 1, mx3 stops mid-run: given up after ~1 s, the others go on', async () => {
    const mx3 = await startMosquitto();
    const cli = startCli(['tail', '-H', `mx1=127.0.0.1:${mx1.port}`, '-H', `mx2=127.0.0.1:${mx2.port}`, '-H', `mx3=127.0.0.1:${mx3.port}`,
      '--ifd', '--give-up-after', '1', '-C', '2', '-W', '30']);
    await waitSubscribed(cli, 3);
    await mx3.stop();
    await cli.waitFor(/\[mx3\] gave up on \S+: not back within 1 s of losing it at \S+Z \(--give-up-after\): connection refused.*; the other devices go on \(1 of 3 given up\)\n/);
    assert.equal(cli.child.exitCode, null, 'still running');
    await publishToBoth();
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.device).sort(), ['mx1', 'mx2']);
    assert.match(stderr, /\[mx3\] connection to \S+ lost \(the broker closed the connection\); reconnecting\n/);
    assert.match(stderr, /\njetsub: 1 of 3 devices were given up: mx3\n$/);
  });

  test('every device given up: exit 3 once the last one is, naming each', async () => {
    const [mx8, mx9] = await Promise.all([startMosquitto(), startMosquitto()]);
    const cli = startCli(['tail', '-H', `mx8=127.0.0.1:${mx8.port}`, '-H', `mx9=127.0.0.1:${mx9.port}`, '--ifd', '--max-reconnects', '1', '-W', '30']);
    await waitSubscribed(cli, 2);
    await mx8.stop();
    await cli.waitFor(/\[mx8\] gave up on .*; the other devices go on \(1 of 2 given up\)\n/);
    assert.equal(cli.child.exitCode, null, 'still running with mx9');
    await mx9.stop();
    const stoppedAt = Date.now();
    const { code, stdout, stderr } = await cli.done;
    assert.equal(stdout, '');
    assert.equal(code, 3, stderr);
    assert.ok(Date.now() - stoppedAt < 3000, 'the backoff of one attempt, not -W');
    assert.match(stderr, new RegExp(`jetsub: gave up on every device:\\n  mx8: gave up on mqtt://127\\.0\\.0\\.1:${mx8.port} after 1 failed reconnect attempts \\(--max-reconnects\\): connection refused[^\\n]*\\n  mx9: gave up on mqtt://127\\.0\\.0\\.1:${mx9.port} after 1 failed`));
  });
});
