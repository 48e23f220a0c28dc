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
 * - with `fast` on (QoS 0 over MQTT 3.1.1, once the SUBACK is in: ./connection.ts), a QoS 0
 *   PUBLISH is decoded here and handed to onPublish, past MQTT.js: the topic a string reused
 *   while its bytes repeat, the payload a view of the socket's buffer when the packet is
 *   whole in one chunk (joined once when it comes in pieces). A malformed one (a topic
 *   longer than the packet) goes on to MQTT.js as bytes, which reports it.
 *
 * `createFramer` is pure (bytes in, slices and reports out); `attachFramer` puts it on a
 * socket.
 */
import type { Socket } from 'node:net';

/** Over the limit by less than this (topic, packet id, MQTT 5 properties), the exact check after decoding decides. */
export const FRAME_SLACK = 128 * 1024;

const PUBLISH = 3;
const EMPTY = Buffer.alloc(0);
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
  /** A QoS 0 PUBLISH while `fast` is on; `payload` may be a view of the socket's buffer. */
  onPublish?(topic: string, payload: Buffer): void;
  /** An oversize PUBLISH was dropped; `bytes`: its payload (with MQTT 5 properties). Its acknowledgement, if any, is `ack`. */
  onOversize(topic: string, bytes: number, ack: Buffer | null): void;
  /** The broker broke the protocol; the framer stops (everything after is ignored). */
  onProtocolError(what: string): void;
}

export interface Framer {
  feed(chunk: Buffer): void;
  /** QoS 0 PUBLISH packets to onPublish instead of MQTT.js (off until the subscription is acknowledged). */
  fast: boolean;
}

type State =
  | { at: 'header'; bytes: number[] }
  /** Passing a packet's body on: `left` bytes to go. */
  | { at: 'pass'; left: number }
  /** A QoS 0 PUBLISH for onPublish, in pieces: `left` bytes to go. */
  | Collecting
  | Dropping
  | { at: 'broken' };

interface Collecting { at: 'collect'; left: number; header: number[]; parts: Buffer[] }

/** Dropping an oversize PUBLISH: its head (topic, packet id) kept while short. */
interface Dropping { at: 'drop'; left: number; total: number; qos: number; head: Buffer[]; headBytes: number }

