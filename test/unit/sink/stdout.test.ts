import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { BATCH_BYTES, createSink, type SinkHandlers } from '../../../src/sink/stdout.js';
import { spawnTracked } from '../../helpers/processes.js';

const SINK_MODULE = new URL('../../../src/sink/stdout.js', import.meta.url).href;

/** A stream that records each underlying write; `hold` keeps callbacks until release(). */
function createRecordingStream(options: { highWaterMark?: number; hold?: boolean; fail?: (chunk: Buffer) => Error | undefined } = {}) {
  const writes: Buffer[] = [];
  const held: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk);
      const error = options.fail?.(chunk);
      if (error) callback(error);
      else if (options.hold) held.push(() => callback());
      else callback();
    },
  });
  const release = () => held.splice(0).forEach((callback) => callback());
  return { stream, writes, release };
}

function createHandlers() {
  const calls: string[] = [];
  const errors: Error[] = [];
  const handlers: Required<SinkHandlers> = {
    onClosed: () => calls.push('closed'),
    onError: (error) => { calls.push('error'); errors.push(error); },
    onBlocked: () => calls.push('blocked'),
    onDrained: () => calls.push('drained'),
  };
  return { calls, errors, handlers };
}

function errorWithCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('createSink', () => {
  it('joins the writes of one macrotask into one underlying write', async () => {
    const { stream, writes } = createRecordingStream();
    const sink = createSink(stream, createHandlers().handlers);
    for (let index = 0; index < 100; index += 1) sink.write(`record ${index}\n`);
    assert.equal(writes.length, 0, 'nothing is written before the macrotask ends');
    await sink.flush();
    assert.equal(writes.length, 1);
    assert.equal(writes[0]?.toString(), Array.from({ length: 100 }, (_, index) => `record ${index}\n`).join(''));
  });

  it('writes each macrotask\'s records at its end, without waiting for more', async () => {
    const { stream, writes } = createRecordingStream();
    const sink = createSink(stream, createHandlers().handlers);
    for (const text of ['a\n', 'b\n', 'c\n']) {
      sink.write(text);
      await nextMacrotask();
      assert.equal(writes.at(-1)?.toString(), text);
    }
    assert.equal(writes.length, 3);
  });

  it('joins strings and bytes in order, and skips empty chunks', async () => {
    const { stream, writes } = createRecordingStream();
    const sink = createSink(stream, createHandlers().handlers);
    sink.write('a');
    sink.write('');
    sink.write(new Uint8Array(0));
    sink.write(Buffer.from([0xff, 0x00]));
    sink.write('é');
    await sink.flush();
    assert.deepEqual(writes, [Buffer.from([0x61, 0xff, 0x00, 0xc3, 0xa9])]);
  });

  it('flush resolves at once when nothing is queued', async () => {
    const { stream, writes } = createRecordingStream();
    await createSink(stream, createHandlers().handlers).flush();
    assert.equal(writes.length, 0);
  });

  it('queues while the stream pushes back, reports blocked/drained, then writes the backlog at once', async () => {
    const { stream, writes, release } = createRecordingStream({ highWaterMark: 8, hold: true });
    const { calls, handlers } = createHandlers();
    const sink = createSink(stream, handlers, { maxPendingBytes: 0 });
    sink.write('0123456789\n');
    await nextMacrotask();
    assert.equal(sink.blocked, true);
    assert.deepEqual(calls, ['blocked']);

    sink.write('later 1\n');
    await nextMacrotask();
    sink.write('later 2\n');
    await nextMacrotask();
    assert.equal(writes.length, 1, 'nothing more is written while blocked');

    let flushed = false;
    const flushing = sink.flush().then(() => { flushed = true; });
    await nextMacrotask();
    assert.equal(flushed, false, 'flush waits for the backlog');

    const drained = once(stream, 'drain');
    release();
    await drained;
    assert.equal(sink.blocked, false);
    await nextMacrotask();
    assert.deepEqual(writes.map(String), ['0123456789\n', 'later 1\nlater 2\n']);
    release();
    await flushing;
    assert.deepEqual(calls, ['blocked', 'drained', 'blocked', 'drained']);
  });

  it('lets up to maxPendingBytes wait in the stream before reporting blocked', async () => {
    const { stream, writes, release } = createRecordingStream({ highWaterMark: 8, hold: true });
    const { calls, handlers } = createHandlers();
    const sink = createSink(stream, handlers, { maxPendingBytes: 100 });
    sink.write('x'.repeat(60));
    await nextMacrotask();
    sink.write('y'.repeat(30));
    await nextMacrotask();
    assert.deepEqual(calls, [], 'write() said false, but 90 bytes wait: not blocked');
    assert.equal(writes.length, 1, 'the stream takes one write at a time, the rest waits in its buffer');
    sink.write('z'.repeat(20));
    await nextMacrotask();
    assert.deepEqual(calls, ['blocked']);
    sink.write('later');
    await nextMacrotask();
    const drained = once(stream, 'drain');
    for (let i = 0; i < 3; i++) {
      release();
      await nextMacrotask();
    }
    await drained;
    const flushed = sink.flush();
    await nextMacrotask();
    release();
    await flushed;
    assert.deepEqual(calls, ['blocked', 'drained']);
    assert.deepEqual(writes.map((w) => w.length), [60, 30, 20, 5]);
  });

  it('writes as soon as a batch is full, without waiting for the macrotask to end', async () => {
    const { stream, writes } = createRecordingStream();
    const sink = createSink(stream, createHandlers().handlers);
    const record = `${'r'.repeat(99)}\n`;
    const perBatch = BATCH_BYTES / record.length;
    for (let i = 0; i < 2.5 * perBatch; i++) sink.write(record);
    assert.equal(writes.length, 2, 'two full batches are out before the macrotask ends');
    assert.equal(writes[0]!.length, Math.ceil(perBatch) * record.length);
    await sink.flush();
    assert.equal(writes.length, 3);
    assert.equal(Buffer.concat(writes).length, Math.ceil(2.5 * perBatch) * record.length);
  });

  for (const code of ['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']) {
    it(`on ${code} stops writing and calls onClosed once, never throwing`, async () => {
      const { stream, writes } = createRecordingStream({ fail: () => errorWithCode(`write ${code}`, code) });
      const { calls, handlers } = createHandlers();
      const sink = createSink(stream, handlers);
      sink.write('one\n');
      await sink.flush();
      await nextMacrotask();
      assert.deepEqual(calls, ['closed']);
      assert.equal(sink.closed, true);
      sink.write('two\n');
      await sink.flush();
      await nextMacrotask();
      assert.equal(writes.length, 1);
      assert.deepEqual(calls, ['closed']);
    });
  }

  it('treats a destroyed stream as a reader gone', async () => {
    const { stream, writes } = createRecordingStream();
    const { calls, handlers } = createHandlers();
    const sink = createSink(stream, handlers);
    stream.destroy();
    sink.write('one\n');
    await sink.flush();
    assert.deepEqual(calls, ['closed']);
    assert.equal(writes.length, 0);
  });

  it('a late error event after closing is swallowed, not thrown', async () => {
    const { stream } = createRecordingStream();
    const { calls, handlers } = createHandlers();
    createSink(stream, handlers);
    stream.emit('error', errorWithCode('write EPIPE', 'EPIPE'));
    stream.emit('error', errorWithCode('write EPIPE', 'EPIPE'));
    assert.deepEqual(calls, ['closed']);
  });

  it('reports any other error through onError, once, and stops', async () => {
    const { stream } = createRecordingStream({ fail: () => errorWithCode('no space left on device', 'ENOSPC') });
    const { calls, errors, handlers } = createHandlers();
    const sink = createSink(stream, handlers);
    sink.write('x');
    await sink.flush();
    await nextMacrotask();
    assert.deepEqual(calls, ['error']);
    assert.equal((errors[0] as NodeJS.ErrnoException).code, 'ENOSPC');
  });

  it('without onError, any other error closes the sink', async () => {
    const { stream } = createRecordingStream({ fail: () => errorWithCode('boom', 'EIO') });
    let closed = 0;
    const sink = createSink(stream, { onClosed: () => { closed += 1; } });
    sink.write('x');
    await sink.flush();
    await nextMacrotask();
    assert.equal(closed, 1);
  });

  it('on a pipe, each record reaches the reader before the next is written', { timeout: 10_000 }, async () => {
    // An echoing child: whatever it reads on stdin comes straight back on stdout.
    const child = spawnTracked(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const sink = createSink(child.stdin!, createHandlers().handlers);
    let echoed = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => { echoed += text; });
    for (let index = 0; index < 5; index += 1) {
      const line = `record ${index}\n`;
      sink.write(line);
      // No flush: the sink alone must deliver it; a sink waiting to fill a buffer times out here.
      while (!echoed.endsWith(line)) await once(child.stdout!, 'data');
    }
    assert.equal(echoed, 'record 0\nrecord 1\nrecord 2\nrecord 3\nrecord 4\n');
    child.stdin!.end();
    await once(child, 'close');
  });

  it('when the reader goes away (| head -1), the writer ends quietly: no stack trace, exit 0', { timeout: 20_000 }, async () => {
    const script = `
      import { createSink } from ${JSON.stringify(SINK_MODULE)};
      let closed = false;
      const sink = createSink(process.stdout, { onClosed() { closed = true; process.stderr.write('closed\\n'); } });
      let count = 0;
      (function produce() {
        if (closed || count > 1e6) return;
        for (let index = 0; index < 100; index += 1) sink.write('line ' + count++ + '\\n');
        setImmediate(produce);
      })();
    `;
    const child = spawnTracked(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
    const [first] = await once(child.stdout!, 'data');
    assert.match(String(first), /^line 0\n/);
    child.stdout!.destroy();
    const [exitCode] = await once(child, 'close');
    assert.equal(stderr, 'closed\n');
    assert.equal(exitCode, 0);
  });
});
