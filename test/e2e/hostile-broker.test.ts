/**
 * Brokers that misbehave (issue 17, items 6 and 7), scripted on loopback or a real mosquitto:
 * a 200 MB PUBLISH against --max-payload 1M (dropped while framing, memory bounded), garbage
 * after the CONNACK (a protocol error closes the connection, with the reason), a broker that
 * drops every connection at once (the backoff grows instead of resetting at each CONNACK),
 * and a black hole (the connack timeout said in words).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connectPublisher, publishAll, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { parseNdjson, startCli, waitSubscribed } from '../helpers/cli.js';
import { ifdEvent } from '../helpers/events.js';
import { runBounded } from '../helpers/processes.js';

/** A broker of a few lines: CONNACK, SUBACK and PINGRESP, then `afterSubscribe(socket, n)` (n: the connection's number). */
interface Scripted {
  port: number;
  connections: number[];
  close(): Promise<void>;
}

async function startScripted(afterSubscribe: (socket: Socket, n: number) => void, answer = true): Promise<Scripted> {
  const connections: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    connections.push(Date.now());
    const n = connections.length;
    if (!answer) return;
    socket.on('data', (chunk) => {
      for (let i = 0; i < chunk.length;) {
        const type = chunk[i]! >> 4;
        const length = chunk[i + 1]!;
        if (type === 1) socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00]));
        if (type === 8) {
          socket.write(Buffer.from([0x90, 0x03, chunk[i + 2]!, chunk[i + 3]!, 0x00]));
          afterSubscribe(socket, n);
        }
        if (type === 12) socket.write(Buffer.from([0xd0, 0x00]));
        i += 2 + length;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a 200 MB PUBLISH with --max-payload 1M (mosquitto)', () => {
  let broker: Mosquitto;
  let dir: string;
  before(async () => {
    broker = await startMosquitto();
    dir = mkdtempSync(join(tmpdir(), 'jetsub-huge-'));
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('dropped while framing: reported, the stream goes on, peak RSS far under the payload', async () => {
    const file = join(dir, 'huge.bin');
    writeFileSync(file, Buffer.alloc(200 * 1024 * 1024, 0x61));
    const topic = ifdEvent('ge-0/0/1').topic;
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', '--max-payload', '1M', '-C', '1', '-W', '120']);
    await waitSubscribed(cli);
    const pub = await runBounded('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', topic, '-f', file], { timeoutMs: 90_000 });
    assert.equal(pub.code, 0, pub.stderr);
    await cli.waitFor(/skipped a payload/, { timeoutMs: 90_000 });
    const status = readFileSync(`/proc/${cli.child.pid!}/status`, 'utf8');
    const peakMiB = Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
    const publisher = await connectPublisher(broker.url);
    await publishAll(publisher, [ifdEvent('ge-0/0/2')]);
    await publisher.endAsync();
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => (r.topic_fields as { interface: string }).interface), ['ge-0/0/2']);
    assert.match(stderr, new RegExp(`jetsub: skipped a payload of ${200 * 1024 * 1024} bytes on /junos/events/kernel/interfaces/ifd/change/ge-0/0/1 \\(over --max-payload 1048576\\)\\n`));
    assert.ok(peakMiB < 120, `peak RSS ${peakMiB.toFixed(0)} MiB for a 200 MiB payload`);
  });
});

describe('scripted brokers', () => {
  test('garbage after the CONNACK: the connection is closed with the reason, and reconnected', async () => {
    const broker = await startScripted((socket, n) => {
      if (n === 1) socket.write(Buffer.from([0x00, 0x00, 0xff, 0xfe]));
    });
    try {
      const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd']);
      await cli.waitFor(/connection to mqtt:\/\/127\.0\.0\.1:\d+ lost \(protocol error from the broker: it sent a reserved \(0\) packet, which no broker sends\); reconnecting\n/);
      await cli.waitFor(/gap on /);
      cli.child.kill('SIGTERM');
      const { code, stdout, stderr } = await cli.done;
      assert.equal(code, 0, stderr);
      assert.equal(stdout, '');
    } finally {
      await broker.close();
    }
  });

  test('a broker that drops every connection after a cut packet: the backoff grows (at most 6 connections in 3 s, not ~30)', async () => {
    const broker = await startScripted((socket) => socket.end(Buffer.from([0x30, 0x10, 0x00])));
    try {
      const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd']);
      await cli.waitFor(/subscribed to/);
      const first = broker.connections[0]!;
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const within = broker.connections.filter((at) => at - first <= 3000).length;
      cli.child.kill('SIGTERM');
      const { code, stderr } = await cli.done;
      assert.equal(code, 0, stderr);
      assert.ok(within <= 6, `${within} connections in 3 s`);
      assert.ok(within >= 4, `${within} connections in 3 s: 100, 200, 400, 800 ms apart`);
    } finally {
      await broker.close();
    }
  });

  test('a black hole (TCP accepted, no MQTT answer): exit 3, saying what the connack timeout means', async () => {
    const broker = await startScripted(() => undefined, false);
    try {
      const { code, stdout, stderr } = await startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', '--connect-timeout', '1']).done;
      assert.equal(code, 3, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, /jetsub: cannot connect to mqtt:\/\/127\.0\.0\.1:\d+: connack timeout: the TCP connection opened, but no MQTT answer \(CONNACK\) came within --connect-timeout; the port is not an MQTT broker, or something in the path accepts connections and drops them \(a firewall, a proxy\), or the broker is hung\n {2}on the router: set system services extension-service notification allow-clients/);
    } finally {
      await broker.close();
    }
  });
});