export function createFramer(options: FramerOptions, handlers: FramerHandlers): Framer {
  const allowed = options.protocolVersion === 5 ? FROM_BROKER_V5 : FROM_BROKER;
  let state: State = { at: 'header', bytes: [] };
  let connacked = false;
  const maxLength = options.maxPayload + FRAME_SLACK;
  const readTopic = createTopicReader();

  const startPacket = (header: number[], length: number): { at: 'pass'; left: number } | Collecting | Dropping | string => {
    const type = header[0]! >> 4;
    if (!allowed.has(type)) return `a ${PACKET_NAMES[type]} packet, which no broker sends`;
    if (!connacked && type !== 2) return `a ${PACKET_NAMES[type]} packet before the CONNACK`;
    connacked = true;
    if (type === PUBLISH && length > maxLength) {
      return { at: 'drop', left: length, total: length, qos: (header[0]! >> 1) & 3, head: [], headBytes: 0 };
    }
    if (framer.fast && isQos0Publish(header[0]!) && length > 0) return { at: 'collect', left: length, header: header.slice(), parts: [] };
    handlers.pass(Buffer.from(header));
    return { at: 'pass', left: length };
  };

  /** A QoS 0 PUBLISH's body (`start`..`end` of `data`) to onPublish; a malformed one to MQTT.js with its header. */
  const deliver = (data: Buffer, start: number, end: number, header: () => Buffer): void => {
    const topicEnd = end - start < 2 ? -1 : start + 2 + data.readUInt16BE(start);
    if (topicEnd === -1 || topicEnd > end || handlers.onPublish === undefined) {
      handlers.pass(header());
      handlers.pass(data.subarray(start, end));
      return;
    }
    handlers.onPublish(readTopic(data, start + 2, topicEnd), data.subarray(topicEnd, end));
  };

  /**
   * The hot path: a whole QoS 0 PUBLISH at `i`, within the limit, decoded without the state
   * machine; returns the offset after it, or -1 when the packet is not one or not all here.
   */
  const takeWhole = (chunk: Buffer, i: number): number => {
    const first = chunk[i]!;
    if (!isQos0Publish(first)) return -1;
    let length = 0;
    let multiplier = 1;
    let at = i + 1;
    for (; ; at++) {
      if (at >= chunk.length || at > i + 4) return -1;
      const byte = chunk[at]!;
      length += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) break;
      multiplier *= 128;
    }
    const end = at + 1 + length;
    if (length === 0 || length > maxLength || end > chunk.length) return -1;
    deliver(chunk, at + 1, end, () => chunk.subarray(i, at + 1));
    return end;
  };

  const collect = (s: Collecting, bytes: Buffer): void => {
    s.parts.push(bytes);
    s.left -= bytes.length;
    if (s.left > 0) return;
    const body = s.parts.length === 1 ? s.parts[0]! : Buffer.concat(s.parts);
    state = { at: 'header', bytes: [] };
    deliver(body, 0, body.length, () => Buffer.from(s.header));
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

  const framer: Framer = {
    fast: false,
    feed(chunk) {
      let i = 0;
      while (i < chunk.length) {
        const s = state;
        if (s.at === 'broken') return;
        if (s.at === 'header') {
          const next = framer.fast && connacked && s.bytes.length === 0 ? takeWhole(chunk, i) : -1;
          i = next === -1 ? feedHeader(s, chunk, i) : next;
          continue;
        }
        if (s.at === 'collect') {
          const take = Math.min(s.left, chunk.length - i);
          collect(s, chunk.subarray(i, i + take));
          i += take;
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
  return framer;
}

function isQos0Publish(first: number): boolean {
  return first >> 4 === PUBLISH && (first & 0x06) === 0;
}

/** The topic, as the same string while the same bytes come again (a storm's one topic). */
function createTopicReader(): (data: Buffer, start: number, end: number) => string {
  let lastBytes: Buffer | null = null;
  let last = '';
  return (data, start, end) => {
    const length = end - start;
    if (lastBytes !== null && lastBytes.length === length && data.compare(lastBytes, 0, length, start, end) === 0) return last;
    last = data.toString('utf8', start, end);
    lastBytes = Buffer.from(data.subarray(start, end));
    return last;
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

/** A framer on a socket (attachFramer): its fast path switched on and off, reading paused. */
export interface AttachedFramer {
  framer: Framer;
  /**
   * Stop reading (the output is behind): the chunk being framed is finished, later ones wait
   * here, and the socket stops reading (its push says so) until resume().
   */
  pause(): void;
  resume(): void;
}

export interface AttachReport {
  onOversize(topic: string, bytes: number): void;
  onPublish?(topic: string, payload: Buffer): void;
}

/**
 * Puts a framer between a socket and its reader (MQTT.js): the socket's own `push` (which
 * Node's stream machinery calls with each chunk read) goes through the framer first. Every
 * other behaviour of the socket — destroy, events, TLS — is untouched.
 */
export function attachFramer(socket: Socket, options: FramerOptions, report: AttachReport): AttachedFramer {
  const push = socket.push.bind(socket);
  let result = true;
  let paused = false;
  /** Chunks (and the end, null) read while paused, framed on resume. */
  const held: (Buffer | null)[] = [];
  const framer = createFramer(options, {
    pass: (bytes) => (result = push(bytes) && result),
    onPublish: report.onPublish,
    onOversize(topic, bytes, ack) {
      if (ack !== null) socket.write(ack);
      report.onOversize(topic, bytes);
    },
    // With a code, or MQTT.js would not pass the socket's error on (its streamErrorHandler).
    onProtocolError(what) {
      socket.destroy(Object.assign(new Error(`protocol error from the broker: it sent ${what}`), { code: PROTOCOL_ERROR }));
    },
  });
  const frame = (chunk: Buffer): boolean => {
    result = true;
    framer.feed(chunk);
    // Paused by a delivery: false stops the socket's reads (Node's onStreamRead calls readStop).
    return result && !paused;
  };
  socket.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (paused || held.length > 0) {
      if (chunk === null || Buffer.isBuffer(chunk)) held.push(chunk);
      else return push(chunk, encoding);
      return false;
    }
    if (chunk === null || !Buffer.isBuffer(chunk)) return push(chunk, encoding);
    return frame(chunk);
  };
  return {
    framer,
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      let ended = false;
      while (!paused && held.length > 0) {
        const chunk = held.shift()!;
        ended = chunk === null;
        if (ended) push(null);
        else frame(chunk);
      }
      // An empty push tells the stream its read came back (state.reading off), so that it
      // asks the socket to read again (maybeReadMore → _read → readStart).
      if (!paused && !ended) push(EMPTY);
    },
  };
}
