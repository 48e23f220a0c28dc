import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FRAME_SLACK, createFramer } from '../../../src/transport/frames.js';

const CONNACK = Buffer.from([0x20, 0x02, 0x00, 0x00]);
const PINGRESP = Buffer.from([0xd0, 0x00]);

/** A PUBLISH with a remaining length written in as many bytes as it needs. */
function publish(topic: string, payloadBytes: number, qos = 0, id = 7): Buffer {
  const packetId = qos > 0 ? Buffer.from([id >> 8, id & 0xff]) : Buffer.alloc(0);
  const head = Buffer.concat([Buffer.from([topic.length >> 8, topic.length & 0xff]), Buffer.from(topic), packetId]);
  const length = head.length + payloadBytes;
  const varint: number[] = [];
  let rest = length;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    varint.push(byte);
  } while (rest > 0);
  return Buffer.concat([Buffer.from([0x30 | (qos << 1), ...varint]), head, Buffer.alloc(payloadBytes, 0x61)]);
}

/** Feeds `bytes` in chunks of `size`; returns what was passed on and what was reported. */
function run(bytes: Buffer, size: number, maxPayload = 1000) {
  const passed: Buffer[] = [];
  const reports: string[] = [];
  const framer = createFramer({ maxPayload, protocolVersion: 4 }, {
    pass: (b) => passed.push(Buffer.from(b)),
    onOversize: (topic, n, ack) => reports.push(`oversize ${topic} ${n}${ack ? ` ack ${ack.toString('hex')}` : ''}`),
    onProtocolError: (what) => reports.push(`error: ${what}`),
  });
  for (let i = 0; i < bytes.length; i += size) framer.feed(bytes.subarray(i, i + size));
  return { passed: Buffer.concat(passed), reports };
}

describe('createFramer', () => {
  const big = 1000 + FRAME_SLACK + 1;
  const CASES: readonly [string, Buffer, Buffer, string[]][] = [
    ['packets within the limit pass unchanged', Buffer.concat([CONNACK, publish('a/b', 10), PINGRESP]), Buffer.concat([CONNACK, publish('a/b', 10), PINGRESP]), []],
    ['a payload under limit + slack passes (the exact check is after decoding)', Buffer.concat([CONNACK, publish('t', 1000 + FRAME_SLACK - 10)]), Buffer.concat([CONNACK, publish('t', 1000 + FRAME_SLACK - 10)]), []],
    ['an oversize QoS 0 PUBLISH is dropped, the next packet passes', Buffer.concat([CONNACK, publish('x/y', big), PINGRESP]), Buffer.concat([CONNACK, PINGRESP]), [`oversize x/y ${big}`]],
    ['an oversize QoS 1 PUBLISH is acknowledged (PUBACK with its id)', Buffer.concat([CONNACK, publish('q', big, 1, 0x0102)]), CONNACK, [`oversize q ${big} ack 40020102`]],
    ['QoS 2: PUBREC', Buffer.concat([CONNACK, publish('q', big, 2, 9)]), CONNACK, [`oversize q ${big} ack 50020009`]],
    ['a reserved packet type after CONNACK is a protocol error', Buffer.concat([CONNACK, Buffer.from([0x00, 0x00, 0x30])]), CONNACK, ['error: a reserved (0) packet, which no broker sends']],
    ['a client-only packet (SUBSCRIBE)', Buffer.concat([CONNACK, Buffer.from([0x82, 0x00])]), CONNACK, ['error: a SUBSCRIBE packet, which no broker sends']],
    ['anything before the CONNACK', publish('a', 1), Buffer.alloc(0), ['error: a PUBLISH packet before the CONNACK']],
    ['a remaining length over 4 bytes', Buffer.concat([CONNACK, Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])]), CONNACK, ['error: a remaining length longer than 4 bytes']],
  ];
  for (const [name, input, passed, reports] of CASES) {
    for (const size of [1, 3, 4096, 1 << 20]) {
      it(`${name} (chunks of ${size})`, () => {
        const result = run(input, size);
        assert.deepEqual(result.reports, reports);
        assert.ok(result.passed.equals(passed), `passed ${result.passed.length} bytes, expected ${passed.length}`);
      });
    }
  }
});
