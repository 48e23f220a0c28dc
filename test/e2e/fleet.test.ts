/**
 * From one router to a fleet, with real mosquitto processes on loopback: fan-in from several
 * brokers, a "router" broker bridged into a "central" one under a per-device prefix, and
 * MQTT 5 shared subscriptions splitting one stream between two jetsub workers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { connectPublisher, freePort, publishAll, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { parseNdjson, runCli, startCli, waitSubscribed } from '../helpers/cli.js';
import { ifdChange } from '../helpers/events.js';

describe('fan-in from several routers', () => {
  let mx1: Mosquitto;
  let mx2: Mosquitto;
  before(async () => {
    [mx1, mx2] = await Promise.all([startMosquitto(), startMosquitto()]);
  });
  after(async () => {
    await Promise.all([mx1.stop(), mx2.stop()]);
  });

  test('every record carries its device; one router down never stops the other', async () => {
    const hostsFile = join(mkdtempSync(join(tmpdir(), 'jetsub-hosts-')), 'hosts');
    writeFileSync(hostsFile, `# lab routers\nmx2=127.0.0.1:${mx2.port}   # the second one\n\n`);
    const cli = startCli(['tail', '--host', `mx1=127.0.0.1:${mx1.port}`, '--hosts-file', hostsFile, '--ifd', '-C', '3', '-W', '30']);
    await waitSubscribed(cli, 2);
    assert.match(cli.stderr, /\[mx1\] subscribed to/);
    assert.match(cli.stderr, /\[mx2\] subscribed to/);
    const [p1, p2] = await Promise.all([connectPublisher(mx1.url), connectPublisher(mx2.url)]);
    await publishAll(p1, [ifdChange('ge-0/0/1')]);
    await cli.waitFor(/ge-0\/0\/1/, { stream: 'stdout' });
    await publishAll(p2, [ifdChange('ge-0/0/2', 'mx2')]);
    await cli.waitFor(/ge-0\/0\/2/, { stream: 'stdout' });
    await p1.endAsync(true);
    await mx1.stop();
    await cli.waitFor(/\[mx1\] connection to \S+ lost/);
    await publishAll(p2, [ifdChange('ge-0/0/3', 'mx2')]);
    const { code, stdout, stderr } = await cli.done;
    await p2.endAsync();
    await mx1.start();
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => [r.device, (r.topic_fields as { interface: string }).interface]), [
      ['mx1', 'ge-0/0/1'], ['mx2', 'ge-0/0/2'], ['mx2', 'ge-0/0/3'],
    ]);
  });

  test('a device unreachable at start is a warning, and joins when it comes up', async () => {
    const port = await freePort();
    const cli = startCli(['tail', '--host', `mx1=127.0.0.1:${mx1.port}`, '--host', `lab9=127.0.0.1:${port}`, '--ifd', '-C', '1', '-W', '30']);
    await cli.waitFor(/\[lab9\] cannot connect to mqtt:\/\/127\.0\.0\.1:\d+: connection refused.*; retrying in the background/);
    await waitSubscribed(cli);
    const late = await startMosquitto({ port });
    await cli.waitFor(/\[lab9\] subscribed to/);
    const publisher = await connectPublisher(late.url);
    await publishAll(publisher, [ifdChange('xe-0/0/9:1', 'lab9')]);
    const { code, stdout, stderr } = await cli.done;
    await publisher.endAsync();
    await late.stop();
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.device), ['lab9']);
  });

  test('two devices on one broker get client ids of their own (neither kicks the other off)', async () => {
    const cli = startCli(['tail', '--host', `a=127.0.0.1:${mx2.port}`, '--host', `b=127.0.0.1:${mx2.port}`, '--ifd', '-C', '2', '-W', '30']);
    await waitSubscribed(cli, 2);
    const publisher = await connectPublisher(mx2.url);
    await publishAll(publisher, [ifdChange('ge-0/0/4')]);
    const { code, stdout, stderr } = await cli.done;
    await publisher.endAsync();
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.device).sort(), ['a', 'b']);
    assert.doesNotMatch(stderr, /lost|gap/);
  });

  test('exit 3 only when no device could be reached, naming each', async () => {
    const [a, b] = [await freePort(), await freePort()];
    const { code, stdout, stderr } = await runCli(['tail', '--host', `r1=127.0.0.1:${a}`, '--host', `r2=127.0.0.1:${b}`]);
    assert.equal(code, 3);
    assert.equal(stdout, '');
    assert.match(stderr, /no device could be reached:\n {2}r1: cannot connect .*no broker is listening.*\n {2}r2: cannot connect .*no broker is listening.*\n$/);
  });
});

describe('beyond one machine: a router bridged into a central broker', () => {
  let router: Mosquitto;
  let central: Mosquitto;
  let publisher: MqttClient;
  before(async () => {
    router = await startMosquitto();
    // The mosquitto bridge of docs/fleet.md, per device prefix fleet/<name>.
    central = await startMosquitto({
      extraConfig: [
        'connection mx7', `address 127.0.0.1:${router.port}`, 'bridge_protocol_version mqttv311',
        'try_private false', 'cleansession true', 'topic /junos/events/# in 0 fleet/mx7 ""',
      ].join('\n'),
    });
    publisher = await connectPublisher(router.url);
  });
  after(async () => {
    await publisher.endAsync();
    await Promise.all([central.stop(), router.stop()]);
  });

  test("--topic-prefix 'fleet/{device}': events from the router arrive with the right device", async () => {
    const cli = startCli(['tail', '-H', `central=127.0.0.1:${central.port}`, '--topic-prefix', 'fleet/{device}', '--ifd', 'ge-0/0/*', '-C', '2', '-W', '30']);
    await waitSubscribed(cli);
    assert.match(cli.stderr, /subscribed to fleet\/\+\/junos\/events\/kernel\/interfaces\/ifd\/\+\/ge-0\/0\/\+/);
    // The bridge connects in the background: publish until the first event comes through.
    for (let i = 0; !/ge-0\/0\/1"/.test(cli.stdout) && cli.child.exitCode === null && i < 100; i++) {
      await publishAll(publisher, [ifdChange('ge-0/0/1')]);
      await new Promise((r) => setTimeout(r, 100));
    }
    await publishAll(publisher, [ifdChange('ae0'), ifdChange('ge-0/0/2')]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    const records = parseNdjson(stdout);
    assert.deepEqual(records.map((r) => [r.device, r.topic]).slice(-1), [['mx7', '/junos/events/kernel/interfaces/ifd/change/ge-0/0/2']]);
    assert.ok(records.every((r) => r.device === 'mx7' && r.valid === true && String(r.topic).startsWith('/junos/events/')));
  });

  test('two --share workers split 10,000 events: disjoint sets whose union is all', async () => {
    const total = 10_000;
    const args = ['tail', '-H', `127.0.0.1:${central.port}`, '-V', '5', '--share', 'workers', '--syslog', '--quiet'];
    const workers = [startCli(args), startCli(args)];
    const direct = await connectPublisher(central.url);
    // Readiness: both workers subscribed (--quiet hides status lines), probed until each has seen one.
    const probe = setInterval(() => void direct.publishAsync('/junos/events/syslog/PROBE', '{}'), 50);
    try {
      await Promise.all(workers.map((w) => w.waitFor(/PROBE/, { stream: 'stdout', timeoutMs: 20_000 })));
    } finally {
      clearInterval(probe);
    }
    const messages = Array.from({ length: total }, (_, i) => ({ topic: `/junos/events/syslog/EV_${i}`, payload: `{"n":${i}}` }));
    await publishAll(direct, messages);
    const complete = (text: string) => text.slice(0, text.lastIndexOf('\n') + 1);
    const ids = () => workers.map((w) => parseNdjson(complete(w.stdout)).map((r) => String(r.topic)).filter((t) => t.includes('/EV_')));
    const running = () => workers.every((w) => w.child.exitCode === null);
    for (let i = 0; i < 400 && ids().flat().length < total && running(); i++) await new Promise((r) => setTimeout(r, 50));
    workers.forEach((w) => w.child.kill('SIGTERM'));
    const results = await Promise.all(workers.map((w) => w.done));
    await direct.endAsync();
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const [a, b] = ids() as [string[], string[]];
    assert.ok(a.length > 0 && b.length > 0, `both workers got a share (${a.length}, ${b.length})`);
    assert.equal(new Set([...a, ...b]).size, total, 'the union is every event');
    assert.equal(a.length + b.length, total, 'no event went to both');
  });
});
