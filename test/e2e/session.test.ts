/**
 * Lossless mode against a real mosquitto that keeps sessions (persistence on, no queue
 * limit): --session gives a fixed client id, clean session off and QoS 1, so events
 * published while jetsub or the broker is away are delivered later; redeliveries carry
 * `"duplicate": true`, and --dedupe drops the ones already written.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { connectPublisher, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { type CliProcess, parseNdjson, startCli, waitSubscribed } from '../helpers/cli.js';
import { ifdEvent } from '../helpers/events.js';

const TOTAL = 10_000;
const HALF = TOTAL / 2;

const event = (seq: number) => ifdEvent(`ge-0/0/${seq % 48}`, { attributes: { seq } });

/** Publishes seq from..to-1 at QoS 1, many in flight at once; resolves when the broker acknowledged all. */
async function publishRange(publisher: MqttClient, from: number, to: number): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (let seq = from; seq < to; seq++) {
    const { topic, payload } = event(seq);
    pending.push(publisher.publishAsync(topic, payload, { qos: 1 }));
  }
  await Promise.all(pending);
}

interface Line {
  seq: number;
  duplicate: boolean;
}

/** The event records of the output (gap records left out). */
function readLines(stdout: string): Line[] {
  return parseNdjson(stdout).filter((r) => r.type === 'event').map((r) => ({
    seq: ((r.event as { attributes: { seq: number } }).attributes).seq,
    duplicate: r.duplicate === true,
  }));
}

