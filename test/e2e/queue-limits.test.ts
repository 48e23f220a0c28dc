/**
 * Silent loss (issue 17, item 5), against a mosquitto with its DEFAULT limits: it keeps
 * max_queued_messages 1000 for a client, drops the rest, and counts what it drops in
 * $SYS/broker/publish/messages/dropped (published every 10 s, its default sys_interval).
 * jetsub is the broker's only subscriber here, so the count must be exact: every event
 * published is either written or in the count jetsub reports.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { publishLines, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { type CliProcess, runCli, startCli, waitSubscribed } from '../helpers/cli.js';
import { STORM_TOPIC, stormLines } from '../helpers/events.js';

const DROPPED = /^jetsub: the broker at mqtt:\/\/127\.0\.0\.1:\d+ dropped (\d+)(?: more)? messages(?: while jetsub was (behind|away|behind and away|away and behind))?(?:, since \S+Z| \(\d+ since \S+Z\)): up to (\d+) events are lost \(its \$SYS\/broker\/publish\/messages\/dropped, a count over all its clients\)$/;

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The last drop line's total (every rise of the episode), 0 before the first. */
function reportedDrops(stderr: string): number {
  const lines = stderr.split('\n').filter((l) => DROPPED.test(l));
  return lines.length === 0 ? 0 : Number(DROPPED.exec(lines.at(-1)!)![3]);
}

/** Until every published event is written or counted as dropped; past the deadline, fails with what was seen. */
async function waitAccounted(cli: CliProcess, published: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const written = countLines(cli.stdout);
    const dropped = reportedDrops(cli.stderr);
    if (written + dropped >= published) return;
    if (Date.now() > deadline || cli.child.exitCode !== null) {
      assert.fail(`${written} written + ${dropped} reported dropped of ${published}\nstderr:\n${cli.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a broker with default queue limits (mosquitto: max_queued_messages 1000)', () => {
  // A broker per test: a persistent session left by one test would have its own drops counted in the next.
  let broker: Mosquitto;
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'jetsub-queue-limits-'));
  });
  beforeEach(async () => {
    broker = await startMosquitto();
  });
  afterEach(async () => {
    await broker.stop();
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const SLOW_READERS = [
    // --buffer 0: the socket is paused as soon as stdout is behind, the episode the drops are told
    // with (read-ahead.test.ts has the default --buffer, which reads the burst ahead instead).
    { name: 'QoS 0', args: ['--buffer', '0'], qos: 0, events: 50_000 },
    { name: '--session at QoS 1', args: ['--session', `slow-${process.pid}`], qos: 1, events: 20_000 },
  ] as const;
  for (const { name, args, qos, events } of SLOW_READERS) {
    test(`${name}, stdout stalled while ${events} are published: what the broker dropped is reported with its count`, async () => {
      const file = join(dir, `slow-qos${qos}.txt`);
      writeFileSync(file, stormLines(0, events));
      const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', '-o', 'ndjson', ...args]);
      await waitSubscribed(cli);
      cli.child.stdout!.pause();
      assert.equal(await publishLines(broker.port, STORM_TOPIC, file, qos), 0);
      // At QoS 1 the broker's window of unacknowledged messages (20) may never fill stdout's
      // buffer: jetsub is behind without ever pausing, its acknowledgements held.
      if (qos === 0) await cli.waitFor(/stdout is behind/, { timeoutMs: 30_000 });
      cli.child.stdout!.resume();
      await waitAccounted(cli, events, 60_000);
      cli.child.kill('SIGTERM');
      const { code, stdout, stderr } = await cli.done;

      assert.equal(code, 0, stderr);
      const dropped = reportedDrops(stderr);
      assert.ok(dropped > 0, stderr);
      assert.equal(countLines(stdout) + dropped, events, stderr);
      // At QoS 0 the broker drops while jetsub is paused; at QoS 1, jetsub may be behind the publisher without pausing.
      if (qos === 0) assert.ok(stderr.split('\n').filter((l) => DROPPED.test(l)).every((l) => DROPPED.exec(l)![2] === 'behind'), stderr);
    });
  }

  test('--session at QoS 1, jetsub frozen (SIGSTOP) and dropped by the broker while 20,000 are published: the count when it is back', async () => {
    const EVENTS = 20_000;
    const file = join(dir, 'qos1.txt');
    writeFileSync(file, stormLines(0, EVENTS));
    const session = `limits-${process.pid}`;
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', '-o', 'ndjson', '--session', session, '-k', '1']);
    await waitSubscribed(cli);
    const pid = cli.child.pid!;
    const logBefore = broker.log().length;
    process.kill(pid, 'SIGSTOP');
    try {
      // mosquitto ends the session's connection after 1.5 keepalives without a packet; the session stays.
      const deadline = Date.now() + 15_000;
      while (!new RegExp(`Client ${session} (has exceeded timeout|closed its connection)`).test(broker.log().slice(logBefore))) {
        assert.ok(Date.now() < deadline, `mosquitto did not drop the frozen client:\n${broker.log().slice(logBefore)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(await publishLines(broker.port, STORM_TOPIC, file, 1), 0);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await waitAccounted(cli, EVENTS, 60_000);
    cli.child.kill('SIGTERM');
    const { code, stdout, stderr } = await cli.done;

    assert.equal(code, 0, stderr);
    assert.match(stderr, /gap on \S+: connection lost at \S+Z, back at \S+Z \([\d.]+ s\); the broker queued what was published meanwhile for this session/);
    const dropped = reportedDrops(stderr);
    assert.ok(dropped > 0, stderr);
    assert.equal(countLines(stdout) + dropped, EVENTS, stderr);
    assert.ok(stderr.split('\n').filter((l) => DROPPED.test(l)).every((l) => DROPPED.exec(l)![2] === 'away'), stderr);
  });
});

describe("--no-broker-drops: no subscription to the broker's $SYS counter", () => {
  let broker: Mosquitto;
  // mosquitto logs every subscription ("<client id> <qos> <filter>") with log_type subscribe.
  before(async () => {
    broker = await startMosquitto({ extraConfig: 'log_type subscribe' });
  });
  after(() => broker.stop());

  for (const [name, flags, subscribed] of [['by default', [], true], ['--no-broker-drops', ['--no-broker-drops'], false]] as const) {
    test(`${name}: the counter is ${subscribed ? '' : 'not '}subscribed to, the events are`, async () => {
      const id = `drops-${subscribed ? 'on' : 'off'}-${process.pid}`;
      const { code, stdout, stderr } = await runCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', '-i', id,
        '-C', '1', '-W', '1', ...flags]);
      assert.equal(code, 4, stderr);
      assert.equal(stdout, '');
      const mine = broker.log().split('\n').filter((line) => line.includes(id));
      assert.ok(mine.some((line) => line.endsWith(`${id} 0 /junos/events/kernel/interfaces/ifd/+/#`)), mine.join('\n'));
      assert.equal(mine.some((line) => line.endsWith(`${id} 0 $SYS/broker/publish/messages/dropped`)), subscribed, mine.join('\n'));
    });
  }
});
