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

export interface Sink {
  /** Queue a chunk; '' and empty buffers are ignored. Never throws. */
  write(chunk: string | Uint8Array): void;
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

export function createSink(stream: NodeJS.WritableStream, handlers: SinkHandlers, options: SinkOptions = {}): Sink {
  const maxPending = options.maxPendingBytes ?? MAX_PENDING_BYTES;
  let queue: (string | Uint8Array)[] = [];
  let queuedBytes = 0;
  let scheduled = false;
  let blocked = false;
  let closed = false;
  /** Writes handed to the stream whose callback has not run yet. */
  let pending = 0;
  let written = 0;
  let idleWaiters: (() => void)[] = [];

  function settle(): void {
    if (!closed && (queue.length > 0 || pending > 0)) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function close(error?: unknown): void {
    if (closed) return;
    closed = true;
    queue = [];
    queuedBytes = 0;
    stream.removeListener('drain', onDrain);
    const failure = error instanceof Error ? error : undefined;
    if (failure !== undefined && !isReaderGone(failure) && handlers.onError) handlers.onError(failure);
    else handlers.onClosed();
    settle();
  }

  function onDrain(): void {
    blocked = false;
    handlers.onDrained?.();
    schedule();
  }

  function onWritten(error?: Error | null): void {
    pending -= 1;
    if (error) close(error);
    else settle();
  }

  function writeQueued(): void {
    scheduled = false;
    if (closed || blocked || queue.length === 0) return settle();
    if (isBroken(stream)) return close(readError(stream));
    const data = joinChunks(queue);
    queue = [];
    queuedBytes = 0;
    let accepted: boolean;
    try {
      pending += 1;
      accepted = stream.write(data, onWritten);
    } catch (error) {
      pending -= 1;
      return close(error);
    }
    if (accepted || closed) return;
    if (isBroken(stream)) return close(readError(stream));
    const buffered = readBuffered(stream);
    if (buffered !== undefined && buffered <= maxPending) return;
    blocked = true;
    stream.once('drain', onDrain);
    handlers.onBlocked?.();
  }

  function schedule(): void {
    if (scheduled || blocked || closed || queue.length === 0) return;
    scheduled = true;
    setImmediate(writeQueued);
  }

  // Never removed: a late EPIPE must not become an uncaught exception with a stack trace.
  stream.on('error', close);

  return {
    write(chunk: string | Uint8Array): void {
      if (closed || chunk.length === 0) return;
      written += 1;
      queue.push(chunk);
      queuedBytes += chunk.length;
      if (queuedBytes >= BATCH_BYTES && !blocked) writeQueued();
      else schedule();
    },
    flush(): Promise<void> {
      if (closed || (queue.length === 0 && pending === 0)) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    get blocked(): boolean {
      return blocked;
    },
    get closed(): boolean {
      return closed;
    },
    get written(): number {
      return written;
    },
  };
}
