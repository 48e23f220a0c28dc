/**
 * Framing of the broker's byte stream, in front of MQTT.js: the bytes are split into MQTT
 * packets by their fixed header (type byte + remaining length, MQTT 3.1.1 §2.2, 5 §2.1),
 * and each packet is either passed on to MQTT.js unchanged, or handled here:
 *
 * - a PUBLISH whose remaining length is over `maxPayload + FRAME_SLACK` is dropped as its
 *   bytes arrive: only its topic (and packet id) is kept, so memory stays bounded by the
 *   limit whatever the broker sends (a 200 MB PUBLISH costs 200 MB of nothing). It is
 *   reported (onOversize) and, at QoS 1/2, acknowledged (PUBACK / PUBREC) so that the
 *   broker does not send it again. Payloads between the limit and the slack go to MQTT.js
 *   and are skipped by the exact check after decoding (pipeline/stream.ts).
 * - a packet no broker may send (a reserved type, a client-only type, anything before
 *   CONNACK, a remaining length over 4 bytes) is a protocol error: onProtocolError, and
 *   the connection is closed by the caller.
 *
 * `createFramer` is pure (bytes in, slices and reports out); `attachFramer` puts it on a
 * socket. A QoS 0 PUBLISH fast path belongs here too: it would decode the topic and the
 * payload of complete PUBLISH packets itself and pass on only the others.
 */
import type { Socket } from 'node:net';

/** Over the limit by less than this (topic, packet id, MQTT 5 properties), the exact check after decoding decides. */
export const FRAME_SLACK = 128 * 1024;

const PUBLISH = 3;
const PROTOCOL_ERROR = 'ERR_MQTT_PROTOCOL';
/**
 * Packet types a broker may send: CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK,
 * UNSUBACK, PINGRESP; DISCONNECT and AUTH in MQTT 5.
 */
const FROM_BROKER = new Set([2, 3, 4, 5, 6, 7, 9, 11, 13]);
const FROM_BROKER_V5 = new Set([...FROM_BROKER, 14, 15]);
const PACKET_NAMES = [
  'reserved (0)', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP',
  'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH',
];

export interface FramerOptions {
  maxPayload: number;
  protocolVersion: 3 | 4 | 5;
}

export interface FramerHandlers {
  /** Bytes for MQTT.js: whole packets or parts of one, in order. */
  pass(bytes: Buffer): void;
  /** An oversize PUBLISH was dropped; `bytes`: its payload (with MQTT 5 properties). Its acknowledgement, if any, is `ack`. */
  onOversize(topic: string, bytes: number, ack: Buffer | null): void;
  /** The broker broke the protocol; the framer stops (everything after is ignored). */
  onProtocolError(what: string): void;
}

export interface Framer {
  feed(chunk: Buffer): void;
}

type State =
  | { at: 'header'; bytes: number[] }
  /** Passing a packet's body on: `left` bytes to go. */
  | { at: 'pass'; left: number }
  | Dropping
  | { at: 'broken' };

/** Dropping an oversize PUBLISH: its head (topic, packet id) kept while short. */
interface Dropping { at: 'drop'; left: number; total: number; qos: number; head: Buffer[]; headBytes: number }

