import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import mqttPacket from 'mqtt-packet';
import { createPublishFramer, readPacketLength } from '../../../src/transport/publish-frames.js';

const packet = (p: Record<string, unknown>) => mqttPacket.generate(p as unknown as mqttPacket.Packet);
const publish = (topic: string, payload: string | Buffer, qos: 0 | 1 = 0) =>
  packet({ cmd: 'publish', topic, payload, qos, retain: false, dup: false, ...(qos > 0 ? { messageId: 7 } : {}) });

const CONNACK = packet({ cmd: 'connack', returnCode: 0, sessionPresent: false });
const SUBACK = packet({ cmd: 'suback', messageId: 1, granted: [0] });
const PINGRESP = packet({ cmd: 'pingresp' });
const T = '/junos/events/kernel/interfaces/ifd/change/ge-0/0/1';
const BIG = Buffer.alloc(200_000, 0x61);

/** [what, packets, which of them the fast path takes] */
const STREAM: [Buffer, boolean][] = [
  [CONNACK, false], [SUBACK, false], [publish(T, '{"a":1}'), true], [publish(T, '{"a":2}'), true], [PINGRESP, false],
  [publish(T, '{"q":1}', 1), false], [publish('x/ü', ''), true], [publish(T, BIG), true], [publish(T, '{"a":3}'), true],
];
const bytes = Buffer.concat(STREAM.map(([b]) => b));

function feed(chunks: Buffer[], fast: boolean) {
  const published: [string, string][] = [];
  const other: Buffer[] = [];
  const framer = createPublishFramer({ onPublish: (topic, payload) => published.push([topic, payload.toString('latin1')]), onOther: (b) => other.push(Buffer.from(b)) });
  framer.fast = fast;
  for (const chunk of chunks) framer.feed(chunk);
  return { published, other: Buffer.concat(other) };
}

function split(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

describe('QoS 0 PUBLISH frames from the socket', () => {
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

  test('pause inside a delivery holds the rest until resume', () => {
    const seen: string[] = [];
    const framer = createPublishFramer({
      onPublish: (_t, payload) => {
        seen.push(payload.toString());
        if (seen.length === 1) framer.pause();
      },
      onOther: () => undefined,
    });
    framer.fast = true;
    framer.feed(Buffer.concat([publish(T, 'one'), publish(T, 'two')]));
    framer.feed(publish(T, 'three'));
    assert.deepEqual(seen, ['one']);
    assert.equal(framer.paused, true);
    framer.resume();
    assert.deepEqual(seen, ['one', 'two', 'three']);
  });

  test('the same topic bytes give the same string; a different topic a new one', () => {
    const topics: string[] = [];
    const framer = createPublishFramer({ onPublish: (t) => topics.push(t), onOther: () => undefined });
    framer.fast = true;
    framer.feed(Buffer.concat([publish('a/b', '1'), publish('a/b', '2'), publish('a/c', '3')]));
    assert.deepEqual(topics, ['a/b', 'a/b', 'a/c']);
  });

  test('a remaining length of five bytes is not MQTT: MQTT.js gets it all and reports it', () => {
    const bad = Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00]);
    const { published, other } = feed([publish(T, 'ok'), bad, publish(T, 'after')], true);
    assert.deepEqual(published, [[T, 'ok']]);
    assert.ok(other.equals(Buffer.concat([bad, publish(T, 'after')])));
  });

  const lengths: [number[], number][] = [
    [[0x30, 0x00], 2], [[0x30, 0x7f], 129], [[0x30, 0x80, 0x01], 131], [[0x30, 0x80], -1], [[0x30], -1],
  ];
  for (const [header, length] of lengths) {
    test(`packet length of ${header.map((b) => b.toString(16)).join(' ')} is ${length}`, () => assert.equal(readPacketLength(Buffer.from(header), 0), length));
  }
});
