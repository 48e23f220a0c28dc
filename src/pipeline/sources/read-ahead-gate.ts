/**
 * Between the broker connections and the intake: while the output is behind (the pipeline
 * paused the source), messages keep being read and wait in the read-ahead queue
 * (../read-ahead.ts) — in a burst that is what keeps the broker from dropping — and the
 * sockets are paused only once `capacity` messages wait. Resumed, the queue is worked off in
 * slices of SLICE messages per turn of the event loop, so that the sockets are read between
 * slices; new messages queue behind the old ones until it is empty (arrival order is kept,
 * gap records included). `capacity` 0: no queue, the sockets are paused at once (--buffer 0).
 */
import { createReadAhead, NO_BACKLOG, type Queued } from '../read-ahead.js';
import type { BacklogPeak, PipelineRecord } from '../types.js';

/** Messages worked off per turn of the event loop before the sockets get their turn. */
const SLICE = 1000;
/** A full queue lets the sockets read again once it is down to this share of its capacity. */
const RESUME_AT = 0.75;
/** A queued record that is not a message (a gap record), by its place in the queue. */
const RECORD = -1;

export interface GateHandlers {
  /** One message, to the intake and on; a promise holds its acknowledgement (QoS 1/2). */
  process(device: number, topic: string, payload: Buffer, duplicate: boolean, receivedAt?: number): void | Promise<void>;
  /** A record made by the source itself (a gap), in its place. */
  emit(record: PipelineRecord): void;
  pauseSockets(): void;
  resumeSockets(): void;
  /** The queue reached its capacity: the sockets are paused now. Once until the queue has emptied. */
  onFull(capacity: number): void;
}

export interface Gate {
  message(device: number, topic: string, payload: Buffer, duplicate: boolean): void | Promise<void>;
  record(record: PipelineRecord): void;
  pause(): void;
  resume(): void;
  /** The most that waited at once since the last call: messages, and the bytes they took. */
  takePeak(): BacklogPeak;
}

/** `acknowledge` (QoS 1/2): a queued message's acknowledgement waits until it has been processed and written. */
export function createGate(capacity: number, acknowledge: boolean, handlers: GateHandlers): Gate {
  if (capacity === 0) {
    return {
      message: handlers.process,
      record: handlers.emit,
      pause: handlers.pauseSockets,
      resume: handlers.resumeSockets,
      takePeak: () => NO_BACKLOG,
    };
  }
  const queue = createReadAhead();
  /** Acknowledgements (QoS 1/2) and gap records waiting, by their place in the queue. */
  const waiting = new Map<number, (() => void) | PipelineRecord>();
  let pushed = 0;
  let shifted = 0;
  let behind = false;
  let full = false;
  /** onFull once per episode: until the queue has emptied. */
  let toldFull = false;
  let scheduled = false;
  const slot: Queued = { device: 0, topic: '', payload: Buffer.alloc(0), duplicate: false, receivedAt: 0 };

  const enqueue = (device: number, topic: string, payload: Buffer, duplicate: boolean): void => {
    queue.push(device, topic, payload, duplicate, Date.now());
    pushed += 1;
    if (!full && queue.length >= capacity) {
      full = true;
      handlers.pauseSockets();
      if (!toldFull) handlers.onFull(capacity);
      toldFull = true;
    }
  };

  const takeOne = (): void => {
    const m = queue.shift(slot)!;
    const place = shifted++;
    const waiter = waiting.size === 0 ? undefined : waiting.get(place);
    if (waiter !== undefined) waiting.delete(place);
    if (m.device === RECORD) return handlers.emit(waiter as PipelineRecord);
    const delivered = handlers.process(m.device, m.topic, m.payload, m.duplicate, m.receivedAt);
    if (typeof waiter === 'function') void (delivered ?? Promise.resolve()).then(waiter, waiter);
  };

  const work = (): void => {
    scheduled = false;
    for (let n = 0; !behind && queue.length > 0; n++) {
      if (n === SLICE) return schedule();
      takeOne();
      if (queue.length === 0) toldFull = false;
      if (full && queue.length <= capacity * RESUME_AT) {
        full = false;
        handlers.resumeSockets();
      }
    }
  };

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(work);
  };

  return {
    message(device, topic, payload, duplicate) {
      if (!behind && queue.length === 0) return handlers.process(device, topic, payload, duplicate);
      const place = pushed;
      enqueue(device, topic, payload, duplicate);
      if (!acknowledge) return undefined;
      return new Promise<void>((resolve) => waiting.set(place, resolve));
    },
    record(record) {
      if (!behind && queue.length === 0) return handlers.emit(record);
      waiting.set(pushed, record);
      queue.push(RECORD, '', EMPTY, false, Date.now());
      pushed += 1;
    },
    pause() {
      behind = true;
    },
    resume() {
      behind = false;
      if (queue.length > 0) schedule();
    },
    takePeak: () => queue.takePeak(),
  };
}

const EMPTY = Buffer.alloc(0);
