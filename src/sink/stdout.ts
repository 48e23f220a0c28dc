/**
 * The only place that writes to stdout. Chunks queued during one macrotask are joined
 * and written once at its end (setImmediate), or as soon as BATCH_BYTES have queued: a
 * burst of records costs one write per 64 KiB, while a lone record still reaches a pipe's
 * reader at once instead of waiting for a buffer to fill.
 *
 * Backpressure: on Linux, stdout to a pipe is asynchronous in Node (a full pipe leaves the
 * rest in the stream's buffer and write() returns false), so a slow reader can be seen.
 * Up to `maxPendingBytes` may wait in the stream's buffer — a pipe of 64 KiB fills and
 * empties all the time even with a fast reader; past that, onBlocked tells the caller to
 * stop reading the socket until onDrained (the buffer written out). Chunks written meanwhile
 * queue here, bounded by what was already read. TTYs and files are written synchronously
 * by Node: a slow one stalls the process, which is bounded too, but cannot be seen.
 * A reader that went away (`| head -1`) ends writing quietly.
 *
 * Chunks are copied into a byte batch (a Buffer outside the V8 heap) as they come — strings
 * encoded as UTF-8, as the stream would have, bytes as they are (writeLine: an NDJSON line's
 * event straight from the payload) — so that a batch costs no joined string on the heap;
 * a chunk too large for a batch is queued as it is.
 */

export interface SinkHandlers {
  /** The reader went away (EPIPE, stream destroyed or ended): nothing more is written. Called once. */
  onClosed(): void;
  /** Any other write error; writing stops too. Without this handler, onClosed is called instead. */
  onError?(error: Error): void;
  /** The stream's buffer is full: stop producing (pause the socket) until onDrained. */
  onBlocked?(): void;
  onDrained?(): void;
}

export interface SinkOptions {
  /** Bytes that may wait in the stream's buffer before onBlocked (default 1 MiB; 0: whenever write() returns false). */
  maxPendingBytes?: number;
}

/** Queued chunks are written at once when they reach this size, without waiting for the macrotask's end. */
export const BATCH_BYTES = 64 * 1024;
export const MAX_PENDING_BYTES = 1024 * 1024;
/** A byte batch's size: room for a batch of BATCH_BYTES and the chunk that takes it past. */
const BATCH_CAPACITY = 2 * BATCH_BYTES;

export interface Sink {
  /** Queue a chunk; '' and empty buffers are ignored. Never throws. */
  write(chunk: string | Uint8Array): void;
  /** Queue `head`, then `bytes[start..end)`, then `tail` as one chunk (one record). */
  writeLine(head: string, bytes: Buffer, start: number, end: number, tail: string): void;
  /** Resolves when everything queued so far has been written (or the sink has closed). */
  flush(): Promise<void>;
  /** True between a refused write and the stream's 'drain'. */
  readonly blocked: boolean;
  /** Chunks taken by write() so far (one per record in tail). */
  readonly written: number;
  readonly closed: boolean;
}

