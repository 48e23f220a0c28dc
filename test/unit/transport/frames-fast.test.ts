import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { describe, test } from 'node:test';
import mqttPacket from 'mqtt-packet';
import { attachFramer, createFramer } from '../../../src/transport/frames.js';

const packet = (p: Record<string, unknown>) => mqttPacket.generate(p as unknown as mqttPacket.Packet);
const publish = (topic: string, payload: string | Buffer, qos: 0 | 1 = 0) =>
  packet({ cmd: 'publish', topic, payload, qos, retain: false, dup: false, ...(qos > 0 ? { messageId: 7 } : {}) });

const CONNACK = packet({ cmd: 'connack', returnCode: 0, sessionPresent: false });
const SUBACK = packet({ cmd: 'suback', messageId: 1, granted: [0] });
const PINGRESP = packet({ cmd: 'pingresp' });
const T = '/junos/events/kernel/interfaces/ifd/change/ge-0/0/1';
const BIG = Buffer.alloc(200_000, 0x61);
const OPTIONS = { maxPayload: 1024 * 1024, protocolVersion: 4 as const };

/** [packet, whether the fast path takes it] */
const STREAM: [Buffer, boolean][] = [
  [CONNACK, false], [SUBACK, false], [publish(T, '{"a":1}'), true], [publish(T, '{"a":2}'), true], [PINGRESP, false],
  [publish(T, '{"q":1}', 1), false], [publish('x/ü', ''), true], [publish(T, BIG), true], [publish(T, '{"a":3}'), true],
];
const bytes = Buffer.concat(STREAM.map(([b]) => b));

function feed(chunks: Buffer[], fast: boolean) {
  const published: [string, string][] = [];
  const other: Buffer[] = [];
  const framer = createFramer(OPTIONS, {
    pass: (b) => other.push(Buffer.from(b)),
    onPublish: (topic, payload) => published.push([topic, payload.toString('latin1')]),
    onOversize: () => assert.fail('no oversize here'),
    onProtocolError: (what) => assert.fail(what),
  });
  framer.fast = fast;
  for (const chunk of chunks) framer.feed(chunk);
  return { published, other: Buffer.concat(other) };
}

function split(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

describe('the QoS 0 fast path of the framer (frames.ts)', () => {
  const expectedPublished = STREAM.filter(([, fast]) => fast).map(([b]) => {
    const parsed = mqttPacket.parser();
    let got: [string, string] = ['', ''];
    parsed.on('packet', (p: mqttPacket.Packet) => {
      const pub = p as mqttPacket.IPublishPacket;
      got = [pub.topic, Buffer.from(pub.payload).toString('latin1')];
    });
    parsed.parse(b);
    return got;
  });
  const expectedOther = Buffer.concat(STREAM.filter(([, fast]) => !fast).map(([b]) => b));

  for (const size of [bytes.length, 65_536, 1000, 7, 1]) {
    test(`chunks of ${size} bytes: QoS 0 publishes decoded, everything else handed on byte for byte, in order`, () => {
      const { published, other } = feed(split(bytes, size), true);
      assert.deepEqual(published, expectedPublished);
      assert.ok(other.equals(expectedOther));
    });
  }

  test('every split point of the small packets gives the same', () => {
    const small = Buffer.concat(STREAM.filter(([b]) => b.length < 1000).map(([b]) => b));
    const whole = feed([small], true);
    for (let at = 1; at < small.length; at++) assert.deepEqual(feed([small.subarray(0, at), small.subarray(at)], true), whole, `split at ${at}`);
  });

  test('fast off (before the SUBACK): MQTT.js gets every byte', () => {
    const { published, other } = feed(split(bytes, 333), false);
    assert.deepEqual(published, []);
    assert.ok(other.equals(bytes));
  });

  test('the same topic bytes give the same string; a different topic a new one', () => {
    const { published } = feed([Buffer.concat([CONNACK, publish('a/b', '1'), publish('a/b', '2'), publish('a/c', '3')])], true);
    assert.deepEqual(published.map(([t]) => t), ['a/b', 'a/b', 'a/c']);
  });

  test('a topic longer than its packet goes to MQTT.js whole (it reports it); the next packet is fast again', () => {
    const bad = Buffer.from([0x30, 0x04, 0x00, 0x09, 0x61, 0x62]);
    for (const size of [1, 3, 1000]) {
      const { published, other } = feed(split(Buffer.concat([CONNACK, publish(T, 'ok'), bad, publish(T, 'after')]), size), true);
      assert.deepEqual(published, [[T, 'ok'], [T, 'after']]);
      assert.ok(other.equals(Buffer.concat([CONNACK, bad])), `chunks of ${size}`);
    }
  });

  test('an oversize QoS 0 PUBLISH is still dropped while framing with the fast path on', () => {
    const reports: string[] = [];
    const published: string[] = [];
    const framer = createFramer({ maxPayload: 10, protocolVersion: 4 }, {
      pass: () => undefined,
      onPublish: (_t, payload) => published.push(payload.toString()),
      onOversize: (topic, n) => reports.push(`${topic} ${n}`),
      onProtocolError: (what) => assert.fail(what),
    });
    framer.feed(CONNACK);
    framer.fast = true;
    framer.feed(Buffer.concat([publish('t', 'small'), publish('t', Buffer.alloc(200_000)), publish('t', 'next')]));
    assert.deepEqual(published, ['small', 'next']);
    assert.deepEqual(reports, ['t 200000']);
  });
});

describe('attachFramer', () => {
  function fakeSocket() {
    const socket = new Duplex({ read: () => undefined, write: (_c, _e, done) => done() }) as unknown as Socket;
    const other: Buffer[] = [];
    socket.on('data', (b: Buffer) => other.push(b));
    return { socket, other };
  }

  test('paused: chunks read meanwhile wait, and push says stop; resumed, they are framed in order', () => {
    const { socket } = fakeSocket();
    const seen: string[] = [];
    const attached = attachFramer(socket, OPTIONS, { onOversize: () => undefined, onPublish: (_t, p) => seen.push(p.toString()) });
    socket.push(CONNACK);
    attached.framer.fast = true;
    assert.equal(socket.push(publish(T, 'one')), true);
    attached.pause();
    assert.equal(socket.push(publish(T, 'two')), false);
    assert.equal(socket.push(publish(T, 'three')), false);
    assert.deepEqual(seen, ['one']);
    attached.resume();
    assert.deepEqual(seen, ['one', 'two', 'three']);
  });

  test('a pause from inside a delivery finishes the chunk and holds the next', () => {
    const { socket } = fakeSocket();
    const seen: string[] = [];
    const attached: ReturnType<typeof attachFramer> = attachFramer(socket, OPTIONS, {
      onOversize: () => undefined,
      onPublish: (_t, p) => {
        seen.push(p.toString());
        if (seen.length === 1) attached.pause();
      },
    });
    socket.push(CONNACK);
    attached.framer.fast = true;
    assert.equal(socket.push(Buffer.concat([publish(T, 'one'), publish(T, 'two')])), false);
    socket.push(publish(T, 'three'));
    assert.deepEqual(seen, ['one', 'two']);
    attached.resume();
    assert.deepEqual(seen, ['one', 'two', 'three']);
  });
});
