/**
 * Faults against a real mosquitto that the tests kill, stop and restart: a crashed broker
 * (SIGKILL) and a hung one (SIGSTOP), giving up for scripts (--max-reconnects,
 * --give-up-after), subscriptions the broker refuses, and two tails side by side.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { MqttClient } from 'mqtt';
import { connectPublisher, publishAll, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { parseNdjson, startCli, waitSubscribed } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { ifdEvent, syslogEvent } from '../helpers/events.js';

const ifd = (name: string, seq = 0) => ifdEvent(name, { attributes: { seq } });
const syslog = (id: string) => syslogEvent(id, 'test');

const validateGap = new Ajv2020({ strict: false, validateFormats: false }).compile(JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'gap.schema.json'), 'utf8')) as object);

describe('a broker that crashes, hangs, or stays away (mosquitto)', () => {
  let broker: Mosquitto;
  const common = () => ['-H', '127.0.0.1', '-p', String(broker.port)];
  before(async () => {
    broker = await startMosquitto();
  });
  after(async () => {
    await broker.stop();
  });

  test('SIGKILL mid-stream, back 2 s later: reconnected within 2 s, subscribed again, the gap on stderr and as a record', async () => {
    const cli = startCli(['tail', ...common(), '--ifd', '--mark-gaps', '-C', '2', '-W', '30']);
    await waitSubscribed(cli);
    let publisher = await connectPublisher(broker.url);
    await publishAll(publisher, [ifd('ge-0/0/1')]);
    await cli.waitFor(/ge-0\/0\/1/, { stream: 'stdout' });
    await publisher.endAsync(true);
    const killedAt = Date.now();
    await broker.stop('SIGKILL');
    await cli.waitFor(/connection to \S+ lost \(the broker closed the connection\); reconnecting/);
    // Long enough for the backoff to reach its cap (100 ms doubling to 1.5 s).
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await broker.start();
    const backAt = Date.now();
    await cli.waitFor(/gap on /, { timeoutMs: 5000 });
    assert.ok(Date.now() - backAt < 2000, `reconnected ${Date.now() - backAt} ms after the broker was back`);
    await waitSubscribed(cli, 2);
    publisher = await connectPublisher(broker.url);
    await publishAll(publisher, [ifd('ge-0/0/2')]);
    const { code, stdout, stderr } = await cli.done;
    await publisher.endAsync();
    assert.equal(code, 0, stderr);
    const records = parseNdjson(stdout);
    assert.deepEqual(records.map((r) => r.type), ['event', 'gap', 'event'], 'the gap record does not count towards -C');
    const gap = records[1]!;
    assert.ok(validateGap(gap), JSON.stringify(validateGap.errors));
    const from = Date.parse(gap.from as string);
    const to = Date.parse(gap.to as string);
    assert.ok(from >= killedAt - 50 && from <= killedAt + 1000, 'the gap starts when the broker died');
    assert.ok(to >= backAt && to - from >= 2000, 'and ends when it was back');
    const gapLines = stderr.split('\n').filter((line) => /\bgap\b/.test(line));
    assert.equal(gapLines.length, 1, stderr);
    assert.match(gapLines[0]!, new RegExp(`^jetsub: gap on 127\\.0\\.0\\.1:${broker.port}: connection lost at ${gap.from}, back at ${gap.to} \\([\\d.]+ s\\); events published meanwhile are lost$`));
  });

  test('--max-reconnects 2: exit 3 after two failed attempts, naming the broker and the reason', async () => {
    const cli = startCli(['tail', ...common(), '--ifd', '--max-reconnects', '2']);
    await waitSubscribed(cli);
    await broker.stop();
    const started = Date.now();
    const { code, stdout, stderr } = await cli.done;
    await broker.start();
    assert.equal(code, 3, stderr);
    assert.equal(stdout, '');
    assert.ok(Date.now() - started < 3000, 'backoff 100 ms + 200 ms, not minutes');
    assert.match(stderr, new RegExp(`jetsub: gave up on mqtt://127\\.0\\.0\\.1:${broker.port} after 2 failed reconnect attempts \\(--max-reconnects\\): connection refused`));
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  test('--give-up-after 1: exit 3 about a second after the loss, saying since when', async () => {
    const cli = startCli(['tail', ...common(), '--ifd', '--give-up-after', '1']);
    await waitSubscribed(cli);
    await broker.stop();
    const stoppedAt = Date.now();
    const { code, stdout, stderr } = await cli.done;
    const took = Date.now() - stoppedAt;
    await broker.start();
    assert.equal(code, 3, stderr);
    assert.equal(stdout, '');
    assert.ok(took >= 900 && took < 2500, `gave up after ${took} ms`);
    assert.match(stderr, /jetsub: gave up on mqtt:\/\/127\.0\.0\.1:\d+: not back within 1 s of losing it at \S+Z \(--give-up-after\): connection refused/);
  });

  test('a hung broker (SIGSTOP): keepalive notices, --give-up-after ends it with exit 3', async () => {
    const cli = startCli(['tail', ...common(), '--ifd', '-k', '1', '--give-up-after', '1']);
    await waitSubscribed(cli);
    const pid = brokerPid(broker);
    process.kill(pid, 'SIGSTOP');
    try {
      const { code, stdout, stderr } = await cli.done;
      assert.equal(code, 3, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, /connection to \S+ lost \(no answer to keepalive pings \(a hung broker or a broken network path\)\); reconnecting/);
      assert.match(stderr, /gave up on \S+: not back within 1 s/);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });

  test('by default jetsub keeps trying, like mosquitto_sub: still waiting after 3 s without a broker', async () => {
    const cli = startCli(['tail', ...common(), '--ifd', '-C', '1']);
    await waitSubscribed(cli);
    await broker.stop();
    await cli.waitFor(/reconnecting/);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(cli.child.exitCode, null, 'still running');
    await broker.start();
    await cli.waitFor(/gap on /, { timeoutMs: 3000 });
    const publisher = await connectPublisher(broker.url);
    await publishAll(publisher, [ifd('ge-0/0/9')]);
    await publisher.endAsync();
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(parseNdjson(stdout).length, 1);
  });

  test('two tails with default client ids run side by side, and each gets every event', async () => {
    const first = startCli(['tail', ...common(), '--ifd', '-C', '50', '-W', '20']);
    const second = startCli(['tail', ...common(), '--ifd', '-C', '50', '-W', '20']);
    await Promise.all([waitSubscribed(first), waitSubscribed(second)]);
    const ids = [first, second].map((cli) => /as (jetsub-[0-9a-f]+)/.exec(cli.stderr)?.[1]);
    assert.notEqual(ids[0], ids[1]);
    const publisher = await connectPublisher(broker.url);
    await publishAll(publisher, Array.from({ length: 50 }, (_, i) => ifd(`ge-0/0/${i % 8}`, i)));
    await publisher.endAsync();
    for (const cli of [first, second]) {
      const { code, stdout, stderr } = await cli.done;
      assert.equal(code, 0, stderr);
      assert.doesNotMatch(stderr, /lost|gap/, 'neither kicked the other off');
      const seqs = parseNdjson(stdout).map((r) => (r.event as { attributes: { seq: number } }).attributes.seq);
      assert.deepEqual(seqs, Array.from({ length: 50 }, (_, i) => i));
    }
  });
});

/** mosquitto's pid, from /proc: the helper does not expose its child. */
function brokerPid(broker: Mosquitto): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline[0]?.endsWith('mosquitto') && cmdline.includes(join(broker.dir, 'mosquitto.conf'))) return Number(entry);
    } catch {
      // a process that ended meanwhile
    }
  }
  throw new Error(`no mosquitto process for ${broker.dir}`);
}

