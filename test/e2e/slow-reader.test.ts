/**
 * A reader slower than the stream: the built jetsub with --buffer 0 (no read-ahead queue:
 * test/e2e/read-ahead.test.ts has it), piped into this test, which stops reading its stdout
 * while a storm is published. jetsub must stop reading from the broker
 * instead of queueing the storm in memory, say once on stderr that it is behind, and say
 * with a count when it has caught up. The broker queues without limit here, so nothing
 * may be lost either — not even to keepalive: while jetsub does not read, the broker's
 * PINGRESP waits unread behind the backlog, which is no sign of a dead broker.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { publishLines, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { startCli, waitSubscribed } from '../helpers/cli.js';
import { STORM_TOPIC, stormLines } from '../helpers/events.js';

const EVENTS = 100_000;
/**
 * Read at once before the stall: the first moments of any storm grow V8's young generation to
 * jetsub's cap and the old generation to its working size (BENCHMARKS.md: memory), which a fast
 * reader costs just the same; the growth measured from there is what the stall itself costs.
 */
const WARMUP = 20_000;
/** How much jetsub may grow while the storm waits: far less than the storm's own size. */
const GROWTH_LIMIT_MIB = 40;

/** VmRSS or VmHWM (peak) of a live process, in MiB. */
function readMemory(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

const BEHIND = 'jetsub: stdout is behind: the reader is slower than the stream, so reading from the broker is paused'
  + ' (a broker drops QoS 0 events it cannot queue)';

/** The peak RSS (VmHWM) of a process until it exits: read every 100 ms, the last value read. */
function watchPeak(pid: number): () => number {
  let peak = readMemory(pid, 'VmHWM');
  const timer = setInterval(() => {
    try {
      peak = readMemory(pid, 'VmHWM');
    } catch {
      clearInterval(timer);
    }
  }, 100);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

describe('slow reader', () => {
  let broker: Mosquitto;
  let dir: string;
  let warmupFile: string;
  let file: string;
  before(async () => {
    broker = await startMosquitto({ extraConfig: 'max_queued_messages 0' });
    dir = mkdtempSync(join(tmpdir(), 'jetsub-slow-reader-'));
    warmupFile = join(dir, 'warmup.txt');
    file = join(dir, 'events.txt');
    writeFileSync(warmupFile, stormLines(0, WARMUP));
    writeFileSync(file, stormLines(WARMUP, EVENTS));
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('stops reading the broker while stdout is full, says so once, catches up with a count, loses nothing', async () => {
    // -C: jetsub ends once the last event is written. "caught up" is no sign that the storm is
    // over: on a loaded machine mosquitto may still be sending it, slower than stdout drains.
    const args = ['-o', 'ndjson', '-C', String(WARMUP + EVENTS), '-W', '300'];
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', ...args, '--buffer', '0']);
    await waitSubscribed(cli);
    const pid = cli.child.pid!;
    assert.equal(await publishLines(broker.port, STORM_TOPIC, warmupFile), 0);
    await cli.waitFor(new RegExp(`"generation-number":${WARMUP - 1}\\}`), { stream: 'stdout', timeoutMs: 30_000 });
    cli.child.stdout!.pause();
    const before = readMemory(pid, 'VmHWM');

    assert.equal(await publishLines(broker.port, STORM_TOPIC, file), 0);
    await cli.waitFor(/stdout is behind/, { timeoutMs: 30_000 });
    const whileStalled = readMemory(pid, 'VmRSS');

    const peak = watchPeak(pid);
    cli.child.stdout!.resume();
    const { code, stdout, stderr } = await cli.done;

    assert.equal(code, 0, stderr);
    // Once per episode: the stall is one; on a loaded machine the broker may still be sending
    // when stdout has caught up, and a reader that falls behind again is another.
    const lagLines = stderr.split('\n').filter((line) => /behind|caught up/.test(line));
    assert.ok(lagLines.length >= 2 && lagLines.length % 2 === 0, stderr);
    let late = 0;
    lagLines.forEach((line, i) => {
      if (i % 2 === 0) return assert.equal(line, BEHIND, stderr);
      const [, records] = /^jetsub: stdout caught up after \d+\.\d s; (\d+) records were written late meanwhile$/.exec(line) ?? [];
      assert.ok(Number(records) > 0, line);
      late += Number(records);
    });
    assert.ok(late <= WARMUP + EVENTS, stderr);
    assert.doesNotMatch(stderr, /lost|reconnecting|gap on/);

    const lines = stdout.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, WARMUP + EVENTS, stderr);
    lines.forEach((line, index) => {
      const record = JSON.parse(line) as { valid: boolean; event: { attributes: { 'generation-number': number } } };
      if (record.event.attributes['generation-number'] !== index || record.valid !== true) assert.fail(`line ${index + 1}: ${line}`);
    });

    // The storm is ~50 MiB of output; jetsub held back instead of taking it in.
    assert.ok(whileStalled - before < GROWTH_LIMIT_MIB, `RSS ${before.toFixed(0)} → ${whileStalled.toFixed(0)} MiB while stalled`);
    assert.ok(peak() - before < GROWTH_LIMIT_MIB, `RSS ${before.toFixed(0)} → peak ${peak().toFixed(0)} MiB`);
  });

  /**
   * The storm test above stalls for long only on a loaded machine (more than 1.5 keepalives
   * of 60 s between a PINGREQ and its answer read behind the backlog); -k 2 and a stall of
   * STALL_MS make that certain at any load.
   */
  test('-k 2, stdout stalled for 3 keepalives: no keepalive timeout, the connection kept, nothing lost', async () => {
    const STALL_MS = 6000;
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', '-o', 'ndjson', '-k', '2', '-C', String(WARMUP), '-W', '120', '--buffer', '0']);
    await waitSubscribed(cli);
    cli.child.stdout!.pause();
    assert.equal(await publishLines(broker.port, STORM_TOPIC, warmupFile), 0);
    await cli.waitFor(/stdout is behind/, { timeoutMs: 30_000 });
    // The fault is the time itself: jetsub reads nothing from the broker for this long.
    await new Promise((resolve) => setTimeout(resolve, STALL_MS));
    cli.child.stdout!.resume();
    const { code, stdout, stderr } = await cli.done;

    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /lost|reconnecting|gap on/);
    const numbers = stdout.split('\n').filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as { event: { attributes: { 'generation-number': number } } }).event.attributes['generation-number']);
    const firstWrong = numbers.findIndex((n, i) => n !== i);
    assert.equal(firstWrong, -1, `record ${firstWrong + 1} is event ${numbers[firstWrong]}`);
    assert.equal(numbers.length, WARMUP);
  });
});