export function createFramer(options: FramerOptions, handlers: FramerHandlers): Framer {
  const allowed = options.protocolVersion === 5 ? FROM_BROKER_V5 : FROM_BROKER;
  let state: State = { at: 'header', bytes: [] };
  let connacked = false;

  const startPacket = (header: number[], length: number): { at: 'pass'; left: number } | Dropping | string => {
    const type = header[0]! >> 4;
    if (!allowed.has(type)) return `a ${PACKET_NAMES[type]} packet, which no broker sends`;
    if (!connacked && type !== 2) return `a ${PACKET_NAMES[type]} packet before the CONNACK`;
    connacked = true;
    if (type === PUBLISH && length > options.maxPayload + FRAME_SLACK) {
      return { at: 'drop', left: length, total: length, qos: (header[0]! >> 1) & 3, head: [], headBytes: 0 };
    }
    handlers.pass(Buffer.from(header));
    return { at: 'pass', left: length };
  };

  const feedHeader = (s: { bytes: number[] }, chunk: Buffer, i: number): number => {
    s.bytes.push(chunk[i]!);
    if (s.bytes.length === 1 || (s.bytes.at(-1)! & 0x80) !== 0) {
      if (s.bytes.length >= 5) state = broken('a remaining length longer than 4 bytes');
      return i + 1;
    }
    const length = s.bytes.slice(1).reduce((sum, byte, k) => sum + (byte & 0x7f) * 128 ** k, 0);
    const next = startPacket(s.bytes, length);
    state = typeof next === 'string' ? broken(next) : next.at === 'pass' && next.left === 0 ? { at: 'header', bytes: [] } : next;
    return i + 1;
  };

  const broken = (what: string): State => {
    handlers.onProtocolError(what);
    return { at: 'broken' };
  };

  return {
    feed(chunk) {
      let i = 0;
      while (i < chunk.length) {
        const s = state;
        if (s.at === 'broken') return;
        if (s.at === 'header') {
          i = feedHeader(s, chunk, i);
          continue;
        }
        const take = Math.min(s.left, chunk.length - i);
        if (s.at === 'pass') handlers.pass(chunk.subarray(i, i + take));
        else keepHead(s, chunk.subarray(i, i + take));
        s.left -= take;
        i += take;
        if (s.left === 0) {
          if (s.at === 'drop') finishDrop(s, handlers);
          state = { at: 'header', bytes: [] };
        }
      }
    },
  };
}

/** The first bytes of a dropped PUBLISH, up to its topic and packet id; the rest is not kept. */
function keepHead(s: Dropping, bytes: Buffer): void {
  let rest = bytes;
  for (;;) {
    const need = readHeadLength(s) ?? 2;
    if (s.headBytes >= need || rest.length === 0) return;
    const part = rest.subarray(0, need - s.headBytes);
    s.head.push(Buffer.from(part));
    s.headBytes += part.length;
    rest = rest.subarray(part.length);
  }
}

/** Topic length field + topic + packet id (QoS 1/2), once the topic length is known. */
function readHeadLength(s: Dropping): number | null {
  if (s.headBytes < 2) return null;
  const head = Buffer.concat(s.head);
  return 2 + head.readUInt16BE(0) + (s.qos > 0 ? 2 : 0);
}

function finishDrop(s: Dropping, handlers: FramerHandlers): void {
  const head = Buffer.concat(s.head);
  const topicLength = head.length >= 2 ? head.readUInt16BE(0) : 0;
  const topic = head.subarray(2, 2 + topicLength).toString('utf8');
  let ack: Buffer | null = null;
  if (s.qos > 0 && head.length >= 4 + topicLength) {
    const id = head.subarray(2 + topicLength, 4 + topicLength);
    ack = Buffer.from([s.qos === 1 ? 0x40 : 0x50, 0x02, id[0]!, id[1]!]);
  }
  handlers.onOversize(topic, s.total - Math.min(s.total, 2 + topicLength + (s.qos > 0 ? 2 : 0)), ack);
}

/**
 * Puts a framer between a socket and its reader (MQTT.js): the socket's own `push` (which
 * Node's stream machinery calls with each chunk read) goes through the framer first. Every
 * other behaviour of the socket — pause, destroy, events, TLS — is untouched.
 */
export function attachFramer(socket: Socket, options: FramerOptions, report: { onOversize(topic: string, bytes: number): void }): void {
  const push = socket.push.bind(socket);
  let result = true;
  const framer = createFramer(options, {
    pass: (bytes) => (result = push(bytes) && result),
    onOversize(topic, bytes, ack) {
      if (ack !== null) socket.write(ack);
      report.onOversize(topic, bytes);
    },
    // With a code, or MQTT.js would not pass the socket's error on (its streamErrorHandler).
    onProtocolError(what) {
      socket.destroy(Object.assign(new Error(`protocol error from the broker: it sent ${what}`), { code: PROTOCOL_ERROR }));
    },
  });
  socket.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk === null || !Buffer.isBuffer(chunk)) return push(chunk, encoding);
    result = true;
    framer.feed(chunk);
    return result;
  };
}