/** Error codes that mean "the reader is gone", not "something is broken". */
const READER_GONE = new Set(['EPIPE', 'ECONNRESET', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

function isReaderGone(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && READER_GONE.has(code);
}

interface StreamState {
  destroyed?: boolean;
  errored?: unknown;
}

/** A destroyed or errored stream takes nothing more (its error may reach us only later). */
function isBroken(stream: NodeJS.WritableStream): boolean {
  const state = stream as StreamState;
  return state.destroyed === true || (state.errored ?? null) !== null;
}

function readError(stream: NodeJS.WritableStream): unknown {
  return (stream as StreamState).errored ?? undefined;
}

function joinChunks(chunks: readonly (string | Uint8Array)[]): string | Uint8Array {
  if (chunks.length === 1) return chunks[0] as string | Uint8Array;
  if (chunks.every((chunk) => typeof chunk === 'string')) return chunks.join('');
  return Buffer.concat(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
}

/** Bytes held in a Node stream's buffer; undefined for a stream that does not say. */
function readBuffered(stream: NodeJS.WritableStream): number | undefined {
  return (stream as { writableLength?: number }).writableLength;
}

/** What one sink holds between calls; the functions below take it. */
interface SinkState {
  readonly stream: NodeJS.WritableStream;
  readonly handlers: SinkHandlers;
  readonly maxPending: number;
  /** Finished chunks: closed byte batches, and chunks too large for one. */
  queue: (string | Uint8Array)[];
  /** The open byte batch (what is left of it) and how much of it is filled. */
  batch: Buffer | null;
  fill: number;
  queuedBytes: number;
  scheduled: boolean;
  blocked: boolean;
  closed: boolean;
  /** Writes handed to the stream whose callback has not run yet. */
  pending: number;
  written: number;
  idleWaiters: (() => void)[];
  readonly onDrain: () => void;
  readonly onWritten: (error?: Error | null) => void;
  readonly writeQueued: () => void;
}

export function createSink(stream: NodeJS.WritableStream, handlers: SinkHandlers, options: SinkOptions = {}): Sink {
  const state: SinkState = {
    stream, handlers, maxPending: options.maxPendingBytes ?? MAX_PENDING_BYTES,
    queue: [], batch: null, fill: 0, queuedBytes: 0,
    scheduled: false, blocked: false, closed: false, pending: 0, written: 0, idleWaiters: [],
    onDrain: () => onDrain(state),
    onWritten: (error) => onWritten(state, error),
    writeQueued: () => writeQueued(state),
  };
  // Never removed: a late EPIPE must not become an uncaught exception with a stack trace.
  stream.on('error', (error: unknown) => close(state, error));
  return {
    write(chunk: string | Uint8Array): void {
      if (state.closed || chunk.length === 0) return;
      state.written += 1;
      append(state, chunk);
      queued(state);
    },
    writeLine(head, bytes, start, end, tail) {
      if (state.closed) return;
      state.written += 1;
      const room = head.length * 3 + (end - start) + tail.length * 3;
      if (room > BATCH_CAPACITY) {
        append(state, head);
        append(state, bytes.subarray(start, end));
        append(state, tail);
      } else {
        const batch = openBatch(state, room);
        let fill = state.fill + batch.write(head, state.fill);
        fill = copyBytes(bytes, start, end, batch, fill);
        fill += batch.write(tail, fill);
        state.queuedBytes += fill - state.fill;
        state.fill = fill;
      }
      queued(state);
    },
    flush(): Promise<void> {
      if (state.closed || (state.queue.length === 0 && state.fill === 0 && state.pending === 0)) return Promise.resolve();
      return new Promise((resolve) => state.idleWaiters.push(resolve));
    },
    get blocked(): boolean {
      return state.blocked;
    },
    get closed(): boolean {
      return state.closed;
    },
    get written(): number {
      return state.written;
    },
  };
}

/**
 * Batches written out come back for reuse: a Buffer that lived through a few young-generation
 * collections (a slow pipe) is freed only at a major one, so fresh batches for every 64 KiB of
 * a long storm held tens of MiB of RSS; at most POOLED (4 MiB) are kept.
 */
const POOLED = 32;
const pool: Buffer[] = [];
/** The batch a queued view was cut from. */
const batchOf = new WeakMap<Uint8Array, Buffer>();

/** The open batch with at least `room` bytes free (a new one when it has not). */
function openBatch(state: SinkState, room: number): Buffer {
  if (state.batch !== null && state.batch.length - state.fill >= room) return state.batch;
  closeBatch(state);
  state.batch = pool.pop() ?? Buffer.allocUnsafeSlow(BATCH_CAPACITY);
  return state.batch;
}

/** The filled part of the batch to the queue; the next chunk opens another batch. */
function closeBatch(state: SinkState): void {
  const { batch, fill } = state;
  if (batch === null || fill === 0) return;
  const view = batch.subarray(0, fill);
  batchOf.set(view, batch);
  state.queue.push(view);
  state.batch = null;
  state.fill = 0;
}

function release(chunk: string | Uint8Array): void {
  if (typeof chunk === 'string') return;
  const batch = batchOf.get(chunk);
  if (batch !== undefined && pool.length < POOLED) pool.push(batch);
}

/**
 * bytes[start..end) into target at `at`; returns the end. A short run (an event) byte by byte:
 * Buffer#copy of part of a buffer makes a Uint8Array view first, ~100 bytes of heap a record.
 */
function copyBytes(bytes: Buffer, start: number, end: number, target: Buffer, at: number): number {
  if (end - start > 1024) return at + bytes.copy(target, at, start, end);
  let to = at;
  for (let i = start; i < end; i++) target[to++] = bytes[i]!;
  return to;
}

function append(state: SinkState, chunk: string | Uint8Array): void {
  const room = typeof chunk === 'string' ? chunk.length * 3 : chunk.length;
  if (room > BATCH_CAPACITY) {
    closeBatch(state);
    state.queue.push(chunk);
    state.queuedBytes += chunk.length;
    return;
  }
  const batch = openBatch(state, room);
  let bytes = chunk.length;
  if (typeof chunk === 'string') bytes = batch.write(chunk, state.fill);
  else batch.set(chunk, state.fill);
  state.fill += bytes;
  state.queuedBytes += bytes;
}

function queued(state: SinkState): void {
  if (state.queuedBytes >= BATCH_BYTES && !state.blocked) writeQueued(state);
  else schedule(state);
}

/** Resolves flush() once nothing is queued or in flight (or the sink closed). */
function settle(state: SinkState): void {
  if (!state.closed && (state.queue.length > 0 || state.fill > 0 || state.pending > 0)) return;
  const waiters = state.idleWaiters;
  state.idleWaiters = [];
  for (const resolve of waiters) resolve();
}

function close(state: SinkState, error?: unknown): void {
  if (state.closed) return;
  state.closed = true;
  state.queue = [];
  state.batch = null;
  state.fill = 0;
  state.queuedBytes = 0;
  state.stream.removeListener('drain', state.onDrain);
  const failure = error instanceof Error ? error : undefined;
  if (failure !== undefined && !isReaderGone(failure) && state.handlers.onError) state.handlers.onError(failure);
  else state.handlers.onClosed();
  settle(state);
}

function onDrain(state: SinkState): void {
  state.blocked = false;
  state.handlers.onDrained?.();
  schedule(state);
}

function onWritten(state: SinkState, error?: Error | null): void {
  state.pending -= 1;
  if (error) close(state, error);
  else settle(state);
}

/** Everything queued, joined into one write; past maxPending in the stream's buffer, the sink blocks until 'drain'. */
function writeQueued(state: SinkState): void {
  const { stream } = state;
  state.scheduled = false;
  closeBatch(state);
  if (state.closed || state.blocked || state.queue.length === 0) return settle(state);
  if (isBroken(stream)) return close(state, readError(stream));
  const chunks = state.queue;
  const data = joinChunks(chunks);
  // Joined: the batches are copied and free now; one written as it is: once the write is done.
  if (data !== chunks[0]) chunks.forEach(release);
  state.queue = [];
  state.queuedBytes = 0;
  let accepted: boolean;
  try {
    state.pending += 1;
    accepted = stream.write(data, data === chunks[0] && batchOf.has(data as Uint8Array) ? (error) => {
      release(data);
      state.onWritten(error);
    } : state.onWritten);
  } catch (error) {
    state.pending -= 1;
    return close(state, error);
  }
  if (accepted || state.closed) return;
  if (isBroken(stream)) return close(state, readError(stream));
  const buffered = readBuffered(stream);
  if (buffered !== undefined && buffered <= state.maxPending) return;
  state.blocked = true;
  stream.once('drain', state.onDrain);
  state.handlers.onBlocked?.();
}

function schedule(state: SinkState): void {
  if (state.scheduled || state.blocked || state.closed || (state.queue.length === 0 && state.fill === 0)) return;
  state.scheduled = true;
  setImmediate(state.writeQueued);
}
