/**
 * A reader slower than the stream: the built jetsub with --buffer 0 (no read-ahead queue:
 * test/e2e/read-ahead.test.ts has it), piped into this test, which stops reading its stdout
 * while a storm is published. jetsub must stop reading from the broker
 * instead of queueing the storm in memory, say once on stderr that it is behind, and say
 * with a count when it has caught up. The broker queues without limit here, so nothing
 * may be lost either.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { publishLines, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { startCli, waitLastLine, waitSubscribed } from '../helpers/cli.js';
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
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', 'ge-0/0/1', '-o', 'ndjson', '--buffer', '0']);
    await waitSubscribed(cli);
    const pid = cli.child.pid!;
    assert.equal(await publishLines(broker.port, STORM_TOPIC, warmupFile), 0);
    await cli.waitFor(new RegExp(`"generation-number":${WARMUP - 1}\\}`), { stream: 'stdout', timeoutMs: 30_000 });
    cli.child.stdout!.pause();
    const before = readMemory(pid, 'VmHWM');

    assert.equal(await publishLines(broker.port, STORM_TOPIC, file), 0);
    await cli.waitFor(/stdout is behind/, { timeoutMs: 30_000 });
    const whileStalled = readMemory(pid, 'VmRSS');

    cli.child.stdout!.resume();
    await cli.waitFor(/stdout caught up/, { timeoutMs: 60_000 });
    // Caught up means the pipe has kept up for a second, not that the broker has sent everything.
    await waitLastLine(cli, `"generation-number":${WARMUP + EVENTS - 1}}`);
    const peak = readMemory(pid, 'VmHWM');
    cli.child.kill('SIGTERM');
    const { code, stdout, stderr } = await cli.done;

    assert.equal(code, 0, stderr);
    // The stall is one episode; this test, reading ~50 MiB into one string on a loaded machine,
    // may be a slow reader again afterwards: each episode is told once, and its end once.
    const behind = stderr.split('\n').filter((line) => line.includes('behind'));
    assert.ok(behind.length >= 1, stderr);
    const told = 'jetsub: stdout is behind: the reader is slower than the stream, so reading from the broker is paused (a broker drops QoS 0 events it cannot queue)';
    assert.deepEqual(behind, behind.map(() => told));
    const caughtUp = stderr.split('\n').filter((line) => line.includes('caught up'));
    assert.equal(caughtUp.length, behind.length, stderr);
    const [, late] = /^jetsub: stdout caught up after \d+\.\d s; (\d+) records were written late meanwhile$/.exec(caughtUp[0]!) ?? [];
    assert.ok(Number(late) > 0 && Number(late) <= WARMUP + EVENTS, caughtUp[0]);

    const lines = stdout.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, WARMUP + EVENTS);
    lines.forEach((line, index) => {
      const record = JSON.parse(line) as { valid: boolean; event: { attributes: { 'generation-number': number } } };
      if (record.event.attributes['generation-number'] !== index || record.valid !== true) assert.fail(`line ${index + 1}: ${line}`);
    });

    // The storm is ~50 MiB of output; jetsub held back instead of taking it in.
    assert.ok(whileStalled - before < GROWTH_LIMIT_MIB, `RSS ${before.toFixed(0)} → ${whileStalled.toFixed(0)} MiB while stalled`);
    assert.ok(peak - before < GROWTH_LIMIT_MIB, `RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB`);
  });
});
