/**
 * A fleet whose connections meet on one broker: one mosquitto listening on several ports
 * (a `listener` line each), as a central broker reached under several names is. Every
 * connection needs a client id of its own, and `--shard i/n` splits the devices between
 * processes so that together they cover each exactly once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connectPublisher, freePort, publishAll, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { parseNdjson, startCli, waitSubscribed } from '../helpers/cli.js';
import { ifdChange } from '../helpers/events.js';

const PORTS = 6;

describe('one broker, many ports', () => {
  let broker: Mosquitto;
  let ports: number[];
  before(async () => {
    ports = [];
    for (let i = 0; i < PORTS; i++) ports.push(await freePort());
    broker = await startMosquitto({ port: ports[0], listener: ports.map((p) => `listener ${p} 127.0.0.1`).join('\n') });
  });
  after(() => broker.stop());

  test('two devices on two ports of one broker, one -i: each its own client id, neither kicked off', async () => {
    const cli = startCli(['tail', '-H', `a=127.0.0.1:${ports[0]}`, '-H', `b=127.0.0.1:${ports[1]}`, '-i', 'ids-e2e', '--ifd', '-C', '4', '-W', '30']);
    await waitSubscribed(cli, 2);
    const publisher = await connectPublisher(broker.url);
    await publishAll(publisher, [ifdChange('ge-0/0/1'), ifdChange('ge-0/0/2')]);
    const { code, stdout, stderr } = await cli.done;
    await publisher.endAsync();
    assert.equal(code, 0, stderr);
    assert.match(stderr, /\[a\] connecting to mqtt:\/\/127\.0\.0\.1:\d+ as ids-e2e-a/);
    assert.match(stderr, /\[b\] connecting to mqtt:\/\/127\.0\.0\.1:\d+ as ids-e2e-b/);
    assert.doesNotMatch(stderr, /lost|gap|reconnecting/);
    const seen = parseNdjson(stdout).map((r) => `${r.device} ${(r.topic_fields as { interface: string }).interface}`).sort();
    assert.deepEqual(seen, ['a ge-0/0/1', 'a ge-0/0/2', 'b ge-0/0/1', 'b ge-0/0/2']);
  });

  test('three processes with --shard 1/3, 2/3, 3/3 of one hosts file cover every device exactly once', async () => {
    const hostsFile = join(mkdtempSync(join(tmpdir(), 'jetsub-shard-')), 'hosts');
    const names = ports.map((p, i) => `r${i}=127.0.0.1:${p}`);
    writeFileSync(hostsFile, `# one broker, ${PORTS} names\n${names.join('\n')}\n`);
    const workers = [1, 2, 3].map((i) => startCli(['tail', '--hosts-file', hostsFile, '--shard', `${i}/3`, '--ifd', '-C', '2', '-W', '30']));
    await Promise.all(workers.map((w) => waitSubscribed(w, 2)));
    const publisher = await connectPublisher(broker.url);
    await publishAll(publisher, [ifdChange('ge-0/0/7')]);
    const results = await Promise.all(workers.map((w) => w.done));
    await publisher.endAsync();
    for (const r of results) {
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /lost|gap|reconnecting/);
    }
    const perWorker = results.map((r) => parseNdjson(r.stdout).map((record) => String(record.device)));
    assert.deepEqual(perWorker.map((d) => d.length), [2, 2, 2]);
    assert.deepEqual(perWorker.flat().sort(), ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
  });

  test('--shard 4/3 exits 2 before any socket opens', async () => {
    const cli = startCli(['tail', '-H', `127.0.0.1:${ports[0]}`, '--shard', '4/3']);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /--shard '4\/3': not a shard of the form i\/n with 1 <= i <= n; e\.g\. --shard 1\/4/);
    assert.doesNotMatch(stderr, /connecting/);
  });
});
