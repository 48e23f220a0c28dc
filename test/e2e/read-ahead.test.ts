/**
 * --buffer: while stdout is behind, the built jetsub keeps reading from mosquitto into a bounded
 * queue instead of pausing the socket, so a broker with its default limits (mosquitto drops
 * what it cannot queue for a subscriber, past 1000 messages) loses nothing of a burst the
 * queue can hold; past the bound, jetsub pauses the broker as it does with --buffer 0 (and
 * says so). The reader here is this test, which stops reading jetsub's stdout during the burst.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { startCli, waitLastLine, waitSubscribed } from '../helpers/cli.js';
import { STORM_TOPIC, stormLines } from '../helpers/events.js';
import { spawnTracked } from '../helpers/processes.js';

/** ~13 MB on the wire: more than the kernel's socket buffers and mosquitto's 1000 queued hold. */
const EVENTS = 50_000;

/**
 * The burst at a pace any loaded machine keeps up with when it reads (5,000 events/s, ~1 MB/s):
 * what is tested is where the events wait while stdout is stalled, not how fast jetsub is.
 */
const PER_TICK = 500;
const TICK_MS = 100;

/** `mosquitto_pub -l` fed PER_TICK lines every TICK_MS; resolves with its exit code. */
async function publishPaced(port: number, lines: string[]): Promise<number | null> {
  const child = spawnTracked('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', STORM_TOPIC, '-l'], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  for (let i = 0; i < lines.length; i += PER_TICK) {
    child.stdin!.write(lines.slice(i, i + PER_TICK).join(''));
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  child.stdin!.end();
  return closed;
}

/** Bytes the process has read (every read(2), sockets included). */
function readChars(pid: number): number {
  return Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
}

/** Until the process has read nothing for `quietMs` (what the broker still had for it is in). */
async function waitReadsSettle(pid: number, quietMs = 1500, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = readChars(pid);
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = readChars(pid);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
  assert.fail('jetsub kept reading for a minute after the burst');
}

interface Stalled {
  code: number | null;
  stderr: string;
  /** generation-number of every line, in order. */
  numbers: number[];
}

/** jetsub with `args`, its stdout left unread while the burst is published and read, then read to the end. */
async function tailThroughStall(broker: Mosquitto, lines: string[], args: string[], lossless = true): Promise<Stalled> {
  const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', 'ge-0/0/1', '-o', 'ndjson', ...args]);
  await waitSubscribed(cli);
  cli.child.stdout!.pause();
  assert.equal(await publishPaced(broker.port, lines), 0);
  await waitReadsSettle(cli.child.pid!);
  cli.child.stdout!.resume();
  await cli.waitFor(/stdout caught up/, { timeoutMs: 120_000 });
  // What jetsub read is all there is: the last record it has, or the caught-up line's second of quiet.
  if (lossless) await waitLastLine(cli, `"generation-number":${EVENTS - 1}}`);
  cli.child.kill('SIGTERM');
  const { code, stdout, stderr } = await cli.done;
  const numbers = stdout.split('\n').filter((line) => line !== '').map((line) => {
    const record = JSON.parse(line) as { valid: boolean; event: { attributes: { 'generation-number': number } } };
    assert.equal(record.valid, true, line);
    return record.event.attributes['generation-number'];
  });
  return { code, stderr, numbers };
}

/** jetsub ended with 0 and wrote every event of the burst, each once, in the order published. */
function assertEveryEventInOrder({ code, stderr, numbers }: Stalled): void {
  assert.equal(code, 0, stderr);
  assert.equal(numbers.length, EVENTS, stderr);
  numbers.forEach((n, i) => n === i || assert.fail(`line ${i + 1} is event ${n}`));
}

/** The "caught up" line's peak: events, and the bytes they took in memory. */
function parsePeak(line: string): { events: number; bytes: number } {
  const [, events, amount, unit] = /; at most (\d+) events waited in the read-ahead buffer \(([\d.]+)(B|KiB|MiB) in memory\)$/.exec(line) ?? [];
  assert.ok(events !== undefined, line);
  return { events: Number(events), bytes: Number(amount) * { B: 1, KiB: 1024, MiB: 1024 * 1024 }[unit as 'B' | 'KiB' | 'MiB'] };
}

function linesWith(stderr: string, text: string): string[] {
  return stderr.split('\n').filter((line) => line.includes(text));
}

describe('read-ahead buffer (--buffer)', () => {
  const lines = stormLines(0, EVENTS).split(/(?<=\n)/);

  describe('a broker with default limits', () => {
    let broker: Mosquitto;
    before(async () => {
      broker = await startMosquitto();
    });
    after(() => broker.stop());

    test('the burst is read into the queue while stdout is stalled: every event arrives, in order, and the peak is told, held deflated', async () => {
      const stalled = await tailThroughStall(broker, lines, ['--buffer', '80000']);
      assertEveryEventInOrder(stalled);
      const { stderr } = stalled;
      // The stall is the first episode; this test may be a slow reader again afterwards.
      const behind = linesWith(stderr, 'behind');
      assert.ok(behind.length >= 1, stderr);
      assert.deepEqual(behind, behind.map(() => 'jetsub: stdout is behind: the reader is slower than the stream; events read meanwhile '
        + 'wait in memory (--buffer 80000), and reading from the broker pauses only if that fills up'));
      assert.deepEqual(linesWith(stderr, 'is full'), []);
      const caughtUp = linesWith(stderr, 'caught up');
      assert.equal(caughtUp.length, behind.length, stderr);
      const peak = parsePeak(caughtUp[0]!);
      // Most of the burst waited in the queue (what stdout had taken before it stalled did not).
      assert.ok(peak.events > EVENTS / 2 && peak.events <= EVENTS, caughtUp[0]);
      // Held deflated: a storm's events, ~250 bytes each on the wire, in a fraction of that.
      assert.ok(peak.bytes < (peak.events * 250) / 4, caughtUp[0]);
    });

    test('with --buffer 0 the socket is paused at once, and the same broker drops most of the burst', async (t) => {
      const { code, stderr, numbers } = await tailThroughStall(broker, lines, ['--buffer', '0'], false);
      t.diagnostic(`${numbers.length} of ${EVENTS} arrived`);
      assert.equal(code, 0, stderr);
      assert.ok(numbers.length < EVENTS * 0.9, `${numbers.length} of ${EVENTS} arrived`);
      assert.deepEqual([...new Set(linesWith(stderr, 'behind'))], [
        'jetsub: stdout is behind: the reader is slower than the stream, so reading from the broker is paused '
        + '(a broker drops QoS 0 events it cannot queue)',
      ]);
    });
  });

  describe('a broker that queues without limit', () => {
    let broker: Mosquitto;
    before(async () => {
      broker = await startMosquitto({ extraConfig: 'max_queued_messages 0' });
    });
    after(() => broker.stop());

    test('past the bound the broker is paused (said once), and nothing is lost', async () => {
      const stalled = await tailThroughStall(broker, lines, ['--buffer', '10000']);
      assertEveryEventInOrder(stalled);
      const { stderr } = stalled;
      // Told once per filling (the stall's; this test may be a slow reader again afterwards).
      assert.deepEqual([...new Set(linesWith(stderr, 'is full'))], [
        'jetsub: the read-ahead buffer is full (--buffer 10000 events): reading from the broker is paused until the output catches up '
        + '(a broker drops QoS 0 events it cannot queue)',
      ]);
      const { events } = parsePeak(linesWith(stderr, 'caught up')[0] ?? '');
      assert.ok(events >= 10_000 && events < 11_000, stderr);
    });
  });

  test('a --buffer that is not a count exits 2 before connecting', async () => {
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', '1', '--ifd', 'ge-0/0/1', '--buffer', '1e5']);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /--buffer '1e5': not a number of events from 0 to 10000000; e\.g\. --buffer 200000 \(0: pause at once\)/);
    assert.doesNotMatch(stderr, /connecting/);
  });
});