/** Polls what the CLI printed until `done` holds (there is no single line to wait for). */
async function waitForOutput(cli: CliProcess, done: (stdout: string) => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done(cli.stdout)) {
    if (Date.now() > deadline) throw new Error(`timed out; ${cli.stdout.split('\n').length} lines so far\nstderr:\n${cli.stderr}`);
    if (cli.child.exitCode !== null) throw new Error(`jetsub exited ${cli.child.exitCode}\nstderr:\n${cli.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function persistentBroker(): Promise<Mosquitto> {
  // mosquitto started as root drops to its own user, which must be able to write the file.
  const dir = mkdtempSync(join(tmpdir(), 'jetsub-persistence-'));
  chmodSync(dir, 0o777);
  const config = ['persistence true', `persistence_location ${dir}/`, 'max_queued_messages 0', 'autosave_interval 3600'];
  return startMosquitto({ extraConfig: config.join('\n') });
}

describe('--session: a broker restart half-way loses nothing (mosquitto, persistence on)', () => {
  let broker: Mosquitto;
  before(async () => {
    broker = await persistentBroker();
  });
  after(async () => {
    await broker.stop();
  });

  /**
   * jetsub's reader stops reading, so its stdout fills and acknowledgements are held; the
   * first half is published; the broker is restarted (saving in-flight and queued messages);
   * the reader reads again; the second half is published.
   */
  async function runRestartedStream(session: string, extra: string[]): Promise<CliProcess> {
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--session', session, '--ifd', '-o', 'ndjson', '-W', '60', ...extra]);
    await waitSubscribed(cli);
    assert.match(cli.stderr, new RegExp(`as ${session}\\b`));
    assert.match(cli.stderr, /subscribed to \S+ \(qos 1\)/);
    cli.child.stdout!.pause();
    let publisher = await connectPublisher(broker.url);
    await publishRange(publisher, 0, HALF);
    await publisher.endAsync();
    await broker.stop();
    await broker.start();
    cli.child.stdout!.resume();
    await cli.waitFor(/gap on /, { timeoutMs: 15_000 });
    publisher = await connectPublisher(broker.url);
    await publishRange(publisher, HALF, TOTAL);
    await publisher.endAsync();
    return cli;
  }

  test(`${TOTAL} QoS 1 events, the broker restarted half-way: all arrive, redeliveries marked`, async () => {
    const cli = await runRestartedStream('e2e-marked', []);
    const complete = (stdout: string) => stdout.slice(0, stdout.lastIndexOf('\n') + 1);
    await waitForOutput(cli, (stdout) => new Set(readLines(complete(stdout)).map((l) => l.seq)).size === TOTAL, 60_000);
    cli.child.kill('SIGINT');
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    const lines = readLines(stdout);
    const seen = new Map<number, number>();
    for (const { seq, duplicate } of lines) {
      const copies = (seen.get(seq) ?? 0) + 1;
      seen.set(seq, copies);
      if (copies > 1) assert.ok(duplicate, `a second copy of ${seq} is marked "duplicate": true`);
    }
    assert.deepEqual([...seen.keys()].sort((a, b) => a - b), Array.from({ length: TOTAL }, (_, i) => i));
    assert.ok(lines.length > TOTAL, 'the record written but not yet acknowledged at the restart came again');
    assert.match(stderr, /gap on \S+: connection lost at \S+Z, back at \S+Z/);
    // The broker queued for the session: the gap line must not say that the events are lost.
    assert.match(stderr, /back at \S+Z \([\d.]+ s\); the broker queued what was published meanwhile for this session, up to its queue limits \(mosquitto: max_queued_messages, 1000 by default\); more than that is lost\n/);
    assert.doesNotMatch(stderr, /events published meanwhile are lost/);
  });

  test(`--dedupe: the same run writes each of the ${TOTAL} events exactly once; -C counts events, not dropped copies`, async () => {
    const cli = await runRestartedStream('e2e-dedupe', ['--dedupe', '-C', String(TOTAL), '--mark-gaps']);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(parseNdjson(stdout).filter((r) => r.type === 'gap').length, 1, 'one gap record, not counted by -C');
    const seqs = readLines(stdout);
    assert.equal(seqs.length, TOTAL);
    assert.deepEqual(seqs.map((l) => l.seq).sort((a, b) => a - b), Array.from({ length: TOTAL }, (_, i) => i));
    assert.match(stderr, /dropped a redelivery of \/junos\/events\/kernel\/interfaces\/ifd\/change\/\S+ \(--dedupe\)/);
  });
});

describe('--session: events published while jetsub is away are delivered when it is back', () => {
  let broker: Mosquitto;
  before(async () => {
    broker = await persistentBroker();
  });
  after(async () => {
    await broker.stop();
  });

  for (const version of ['3.1.1', '5']) {
    test(`MQTT ${version}: stop, 200 events published, start again: all 200, in order`, async () => {
      const session = `e2e-away-v${version.replace(/\./g, '')}`;
      const args = ['tail', '-H', '127.0.0.1', '-p', String(broker.port), '-V', version, '--session', session, '--ifd', '-o', 'ndjson'];
      const first = startCli([...args, '-W', '20']);
      await waitSubscribed(first);
      first.child.kill('SIGTERM');
      assert.equal((await first.done).code, 0);

      const publisher = await connectPublisher(broker.url);
      await publishRange(publisher, 0, 200);
      await publisher.endAsync();

      const { code, stdout, stderr } = await startCli([...args, '-C', '200', '-W', '20']).done;
      assert.equal(code, 0, stderr);
      assert.deepEqual(readLines(stdout).map((l) => l.seq), Array.from({ length: 200 }, (_, i) => i));
    });
  }

  test('MQTT 5 --session-expiry 2: the session outlives a short absence, and is gone after a longer one', async () => {
    const args = ['tail', '-H', '127.0.0.1', '-p', String(broker.port), '-V', '5', '--session', 'e2e-expiry', '--session-expiry', '2', '--ifd', '-o', 'ndjson'];
    const first = startCli([...args, '-W', '20']);
    await waitSubscribed(first);
    first.child.kill('SIGTERM');
    assert.equal((await first.done).code, 0);
    const publisher = await connectPublisher(broker.url);
    await publishRange(publisher, 0, 1);
    const back = await startCli([...args, '-C', '1', '-W', '20']).done;
    assert.equal(back.code, 0, back.stderr);
    assert.deepEqual(readLines(back.stdout).map((l) => l.seq), [0], 'queued while away for less than 2 s');
    // The scenario itself: away for longer than the expiry, so the broker drops the session.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await publishRange(publisher, 1, 2);
    const late = startCli([...args, '-C', '1', '-W', '20']);
    await waitSubscribed(late);
    await publishRange(publisher, 2, 3);
    await publisher.endAsync();
    const { code, stdout, stderr } = await late.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(readLines(stdout).map((l) => l.seq), [2], 'nothing was queued for an expired session');
  });

  test('-C: events that arrive after the count are not acknowledged, so the next run gets them', async () => {
    const args = ['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--session', 'e2e-count', '--ifd', '-o', 'ndjson'];
    const first = startCli([...args, '-W', '20']);
    await waitSubscribed(first);
    first.child.kill('SIGTERM');
    await first.done;
    const publisher = await connectPublisher(broker.url);
    await publishRange(publisher, 0, 100);
    await publisher.endAsync();

    const run1 = await startCli([...args, '-C', '30', '-W', '20']).done;
    assert.equal(run1.code, 0, run1.stderr);
    const run2 = await startCli([...args, '-C', '70', '--dedupe', '-W', '20']).done;
    assert.equal(run2.code, 0, run2.stderr);
    const firstSeqs = readLines(run1.stdout).map((l) => l.seq);
    const secondSeqs = readLines(run2.stdout).map((l) => l.seq);
    assert.deepEqual(firstSeqs, Array.from({ length: 30 }, (_, i) => i));
    assert.deepEqual(secondSeqs, Array.from({ length: 70 }, (_, i) => i + 30));
  });
});
