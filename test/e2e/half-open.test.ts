/**
 * A half-open link (issue 17, item 2): jetsub runs in a network namespace joined by a veth
 * pair to a real mosquitto, and iptables DROP inside the namespace makes the link go silent
 * without closing anything. The gap must run from the last sign of life (the last packet
 * received), not from when keepalive noticed the silence; an outage still open when jetsub
 * ends is a gap too, up to the end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectPublisher, freePort, publishAll, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { JETSUB_BIN, parseNdjson, startCli, waitSubscribed } from '../helpers/cli.js';
import { ifdEvent } from '../helpers/events.js';
import { createNetns, type Netns } from '../helpers/netns.js';

describe('a half-open link (netns + veth + iptables DROP)', () => {
  let ns: Netns;
  let broker: Mosquitto;
  let url: string;
  before(async () => {
    ns = await createNetns();
    const port = await freePort();
    broker = await startMosquitto({ port, listener: `listener ${port} ${ns.hostAddress}` });
    url = `mqtt://${ns.hostAddress}:${port}`;
  });
  after(async () => {
    await broker.stop();
    await ns.remove();
  });
  const startInNs = (args: string[]) => startCli(['tail', '-H', ns.hostAddress, '-p', String(broker.port), ...args], { command: [...ns.exec, process.execPath, JETSUB_BIN] });
  const publish = async (name: string) => {
    const publisher = await connectPublisher(url);
    await publishAll(publisher, [ifdEvent(name)]);
    await publisher.endAsync();
  };

  test('-k 2: the gap starts at the last packet before the silence, not when keepalive noticed it', async () => {
    const cli = startInNs(['--ifd', '-k', '2', '--mark-gaps', '-C', '2', '-W', '60']);
    try {
      await waitSubscribed(cli);
      await publish('ge-0/0/1');
      await cli.waitFor(/ge-0\/0\/1/, { stream: 'stdout' });
      const dropAt = Date.now();
      await ns.drop();
      await cli.waitFor(/connection to \S+ lost \(no answer to keepalive pings \(a hung broker or a broken network path\)\); reconnecting/, { timeoutMs: 15_000 });
      const noticedAt = Date.now();
      await ns.restore();
      await cli.waitFor(/gap on /, { timeoutMs: 15_000 });
      await publish('ge-0/0/2');
      const { code, stdout, stderr } = await cli.done;
      assert.equal(code, 0, stderr);
      const records = parseNdjson(stdout);
      assert.deepEqual(records.map((r) => r.type), ['event', 'gap', 'event'], stdout);
      const from = Date.parse(records[1]!.from as string);
      assert.ok(from <= dropAt, `the gap starts ${from - dropAt} ms after the link went silent`);
      assert.ok(dropAt - from < 3000, `the last sign of life is within one keepalive (2 s) of the silence: ${dropAt - from} ms`);
      assert.ok(noticedAt - from >= 1000, 'the loss was noticed later than it began');
      assert.match(stderr, /gap on \S+: connection lost at \S+Z, back at \S+Z \([\d.]+ s\); events published meanwhile are lost\n/);
    } finally {
      await ns.restore().catch(() => undefined);
    }
  });

  test('SIGTERM while the link is still silent: exit 0 at once, the open outage written as a gap up to the end, and said', async () => {
    const cli = startInNs(['--ifd', '-k', '2', '--mark-gaps']);
    try {
      await waitSubscribed(cli);
      await publish('ge-0/0/3');
      await cli.waitFor(/ge-0\/0\/3/, { stream: 'stdout' });
      const dropAt = Date.now();
      await ns.drop();
      await cli.waitFor(/reconnecting/, { timeoutMs: 15_000 });
      const endAt = Date.now();
      cli.child.kill('SIGTERM');
      const { code, signal, stdout, stderr } = await cli.done;
      const took = Date.now() - endAt;
      assert.equal(signal, null, stderr);
      assert.equal(code, 0, stderr);
      assert.ok(took < 1500, `exit took ${took} ms`);
      const records = parseNdjson(stdout);
      assert.deepEqual(records.map((r) => r.type), ['event', 'gap'], stdout);
      const from = Date.parse(records[1]!.from as string);
      const to = Date.parse(records[1]!.to as string);
      assert.ok(from <= dropAt, `from ${from - dropAt} ms after the silence`);
      assert.ok(to >= endAt && to <= endAt + took, 'to: the end');
      assert.match(stderr, new RegExp(`jetsub: gap on ${ns.hostAddress.replace(/\./g, '\\.')}:\\d+: connection lost at ${records[1]!.from as string}, still lost when jetsub ended at ${records[1]!.to as string} \\([\\d.]+ s\\); events published meanwhile are lost\\n`));
    } finally {
      await ns.restore().catch(() => undefined);
    }
  });
});
