/**
 * The read source (`tail --read`, `top --read`): captures and journals instead of a broker
 * (docs/read.md). Each input in turn (./files.ts), gunzipped when it starts with gzip's magic
 * bytes, split into lines (./lines.ts), each line in any of replay's formats
 * (./capture-line.ts). The topic flags' MQTT filters are applied here — nothing was
 * subscribed — then the same intake as the broker source (../intake.ts): prefix, narrowing,
 * size limit, decoding, validation. A jetsub record keeps its device, `received_at` and
 * redelivery mark; --since/--until keep the records received in [since, until).
 *
 * A line that holds no message is reported with file:line and skipped; a last line without
 * its newline that does not parse (a write cut short by a kill) is reported as torn.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { CompiledTopics } from '../../topics/compile.js';
import { compileFilterMatcher } from '../../topics/mqtt-filter.js';
import { compileTopicPrefix } from '../../topics/prefix.js';
import type { Validator } from '../../validate/index.js';
import { createIntake, type Intake } from '../intake.js';
import type { OpenSource, Source, SourceHandlers } from '../types.js';
import { type CapturedMessage, parseCaptureLine } from './capture-line.js';
import type { ReadInput } from './files.js';
import { splitLines } from './lines.js';

export interface ReadSettings {
  inputs: readonly ReadInput[];
  /** Epoch ms: only records received at or after. */
  since?: number;
  /** Epoch ms: only records received before. */
  until?: number;
  /** For an input `-`. */
  stdin?: NodeJS.ReadableStream;
}

export interface ReadSourceOptions extends ReadSettings {
  topics: CompiledTopics;
  validator: Validator | null;
  maxPayload: number;
  topicPrefix?: string;
}

/** Topics whose verdict is remembered; past this, the memory starts over (bounded for a route table's worth of topics). */
const KNOWN_TOPICS = 4096;
const GZIP_MAGIC = [0x1f, 0x8b];
const NEWLINE = 0x0a;
const TORN = 'torn last line (no newline at its end: a write cut short?), skipped';

export function createReadSource(options: ReadSourceOptions): OpenSource {
  return (handlers) => Promise.resolve(openReadSource(options, handlers));
}

function openReadSource(options: ReadSourceOptions, handlers: SourceHandlers): Source {
  const prefix = compileTopicPrefix(options.topicPrefix);
  const intake = createIntake({ ...options, prefix }, handlers.onNotice);
  const subscribed = compileSubscribed(options.topics.filters.map((f) => prefix.wrap(f)));
  const gate = createGate();
  let stopped = false;
  let current: Readable | undefined;
  let untimed = 0;
  const timed = options.since !== undefined || options.until !== undefined;

  const take = (input: ReadInput, message: CapturedMessage) => {
    const at = message.receivedAt;
    if (timed) {
      if (at === undefined) return void untimed++;
      if ((options.since !== undefined && at < options.since) || (options.until !== undefined && at >= options.until)) return;
    }
    if (!subscribed(message.topic)) return;
    const record = deliver(intake, input, message);
    if (record !== null) void handlers.onRecord(record);
  };

  const readInput = async (input: ReadInput) => {
    const stream = openInput(input, options.stdin);
    current = stream;
    let number = 0;
    const end = { reached: false, lastByte: NEWLINE };
    try {
      for await (const bytes of splitLines(watchEnd(stream, end))) {
        number++;
        if (stopped) return;
        const paused = gate.wait();
        if (paused !== undefined) await paused;
        const parsed = parseCaptureLine(bytes, number);
        if (parsed === null || parsed.type === 'skip') continue;
        if (parsed.type === 'message') take(input, parsed);
        else problem(input, number, end.reached && end.lastByte !== NEWLINE ? TORN : `skipped: ${parsed.reason}`);
      }
    } catch (error) {
      if (!stopped) problem(input, null, `cannot be read to its end (${describeError(error)}); going on with the next input`);
    }
  };
  const problem = (input: ReadInput, line: number | null, reason: string) =>
    handlers.onNotice({ type: 'read-problem', file: input.name, line, reason });

  const ended = (async () => {
    for (const input of options.inputs) {
      if (stopped) return;
      await readInput(input);
    }
    if (untimed > 0) handlers.onNotice({ type: 'read-untimed', lines: untimed });
  })();
  return {
    ready: Promise.resolve(),
    ended,
    pause: gate.close,
    resume: gate.open,
    close: async () => {
      stopped = true;
      gate.open();
      current?.destroy();
      await ended;
    },
  };
}

function deliver(intake: Intake, input: ReadInput, message: CapturedMessage) {
  return intake(message.device ?? input.device, message.topic, message.payload, message.duplicate === true, message.receivedAt);
}

/** What the broker would have delivered for the filters (any of them), remembered per topic (a capture has few). */
function compileSubscribed(filters: readonly string[]): (topic: string) => boolean {
  const matchers = filters.map(compileFilterMatcher);
  const known = new Map<string, boolean>();
  return (topic) => {
    let result = known.get(topic);
    if (result === undefined) {
      result = matchers.some((matches) => matches(topic));
      if (known.size >= KNOWN_TOPICS) known.clear();
      known.set(topic, result);
    }
    return result;
  };
}

function openInput(input: ReadInput, stdin: NodeJS.ReadableStream | undefined): Readable {
  if (input.path === undefined) {
    if (stdin === undefined) throw new Error('standard input is not available');
    return Readable.from(gunzipIfMagic(stdin as AsyncIterable<Buffer>));
  }
  const stream = createReadStream(input.path);
  if (!startsWithGzipMagic(input.path)) return stream;
  const gunzip = createGunzip();
  stream.on('error', (error) => gunzip.destroy(error));
  return stream.pipe(gunzip);
}

function startsWithGzipMagic(path: string): boolean {
  const head = Buffer.alloc(2);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } catch {
    // The read stream reports it.
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Standard input, gunzipped when its first bytes say gzip. */
async function* gunzipIfMagic(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) return;
  const head = Buffer.from(first.value);
  const all = (async function* () {
    yield head;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield Buffer.from(next.value);
  })();
  if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) yield* Readable.from(all).pipe(createGunzip());
  else yield* all;
}

/** The chunks as they are; `end` says when they are all read and what the last byte was (a torn line has no newline). */
async function* watchEnd(chunks: AsyncIterable<Buffer>, end: { reached: boolean; lastByte: number }): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    if (chunk.length > 0) end.lastByte = chunk[chunk.length - 1]!;
    yield chunk;
  }
  end.reached = true;
}

/** Backpressure: pause() holds the reading at the next line until resume(). */
function createGate(): { wait(): Promise<void> | undefined; close(): void; open(): void } {
  let waiting: Promise<void> | undefined;
  let release: (() => void) | undefined;
  return {
    wait: () => waiting,
    close() {
      waiting ??= new Promise<void>((resolve) => (release = resolve));
    },
    open() {
      release?.();
      waiting = undefined;
      release = undefined;
    },
  };
}

function describeError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code === 'Z_BUF_ERROR' ? 'the gzip data ends early' : (code ?? message ?? String(error));
}
