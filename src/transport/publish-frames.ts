/**
 * The fast path for a QoS 0 subscriber: the socket's bytes split into MQTT packets as they
 * arrive, and every QoS 0 PUBLISH decoded in place — topic and payload read straight from
 * the socket's buffer (the payload a view of it, not a copy), no packet object, no stream
 * in between. Every other packet (CONNACK, SUBACK, PINGRESP, QoS 1/2 PUBLISH, anything
 * malformed) is handed on as bytes, in order, to MQTT.js, which stays in charge of the
 * session. MQTT 3.1.1 and 3.1 only: an MQTT 5 PUBLISH carries properties (topic aliases),
 * and the caller leaves MQTT 5 to MQTT.js. Pure: no I/O, state in the closure.
 */

export interface FrameHandlers {
  /** A QoS 0 PUBLISH, while `fast` is on. `payload` is a view of the socket's buffer. */
  onPublish(topic: string, payload: Buffer): void;
  /** Bytes of other packets (or of every packet while `fast` is off), in stream order. */
  onOther(bytes: Buffer): void;
}

export interface PublishFramer {
  feed(chunk: Buffer): void;
  /** Stop handing packets on (the output is behind); what is left of the chunk waits. */
  pause(): void;
  /** Go on with what waited, then with the next chunk. */
  resume(): void;
  readonly paused: boolean;
  /** Off until the subscription is acknowledged: before it, MQTT.js sees everything. */
  fast: boolean;
}

const PUBLISH = 3;
const MAX_LENGTH_BYTES = 4;
/** A packet's length could not be read yet (its fixed header is split between chunks). */
const INCOMPLETE = -1;
/** A remaining length longer than 4 bytes: not MQTT; MQTT.js gets the bytes and reports it. */
const MALFORMED = -2;

/** Total length of the packet at `offset`: fixed header plus remaining length. */
export function readPacketLength(data: Buffer, offset: number): number {
  let value = 0;
  let multiplier = 1;
  for (let i = 1; i <= MAX_LENGTH_BYTES; i++) {
    if (offset + i >= data.length) return INCOMPLETE;
    const byte = data[offset + i]!;
    value += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return 1 + i + value;
    multiplier *= 128;
  }
  return MALFORMED;
}

export function createPublishFramer(handlers: FrameHandlers): PublishFramer {
  /** The start of a packet whose end has not arrived, in pieces. */
  let parts: Buffer[] = [];
  let partBytes = 0;
  /** What a pause left of the last chunk. */
  let held: Buffer | null = null;
  let paused = false;
  let broken = false;
  let lastTopicBytes: Buffer | null = null;
  let lastTopic = '';

  const framer: PublishFramer = {
    fast: false,
    get paused() {
      return paused;
    },
    feed(chunk) {
      if (broken) return handlers.onOther(chunk);
      if (paused || held !== null) {
        held = held === null ? chunk : Buffer.concat([held, chunk]);
        return;
      }
      run(chunk);
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      const rest = held;
      held = null;
      if (rest !== null) run(rest);
    },
  };

  /** The topic, as the same string while the same bytes come again (a storm's one topic). */
  function readTopic(data: Buffer, start: number, end: number): string {
    const length = end - start;
    const same = lastTopicBytes !== null && lastTopicBytes.length === length && data.compare(lastTopicBytes, 0, length, start, end) === 0;
    if (same) return lastTopic;
    lastTopic = data.toString('utf8', start, end);
    lastTopicBytes = Buffer.from(data.subarray(start, end));
    return lastTopic;
  }

  /** A QoS 0 PUBLISH decoded and delivered; false when it is not one (or not well-formed). */
  function deliverPublish(data: Buffer, start: number, end: number): boolean {
    const first = data[start]!;
    if (first >> 4 !== PUBLISH || (first & 0x06) !== 0) return false;
    let header = start + 2;
    while (data[header - 1]! & 0x80) header++;
    if (header + 2 > end) return false;
    const topicEnd = header + 2 + data.readUInt16BE(header);
    if (topicEnd > end) return false;
    handlers.onPublish(readTopic(data, header + 2, topicEnd), data.subarray(topicEnd, end));
    return true;
  }

  /** Packets of `data` from its start, which is a packet's start. */
  function run(input: Buffer): void {
    let data = input;
    if (partBytes > 0) {
      // A large packet coming in pieces is joined once, when its last piece is there.
      const length = readPacketLength(parts[0]!, 0);
      if (length > 0 && partBytes + input.length < length) {
        parts.push(input);
        partBytes += input.length;
        return;
      }
      data = parts.length === 1 ? Buffer.concat([parts[0]!, input]) : Buffer.concat([...parts, input]);
      parts = [];
      partBytes = 0;
    }
    let offset = 0;
    let otherFrom = 0;
    while (offset < data.length) {
      if (paused) {
        held = data.subarray(offset);
        break;
      }
      const length = readPacketLength(data, offset);
      if (length === MALFORMED) {
        broken = true;
        offset = data.length;
        break;
      }
      if (length === INCOMPLETE || offset + length > data.length) {
        parts = [data.subarray(offset)];
        partBytes = data.length - offset;
        break;
      }
      const end = offset + length;
      if (framer.fast && isQos0Publish(data[offset]!)) {
        if (otherFrom < offset) handlers.onOther(data.subarray(otherFrom, offset));
        otherFrom = deliverPublish(data, offset, end) ? end : offset;
      }
      offset = end;
    }
    // Up to the packet that waits (paused, or not all there yet), or the end.
    if (otherFrom < offset) handlers.onOther(data.subarray(otherFrom, offset));
  }

  return framer;
}

function isQos0Publish(first: number): boolean {
  return first >> 4 === PUBLISH && (first & 0x06) === 0;
}
