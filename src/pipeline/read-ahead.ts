/**
 * The read-ahead queue (--buffer): while the output is behind, messages keep being read from
 * the sockets and wait here, in arrival order, instead of the sockets being paused (a broker
 * drops QoS 0 events a subscriber does not read: mosquitto past 1000 queued). Up to `capacity`
 * messages; at the bound the caller pauses the sockets, as it does without a queue.
 *
 * Compact on purpose: a queued message is its payload's bytes copied into a shared slab
 * (1 MiB, outside the V8 heap; views are made only when it is taken out) and four array slots
 * (topic string, device, received time, flags); ~230 bytes for a router's 200-byte event, so a
 * full queue of 100,000 is ~25 MiB. Slabs are never reused: a record taken out may keep its
 * payload view for as long as it lives.
 */

const SLAB_BYTES = 1024 * 1024;

export interface Queued {
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
  let topics: string[] = [];
  let devices: number[] = [];
  let times: number[] = [];
  /** Per message: its slab's index in `slabs`, offset and length, and the duplicate flag. */
  let places: number[] = [];
  let head = 0;
  let slabs: Buffer[] = [];
  let slabBase = 0;
  let slab: Buffer | null = null;
  let used = 0;
  let peak = 0;

  const store = (payload: Buffer): [number, number] => {
    if (slab === null || used + payload.length > slab.length) {
      slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, payload.length));
      slabs.push(slab);
      used = 0;
    }
    payload.copy(slab, used);
    used += payload.length;
    return [slabBase + slabs.length - 1, used - payload.length];
  };

  /** Past half the arrays consumed, the consumed part is dropped (amortised O(1) per message). */
  const compact = () => {
    if (head < 4096 || head * 2 < topics.length) return;
    topics = topics.slice(head);
    devices = devices.slice(head);
    times = times.slice(head);
    places = places.slice(head * 4);
    head = 0;
  };

  return {
    get length() {
      return topics.length - head;
    },
    takePeak() {
      const value = peak;
      peak = topics.length - head;
      return value;
    },
    push(device, topic, payload, duplicate, receivedAt) {
      const [slabIndex, offset] = store(payload);
      topics.push(topic);
      devices.push(device);
      times.push(receivedAt);
      places.push(slabIndex, offset, payload.length, duplicate ? 1 : 0);
      const length = topics.length - head;
      if (length > peak) peak = length;
    },
    shift(out) {
      if (head === topics.length) return undefined;
      const at = head * 4;
      const slabIndex = places[at]! - slabBase;
      const offset = places[at + 1]!;
      out.topic = topics[head]!;
      out.device = devices[head]!;
      out.receivedAt = times[head]!;
      out.payload = slabs[slabIndex]!.subarray(offset, offset + places[at + 2]!);
      out.duplicate = places[at + 3] === 1;
      head += 1;
      // Slabs before this message's are done with (their records keep their own views).
      if (slabIndex > 0) {
        slabs = slabs.slice(slabIndex);
        slabBase += slabIndex;
      }
      if (head === topics.length) {
        topics = [];
        devices = [];
        times = [];
        places = [];
        head = 0;
        // The slab being filled stays, under the same index.
        slabBase += slabs.length - 1;
        slabs = slab === null ? [] : [slab];
      } else compact();
      return out;
    },
  };
}
