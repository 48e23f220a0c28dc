/**
 * The only place that writes to stdout. Chunks queued during one macrotask are joined
 * and written once at its end (setImmediate): a burst of records costs one write, while
 * a lone record still reaches a pipe's reader at once instead of waiting for a buffer to
 * fill. When the stream pushes back, chunks keep queueing and onBlocked/onDrained let the
 * transport pause the socket. A reader that went away (`| head -1`) ends writing quietly.
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

export interface Sink {
  /** Queue a chunk; '' and empty buffers are ignored. Never throws. */
  write(chunk: string | Uint8Array): void;
  /** Resolves when everything queued so far has been written (or the sink has closed). */
  flush(): Promise<void>;
  /** True between a refused write and the stream's 'drain'. */
  readonly blocked: boolean;
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

export function createSink(stream: NodeJS.WritableStream, handlers: SinkHandlers): Sink {
  let queue: (string | Uint8Array)[] = [];
  let scheduled = false;
  let blocked = false;
  let closed = false;
  /** Writes handed to the stream whose callback has not run yet. */
  let pending = 0;
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
      queue.push(chunk);
      schedule();
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
  };
}
