/**
 * The read-ahead queue (--buffer): while the output is behind, messages keep being read from
 * the sockets and wait here, in arrival order, instead of the sockets being paused (a broker
 * drops QoS 0 events a subscriber does not read: mosquitto past 1000 queued). The caller
 * bounds it (./sources/read-ahead-gate.ts).
 *
 * Compact on purpose: a queued message is bytes only, in 256 KiB slabs outside the V8 heap —
 * a 20-byte header (payload length, topic number, device, received time) and the payload —
 * and nothing per message on the heap (topics are numbered while the queue is not empty):
 * ~230 bytes for a router's 200-byte event. A slab the writer has filled and left, while it
 * waits for the reader, is kept deflated (zlib level 1, under a microsecond per event in and
 * out): a storm is a few event types over and over, so 100,000 of the bench's events take
 * ~2 MiB instead of ~23 (the fixtures' two dozen kinds in turn ~1.3 MiB; a slab of events
 * that share nothing would stay near its size). Only
 * the slab being filled and the slab being read are whole, so a long stall costs memory by
 * how well its events compress, and a short one (within a slab, ~1,100 such events) costs
 * no compression at all. A payload taken out is copied out of its slab (Node's small-Buffer
 * pool), and whole slabs are reused (up to SPARE kept): a Buffer that outlived a few
 * young-generation collections is freed only at a major one, and fresh slabs for every MiB
 * of a long stall held tens of MiB; an inflated slab is copied into a reused one at once, and
 * a deflated one to its size, so that zlib's own buffers die young.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { BacklogPeak } from './types.js';

/** A slab: small enough that the few held whole, and zlib's output for one, are a few hundred KiB. */
const SLAB_BYTES = 256 * 1024;
/** Emptied slabs kept for reuse: besides the slabs being filled and read, one to inflate into and one to fill next. */
const SPARE = 2;
/** Payload length (u32), topic number (u32), device (u32), received time (f64). */
const HEADER_BYTES = 20;
const DUPLICATE = 0x80000000;
/** The device number of a queued record that is not a message (the gate's RECORD). */
const NO_DEVICE = 0xffffffff;
/** Fastest zlib level: the bytes are JSON of a few event types, which even this packs 4–25x. */
const PACK = { level: 1 } as const;
/** A slab inflates into one chunk of zlib's output, not many joined. */
const UNPACK = { chunkSize: SLAB_BYTES } as const;

/** No queue, or nothing queued. */
export const NO_BACKLOG: Readonly<BacklogPeak> = Object.freeze({ events: 0, bytes: 0 });

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
  /** Bytes the queued messages take now: whole slabs at their size, deflated ones at theirs. */
  readonly bytes: number;
  /** The most messages held at once since the last takePeak(), and the most bytes. */
  takePeak(): BacklogPeak;
  push(device: number, topic: string, payload: Buffer, duplicate: boolean, receivedAt: number): void;
  /** The oldest message; undefined when empty. `out` is filled and returned (no object per message). */
  shift(out: Queued): Queued | undefined;
}

/** A slab's messages: whole (`raw`, being filled or read) or deflated (`packed`, waiting). */
interface Slab {
  raw: Buffer | null;
  packed: Buffer | null;
  /** Bytes of messages in it. */
  end: number;
}

export function createReadAhead(): ReadAhead {
  /** Slabs still holding messages, oldest (being read) first; the last one is being filled. */
  let slabs: Slab[] = [];
  const spare: Buffer[] = [];
  const recycle = (raw: Buffer | null) => {
    if (raw !== null && raw.length === SLAB_BYTES && spare.length < SPARE) spare.push(raw);
  };
  const fresh = (need: number): Buffer =>
    (need <= SLAB_BYTES ? spare.pop() : undefined) ?? Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, need));
  /** The filled slab the writer leaves, deflated unless the reader is in it. */
  const pack = (slab: Slab) => {
    if (slab === slabs[0] || slab.raw === null) return;
    // Copied to its size: zlib's output is a view of a larger chunk, which would be held with it.
    slab.packed = Buffer.from(deflateRawSync(slab.raw.subarray(0, slab.end), PACK));
    recycle(slab.raw);
    slab.raw = null;
  };
  /** The slab the reader enters, whole again: inflated, and copied into a reused slab so that zlib's output dies young. */
  const unpack = (slab: Slab): void => {
    if (slab.raw !== null) return;
    const bytes = inflateRawSync(slab.packed!, UNPACK);
    const raw = bytes.length <= SLAB_BYTES ? fresh(bytes.length) : bytes;
    if (raw !== bytes) bytes.copy(raw);
    slab.raw = raw;
    slab.packed = null;
  };
  let readAt = 0;
  let length = 0;
  let peak = 0;
  /** Bytes of the slabs held (whole or deflated), recounted whenever a slab comes, goes or changes form. */
  let held = 0;
  let peakBytes = 0;
  const recount = () => {
    held = slabs.reduce((sum, slab) => sum + (slab.raw?.length ?? slab.packed!.length), 0);
    if (held > peakBytes) peakBytes = held;
  };
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
    get bytes() {
      return held;
    },
    takePeak() {
      const value = { events: peak, bytes: peakBytes };
      peak = length;
      peakBytes = held;
      return value;
    },
    push(device, topic, payload, duplicate, receivedAt) {
      const need = HEADER_BYTES + payload.length;
      let slab = slabs.at(-1);
      if (slab === undefined || slab.end + need > slab.raw!.length) {
        if (slab !== undefined) pack(slab);
        slab = { raw: fresh(need), packed: null, end: 0 };
        slabs.push(slab);
        recount();
      }
      const raw = slab.raw!;
      const at = slab.end;
      raw.writeUInt32LE((payload.length | (duplicate ? DUPLICATE : 0)) >>> 0, at);
      raw.writeUInt32LE(numberTopic(topic), at + 4);
      raw.writeUInt32LE(device < 0 ? NO_DEVICE : device, at + 8);
      raw.writeDoubleLE(receivedAt, at + 12);
      payload.copy(raw, at + HEADER_BYTES);
      slab.end = at + need;
      length += 1;
      if (length > peak) peak = length;
    },
    shift(out) {
      if (length === 0) return undefined;
      if (readAt >= slabs[0]!.end) {
        recycle(slabs.shift()!.raw);
        readAt = 0;
        unpack(slabs[0]!);
        recount();
      }
      // The slab being read is always whole: pack() skips it, and it is unpacked as it is entered.
      const raw = slabs[0]!.raw!;
      const word = raw.readUInt32LE(readAt);
      const bytes = word & ~DUPLICATE;
      const device = raw.readUInt32LE(readAt + 8);
      out.duplicate = (word & DUPLICATE) !== 0;
      out.topic = topics[raw.readUInt32LE(readAt + 4)]!;
      out.device = device === NO_DEVICE ? -1 : device;
      out.receivedAt = raw.readDoubleLE(readAt + 12);
      out.payload = Buffer.allocUnsafe(bytes);
      raw.copy(out.payload, 0, readAt + HEADER_BYTES, readAt + HEADER_BYTES + bytes);
      readAt += HEADER_BYTES + bytes;
      length -= 1;
      if (length === 0) {
        // Empty: the slab being filled goes on from where it is; topics are numbered afresh.
        slabs.slice(0, -1).forEach((slab) => recycle(slab.raw));
        slabs = slabs.slice(-1);
        readAt = slabs[0]!.end;
        topics = [];
        topicNumbers = new Map();
        recount();
      }
      return out;
    },
  };
}
