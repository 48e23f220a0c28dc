/**
 * The read-ahead queue (--buffer): while the output is behind, messages keep being read from
 * the sockets and wait here, in arrival order, instead of the sockets being paused (a broker
 * drops QoS 0 events a subscriber does not read: mosquitto past 1000 queued). The caller
 * bounds it (./sources/read-ahead-gate.ts).
 *
 * Compact on purpose: a queued message is bytes only, in 1 MiB slabs outside the V8 heap — a
 * 20-byte header (payload length, topic number, device, received time) and the payload — and
 * nothing per message on the heap (topics are numbered while the queue is not empty), so a
 * router's 200-byte event costs ~230 bytes and a full queue of 100,000 ~23 MiB. A payload
 * taken out is copied out of its slab (Node's small-Buffer pool), so that slabs are reused
 * (up to SPARE of them kept): a Buffer that outlived a few young-generation collections is
 * freed only at a major one, and fresh slabs for every MiB of a long stall held tens of MiB.
 */

const SLAB_BYTES = 1024 * 1024;
/** Emptied slabs kept for reuse. */
const SPARE = 8;
/** Payload length (u32), topic number (u32), device (u32), received time (f64). */
const HEADER_BYTES = 20;
const DUPLICATE = 0x80000000;
/** The device number of a queued record that is not a message (the gate's RECORD). */
const NO_DEVICE = 0xffffffff;

export interface Queued {
  /** -1: a placeholder the caller queued (not a message). */
  device: number;
  topic: string;
  payload: Buffer;
  duplicate: boolean;
  /** Milliseconds since the epoch, when it was read from the socket. */
  receivedAt: number;
}

export interface ReadAhead {
  readonly length: number;
  /** The most messages held at once since the last takePeak(). */
  takePeak(): number;
  push(device: number, topic: string, payload: Buffer, duplicate: boolean, receivedAt: number): void;
  /** The oldest message; undefined when empty. `out` is filled and returned (no object per message). */
  shift(out: Queued): Queued | undefined;
}

export function createReadAhead(): ReadAhead {
  /** Slabs still holding messages, oldest first; the last one is being filled. */
  let slabs: Buffer[] = [];
  const spare: Buffer[] = [];
  const recycle = (slab: Buffer) => {
    if (slab.length === SLAB_BYTES && spare.length < SPARE) spare.push(slab);
  };
  let writeAt = 0;
  let readAt = 0;
  let length = 0;
  let peak = 0;
  let topics: string[] = [];
  let topicNumbers = new Map<string, number>();

  const numberTopic = (topic: string): number => {
    let n = topicNumbers.get(topic);
    if (n === undefined) {
      n = topics.length;
      topics.push(topic);
      topicNumbers.set(topic, n);
    }
    return n;
  };

  return {
    get length() {
      return length;
    },
    takePeak() {
      const value = peak;
      peak = length;
      return value;
    },
    push(device, topic, payload, duplicate, receivedAt) {
      const need = HEADER_BYTES + payload.length;
      let slab = slabs.at(-1);
      if (slab === undefined || writeAt + need > slab.length) {
        slab = (need <= SLAB_BYTES ? spare.pop() : undefined) ?? Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, need));
        // An end marker where the next header would be: the reader goes on to the next slab.
        if (slabs.length > 0 && writeAt + 4 <= slabs.at(-1)!.length) slabs.at(-1)!.writeUInt32LE(NO_DEVICE, writeAt);
        slabs.push(slab);
        writeAt = 0;
      }
      slab.writeUInt32LE((payload.length | (duplicate ? DUPLICATE : 0)) >>> 0, writeAt);
      slab.writeUInt32LE(numberTopic(topic), writeAt + 4);
      slab.writeUInt32LE(device < 0 ? NO_DEVICE : device, writeAt + 8);
      slab.writeDoubleLE(receivedAt, writeAt + 12);
      payload.copy(slab, writeAt + HEADER_BYTES);
      writeAt += need;
      length += 1;
      if (length > peak) peak = length;
    },
    shift(out) {
      if (length === 0) return undefined;
      let slab = slabs[0]!;
      if (readAt + HEADER_BYTES > slab.length || slab.readUInt32LE(readAt) === NO_DEVICE) {
        recycle(slabs.shift()!);
        slab = slabs[0]!;
        readAt = 0;
      }
      const word = slab.readUInt32LE(readAt);
      const bytes = word & ~DUPLICATE;
      const device = slab.readUInt32LE(readAt + 8);
      out.duplicate = (word & DUPLICATE) !== 0;
      out.topic = topics[slab.readUInt32LE(readAt + 4)]!;
      out.device = device === NO_DEVICE ? -1 : device;
      out.receivedAt = slab.readDoubleLE(readAt + 12);
      out.payload = Buffer.allocUnsafe(bytes);
      slab.copy(out.payload, 0, readAt + HEADER_BYTES, readAt + HEADER_BYTES + bytes);
      readAt += HEADER_BYTES + bytes;
      length -= 1;
      if (length === 0) {
        // Empty: the slab being filled goes on from where it is; topics are numbered afresh.
        slabs.slice(0, -1).forEach(recycle);
        slabs = slabs.slice(-1);
        readAt = writeAt;
        topics = [];
        topicNumbers = new Map();
      }
      return out;
    },
  };
}
