/**
 * The built `jetsub simulate` against aedes and a real mosquitto, read back by the built
 * `jetsub tail`: the same count, the same events as --dry-run with the same seed, every
 * event valid, every kind present. Plus the usage and connection errors.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { freePort, startAedes, startMosquitto, type TestBroker } from '../helpers/brokers.js';
import { parseNdjson, runCli, startCli, waitSubscribed } from '../helpers/cli.js';
import { startMosquittoSub } from '../helpers/mosquitto-sub.js';

const KINDS = ['ifd', 'ifl', 'iff', 'ifa', 'firewall', 'route', 'route-table', 'syslog', 'config-update'];

const brokers: [string, () => Promise<TestBroker>][] = [
  ['aedes', startAedes],
  // mosquitto drops QoS 1 messages for a subscriber beyond 1000 queued by default; the storm
  // test is about jetsub losing nothing, so the queue is unlimited here.
  ['mosquitto', () => startMosquitto({ extraConfig: 'max_queued_messages 0' })],
];

for (const [name, start] of brokers) {
  describe(`simulate → ${name} → tail`, () => {
    let broker: TestBroker;
    const at = () => ['-H', '127.0.0.1', '-p', String(broker.port)];
    before(async () => (broker = await start()));
    after(async () => broker.stop());

    test('mixed: tail gets every event, each valid, every kind present, byte for byte the --dry-run events', async () => {
      const count = 400;
      const tail = startCli(['tail', ...at(), '-o', 'ndjson', '-C', String(count), '-W', '30']);
      await waitSubscribed(tail);
      const sim = await runCli(['simulate', ...at(), '--seed', '21', '-C', String(count), '--rate', '2000']);
      assert.equal(sim.code, 0, sim.stderr);
      assert.equal(sim.stdout, '');
      assert.match(sim.stderr, /^jetsub: publishing scenario mixed from 3 routers \(mx1\.\.mx3\) to mqtt:\/\/127\.0\.0\.1:\d+ at 2000 events\/s$/m);
      assert.match(sim.stderr, new RegExp(`^jetsub: sent ${count} events in [\\d.]+ s \\(\\d+ events/s\\): scenario mixed, 3 routers \\(mx1\\.\\.mx3\\), seed 21$`, 'm'));
      const { code, stdout, stderr } = await tail.done;
      assert.equal(code, 0, stderr);
      const records = parseNdjson(stdout);
      assert.equal(records.length, count);
      assert.deepEqual(records.filter((r) => r.valid !== true), []);
      assert.deepEqual(new Set(records.map((r) => r.kind)), new Set(KINDS));
      const dry = await runCli(['simulate', '--seed', '21', '-C', String(count), '--rate', '2000', '--dry-run']);
      const expected = parseNdjson(dry.stdout) as { topic: string; payload: string }[];
      assert.deepEqual(records.map((r) => r.topic), expected.map((e) => e.topic));
      assert.deepEqual(records.map((r) => r.event), expected.map((e) => { const p = JSON.parse(e.payload); return p['jet-event'] ?? p; }));
    });

    test('storm at QoS 1: thousands of route events as fast as the broker takes them, none lost', async () => {
      const count = 3000;
      const tail = startCli(['tail', ...at(), '--route', '-q', '1', '-o', 'ndjson', '-C', String(count), '-W', '30']);
      await waitSubscribed(tail);
      const sim = await runCli(['simulate', 'storm', ...at(), '-C', String(count), '-q', '1']);
      assert.equal(sim.code, 0, sim.stderr);
      assert.match(sim.stderr, /as fast as the broker takes it/);
      assert.match(sim.stderr, new RegExp(`sent ${count} events`));
      const { code, stdout, stderr } = await tail.done;
      assert.equal(code, 0, stderr);
      const records = parseNdjson(stdout);
      assert.equal(records.length, count);
      assert.ok(records.every((r) => r.kind === 'route' && r.valid === true));
    });
  });
}

describe('simulate: routers spread over several brokers, flap traffic as mosquitto_sub sees it', () => {
  let first: TestBroker;
  let second: TestBroker;
  before(async () => {
    first = await startMosquitto();
    second = await startAedes();
  });
  after(async () => {
    await first.stop();
    await second.stop();
  });

  test('--devices 2 with two --host: mx1 publishes to the first, mx2 to the second', async () => {
    const tails = [first, second].map((b) => startCli(['tail', '-H', `127.0.0.1:${b.port}`, '-o', 'ndjson', '-C', '20', '-W', '30']));
    for (const tail of tails) await waitSubscribed(tail);
    const sim = await runCli(['simulate', 'login', '--devices', '2', '--seed', '3', '-C', '120', '--rate', '1000', '-H', `127.0.0.1:${first.port}`, '-H', `127.0.0.1:${second.port}`]);
    assert.equal(sim.code, 0, sim.stderr);
    const hostnamesOf = (stdout: string) => new Set(parseNdjson(stdout).map((r) => (r.event as { hostname: string }).hostname));
    const hosts = await Promise.all(tails.map(async (tail) => hostnamesOf((await tail.done).stdout)));
    assert.deepEqual(hosts.map((h) => [...h]), [['mx1'], ['mx2']]);
  });

  test("--topic-prefix 'fleet/{device}': each router under its name, as tail --topic-prefix reads a central broker", async () => {
    const tail = startCli(['tail', '-H', `127.0.0.1:${second.port}`, '--topic-prefix', 'fleet/{device}', '-o', 'ndjson', '-C', '60', '-W', '30']);
    await waitSubscribed(tail);
    const sim = await runCli(['simulate', '--topic-prefix', 'fleet/{device}', '--seed', '4', '-C', '60', '--rate', '1000', '-H', `127.0.0.1:${second.port}`]);
    assert.equal(sim.code, 0, sim.stderr);
    const records = parseNdjson((await tail.done).stdout);
    assert.equal(records.length, 60);
    assert.deepEqual(new Set(records.map((r) => r.device)), new Set(['mx1', 'mx2', 'mx3']));
    for (const record of records.filter((r) => r.kind !== 'config-update')) assert.equal(record.device, (record.event as { hostname: string }).hostname);
    const dry = parseNdjson((await runCli(['simulate', '--topic-prefix', 'fleet/{device}/x', '--seed', '4', '-C', '5', '--dry-run'])).stdout);
    assert.ok(dry.every((e) => /^fleet\/mx\d\/x\/junos\/events\//.test(e.topic as string)), JSON.stringify(dry.map((e) => e.topic)));
  });

  test('flap: ifd changes and SNMP link traps, exactly the --dry-run payloads, in order', async () => {
    const sub = await startMosquittoSub(first, 30);
    const sim = await runCli(['simulate', 'flap', '--seed', '8', '-C', '30', '--rate', '1000', '-H', '127.0.0.1', '-p', String(first.port)]);
    assert.equal(sim.code, 0, sim.stderr);
    const dry = parseNdjson((await runCli(['simulate', 'flap', '--seed', '8', '-C', '30', '--rate', '1000', '--dry-run'])).stdout) as { topic: string; payload: string }[];
    assert.equal((await sub.output).toString('utf8'), dry.map((e) => `${e.topic} ${e.payload}\n`).join(''));
    assert.ok(dry.some((e) => e.topic === '/junos/events/syslog/SNMP_TRAP_LINK_DOWN'));
    assert.ok(dry.some((e) => e.topic.startsWith('/junos/events/kernel/interfaces/ifd/change/')));
  });
});

describe('simulate: --dry-run, usage and connection errors', () => {
  test('--dry-run: the same seed gives the same bytes, another seed others', async () => {
    const runs = await Promise.all([7, 7, 8].map((seed) => runCli(['simulate', 'commit', '--seed', String(seed), '-C', '300', '--dry-run'])));
    for (const run of runs) {
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
      assert.equal(parseNdjson(run.stdout).length, 300);
    }
    assert.equal(runs[0]!.stdout, runs[1]!.stdout);
    assert.notEqual(runs[0]!.stdout, runs[2]!.stdout);
  });

  test('--dry-run with --duration and --rate: rate × duration events, device times spaced at the rate', async () => {
    const { code, stdout } = await runCli(['simulate', 'login', '--seed', '1', '--rate', '2', '--duration', '5', '--dry-run']);
    assert.equal(code, 0);
    const times = parseNdjson(stdout).map((e) => JSON.parse(e.payload as string)['jet-event'].time);
    assert.deepEqual(times, ['2026-01-01-00:00:00', '2026-01-01-00:00:00', '2026-01-01-00:00:01', '2026-01-01-00:00:01', '2026-01-01-00:00:02',
      '2026-01-01-00:00:02', '2026-01-01-00:00:03', '2026-01-01-00:00:03', '2026-01-01-00:00:04', '2026-01-01-00:00:04']);
  });

  const usage: [args: string[], message: RegExp][] = [
    [['simulate', 'hurricane'], /^jetsub: scenario 'hurricane': unknown scenario; use one of mixed, flap, churn, commit, login, storm$/m],
    [['simulate', '--rate', '0'], /^jetsub: --rate '0': not a positive number; e\.g\. --rate 100$/m],
    [['simulate', '--devices', '0'], /^jetsub: --devices '0': not a whole number from 1 to 1000/m],
    [['simulate', '--seed', '-1'], /^jetsub: --seed '-1': not a whole number from 0 to 4294967295/m],
    [['simulate', '-C', '1.5'], /^jetsub: --count '1\.5': not a positive whole number/m],
    [['simulate', 'storm', '--duration', '1', '--dry-run'], /^jetsub: --duration: with --dry-run it needs a --rate/m],
    [['simulate', '--share', 'workers'], /^jetsub: --share: simulate publishes; shared subscriptions are for subscribers; leave --share out$/m],
    [['simulate', '--topic-prefix', 'fleet/{device}/{device}'], /^jetsub: --topic-prefix 'fleet\/\{device\}\/\{device\}': \{device\} must be a whole level, once/m],
  ];
  for (const [args, message] of usage) {
    test(`${args.join(' ')}: exit 2 before connecting`, async () => {
      const { code, stdout, stderr } = await runCli([...args, '-H', '127.0.0.1', '-p', '1']);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
    });
  }

  test('a closed port on this host: exit 3 with the reason, no router hint', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await runCli(['simulate', '-H', '127.0.0.1', '-p', String(port), '-C', '1']);
    assert.equal(code, 3);
    assert.equal(stdout, '');
    assert.match(stderr, new RegExp(`^jetsub: cannot connect to mqtt://127\\.0\\.0\\.1:${port}: connection refused`, 'm'));
    assert.match(stderr, /no broker is listening on mqtt:\/\/127\.0\.0\.1:\d+ \(this host\)/);
    assert.doesNotMatch(stderr, /allow-clients/);
  });

  test('a broker that goes away mid-run: exit 3, lost connection', async () => {
    const server = createServer((socket) => socket.once('data', () => {
      socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00])); // CONNACK accepted, then gone
      setTimeout(() => socket.destroy(), 100);
    }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const { code, stderr } = await runCli(['simulate', '-H', '127.0.0.1', '-p', String(port), '--rate', '100']);
    server.close();
    assert.equal(code, 3, stderr);
    assert.match(stderr, new RegExp(`^jetsub: lost the connection to mqtt://127\\.0\\.0\\.1:${port}`, 'm'));
  });
});
