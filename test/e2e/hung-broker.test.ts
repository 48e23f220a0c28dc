/**
 * Every way of ending ends within ~1 s whatever the network does (issue 17, item 1): the
 * broker is a real mosquitto, SIGSTOPped by its pid (so it neither answers nor closes its
 * side), and jetsub is ended by SIGTERM, SIGINT, SIGHUP, -W, -C met on another device of a
 * fleet, or a closed stdout. Each test resumes the broker in its cleanup.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectPublisher, publishAll, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { JETSUB_BIN, type CliProcess, parseNdjson, startCli, startShell, waitSubscribed } from '../helpers/cli.js';
import { ifdEvent } from '../helpers/events.js';
import { killGroup } from '../helpers/processes.js';

/** From the ending (a signal, a deadline, the event that met -C) to jetsub's exit. */
const END_BOUND_MS = 1500;
const FORCED = /jetsub: (\[\w+\] )?the broker at mqtt:\/\/127\.0\.0\.1:\d+ did not close the connection within 300 ms of the DISCONNECT \(hung, or the path is broken\); closed it without waiting\n/;

async function withHung<T>(broker: Mosquitto, run: () => Promise<T>): Promise<T> {
  const pid = broker.pid!;
  process.kill(pid, 'SIGSTOP');
  try {
    return await run();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

/** Ends jetsub with `end` and times its exit; past 10 s its group is killed, so that a hang fails (on `took`) instead of hanging. */
async function timeExit(cli: CliProcess, end: () => void) {
  const started = Date.now();
  end();
  return { ...(await boundedDone(cli)), took: Date.now() - started };
}

async function boundedDone(cli: CliProcess) {
  const backstop = setTimeout(() => killGroup(cli.child, 'SIGKILL'), 10_000);
  try {
    return await cli.done;
  } finally {
    clearTimeout(backstop);
  }
}

describe('a hung broker (SIGSTOP) never holds jetsub up', () => {
  let hung: Mosquitto;
  let live: Mosquitto;
  before(async () => {
    [hung, live] = await Promise.all([startMosquitto(), startMosquitto()]);
  });
  after(async () => {
    await Promise.all([hung.stop(), live.stop()]);
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    test(`${signal}: exit 0 within ${END_BOUND_MS} ms, the record already read written, the forced close said`, async () => {
      const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(hung.port), '--ifd']);
      await waitSubscribed(cli);
      const publisher = await connectPublisher(hung.url);
      await publishAll(publisher, [ifdEvent('ge-0/0/1')]);
      await publisher.endAsync();
      await cli.waitFor(/ge-0\/0\/1/, { stream: 'stdout' });
      const { code, signal: killed, stdout, stderr, took } = await withHung(hung, () => timeExit(cli, () => cli.child.kill(signal)));
      assert.equal(killed, null, `ended by ${signal} itself: ${stderr}`);
      assert.equal(code, 0, stderr);
      assert.ok(took < END_BOUND_MS, `exit took ${took} ms`);
      assert.deepEqual(parseNdjson(stdout).map((r) => (r.topic_fields as { interface: string }).interface), ['ge-0/0/1']);
      assert.match(stderr, FORCED);
    });
  }

  test('-W running out: exit 4 within the bound after the deadline', async () => {
    const started = Date.now();
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(hung.port), '--ifd', '-C', '5', '-W', '3']);
    await waitSubscribed(cli);
    const { code, stdout, stderr } = await withHung(hung, () => boundedDone(cli));
    const took = Date.now() - started;
    assert.equal(code, 4, stderr);
    assert.equal(stdout, '');
    assert.ok(took < 3000 + END_BOUND_MS, `exit ${took} ms after the start, -W 3`);
    assert.match(stderr, /jetsub: timed out after 3 s with 0 of 5 events\n/);
    assert.match(stderr, FORCED);
  });

  test('-C met on another device of the fleet: exit 0 within the bound', async () => {
    const cli = startCli(['tail', '-H', `mx1=127.0.0.1:${hung.port}`, '-H', `mx2=127.0.0.1:${live.port}`, '--ifd', '-C', '1']);
    await waitSubscribed(cli, 2);
    const publisher = await connectPublisher(live.url);
    const { code, stdout, stderr, took } = await withHung(hung, () => timeExit(cli, () => void publishAll(publisher, [ifdEvent('ge-0/0/2')])));
    await publisher.endAsync();
    assert.equal(code, 0, stderr);
    assert.ok(took < END_BOUND_MS, `exit took ${took} ms after the event`);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.device), ['mx2']);
    assert.match(stderr, /jetsub: \[mx1\] the broker at \S+ did not close the connection within 300 ms/);
    assert.doesNotMatch(stderr, /\[mx2\] the broker at \S+ did not close/);
  });

  test('a closed stdout (| true) in a fleet with one hung device: exit 0 within the bound', async () => {
    const script = `"${process.execPath}" "${JETSUB_BIN}" tail -H mx1=127.0.0.1:${hung.port} -H mx2=127.0.0.1:${live.port} --ifd | true; echo "jetsub exited \${PIPESTATUS[0]}" >&2`;
    const shell = startShell(script);
    await waitSubscribed(shell, 2);
    const publisher = await connectPublisher(live.url);
    const { code, stdout, stderr, took } = await withHung(hung, () => timeExit(shell, () => void publishAll(publisher, [ifdEvent('ge-0/0/3')])));
    await publisher.endAsync();
    assert.equal(code, 0, stderr);
    assert.ok(took < END_BOUND_MS, `exit took ${took} ms after the event`);
    assert.equal(stdout, '');
    assert.match(stderr, /jetsub exited 0\n$/);
    assert.match(stderr, /\[mx1\] the broker at \S+ did not close the connection within 300 ms/);
  });
});