/**
 * mosquitto 2.0's acl_file never refuses a SUBSCRIBE (it filters deliveries instead); its
 * dynamic-security plugin does, with subscribe ACLs. Anonymous clients may subscribe under
 * /junos/events/kernel/ only.
 */
function findDynsecPlugin(): string {
  const candidates = ['/usr/lib', ...readdirSync('/usr/lib').map((d) => join('/usr/lib', d))]
    .map((dir) => join(dir, 'mosquitto_dynamic_security.so'));
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error('mosquitto_dynamic_security.so not found (Debian package mosquitto)');
  return found;
}

function kernelOnlyConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jetsub-dynsec-'));
  chmodSync(dir, 0o755);
  const file = join(dir, 'dynamic-security.json');
  writeFileSync(file, JSON.stringify({
    defaultACLAccess: { publishClientSend: true, publishClientReceive: true, subscribe: false, unsubscribe: true },
    clients: [],
    groups: [{ groupname: 'anonymous', roles: [{ rolename: 'kernel-only' }], clients: [] }],
    roles: [{ rolename: 'kernel-only', acls: [{ acltype: 'subscribePattern', topic: '/junos/events/kernel/#', priority: 0, allow: true }] }],
    anonymousGroup: 'anonymous',
  }));
  chmodSync(file, 0o666);
  return [`plugin ${findDynsecPlugin()}`, `plugin_opt_config_file ${file}`].join('\n');
}

describe('subscriptions the broker refuses (SUBACK failure)', () => {
  let broker: Mosquitto;
  let publisher: MqttClient;
  const common = () => ['-H', '127.0.0.1', '-p', String(broker.port)];
  before(async () => {
    broker = await startMosquitto({ extraConfig: kernelOnlyConfig() });
    publisher = await connectPublisher(broker.url);
  });
  after(async () => {
    await publisher.endAsync();
    await broker.stop();
  });

  for (const version of ['3.1.1', '5']) {
    test(`MQTT ${version}: one filter refused: a stderr line naming it (even with --quiet), the others go on`, async () => {
      const cli = startCli(['tail', ...common(), '-V', version, '--ifd', '--syslog', '--quiet', '-C', '1', '-W', '20']);
      await cli.waitFor(/rejected the subscription/);
      await publishAll(publisher, [syslog('UI_COMMIT_COMPLETED'), ifd('ge-0/0/3')]);
      const { code, stdout, stderr } = await cli.done;
      assert.equal(code, 0, stderr);
      assert.deepEqual(parseNdjson(stdout).map((r) => r.topic), ['/junos/events/kernel/interfaces/ifd/change/ge-0/0/3']);
      const code5 = version === '5' ? '0x87 not authorized' : '0x80 refused';
      assert.equal(stderr, `jetsub: the broker rejected the subscription to /junos/events/syslog/+ (SUBACK ${code5}): its events will not arrive\n`);
    });

    test(`MQTT ${version}: every filter refused: exit 3, naming them`, async () => {
      const cli = startCli(['tail', ...common(), '-V', version, '--syslog', '--config-update', '-W', '20']);
      const { code, stdout, stderr } = await cli.done;
      assert.equal(code, 3, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, /the broker rejected the subscription to \/junos\/events\/syslog\/\+/);
      assert.match(stderr, /the broker rejected the subscription to \/junos\/events\/genpub\/config-update/);
      assert.match(stderr, /jetsub: the broker at mqtt:\/\/127\.0\.0\.1:\d+ rejected every subscription \(\/junos\/events\/syslog\/\+, \/junos\/events\/genpub\/config-update\); check the broker's ACL for this user\n$/);
    });
  }
});
