import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReadAhead, type Queued } from '../../../src/pipeline/read-ahead.js';
import { createGate } from '../../../src/pipeline/sources/read-ahead-gate.js';
import type { PipelineRecord } from '../../../src/pipeline/types.js';

const slot = (): Queued => ({ device: 0, topic: '', payload: Buffer.alloc(0), duplicate: false, receivedAt: 0 });

describe('read-ahead queue', () => {
  it('gives back every message in order, bytes intact, across slabs and after emptying', () => {
    const queue = createReadAhead();
    const out = slot();
    const payload = (i: number) => Buffer.from(`{"n":${i},"pad":"${'x'.repeat(i % 700)}"}`);
    let next = 0;
    // 5,000 messages of up to ~720 bytes: several slabs (some deflated); taken out in waves that empty the queue.
    for (let wave = 0; wave < 3; wave++) {
      for (let i = 0; i < 5000; i++) queue.push(i % 3, `t${i % 2}`, payload(wave * 5000 + i), i % 5 === 0, 1000 + i);
      assert.equal(queue.length, 5000);
      for (let i = 0; i < 5000; i++, next++) {
        const m = queue.shift(out)!;
        assert.equal(m.payload.toString(), payload(next).toString());
        assert.deepEqual([m.device, m.topic, m.duplicate, m.receivedAt], [i % 3, `t${i % 2}`, i % 5 === 0, 1000 + i]);
      }
      assert.equal(queue.shift(out), undefined);
    }
  });

  it('a payload view stays valid after the queue moved past its slab', () => {
    const queue = createReadAhead();
    const out = slot();
    queue.push(0, 't', Buffer.from('first'), false, 0);
    const first = Buffer.from(queue.shift(out)!.payload);
    const view = out.payload;
    for (let i = 0; i < 3000; i++) queue.push(0, 't', Buffer.alloc(1000, i % 256), false, 0);
    while (queue.shift(out)) { /* drained */ }
    assert.equal(view.toString(), first.toString());
  });

  it('slabs waiting for the reader are held deflated: 100,000 events of a storm in a few MiB, given back intact', () => {
    const queue = createReadAhead();
    const out = slot();
    const event = (i: number) => Buffer.from(JSON.stringify({ 'jet-event': {
      'event-id': 'KERNEL_EVENT_IFD_CHANGE', hostname: `mx${i % 7}`, time: `2026-11-24-09:15:${String(i % 60).padStart(2, '0')}`,
      attributes: { name: `ge-0/0/${i % 48}`, 'snmp-id': 500 + (i % 48), flags: (i * 7919) % 65536, 'generation-number': i },
    } }));
    let raw = 0;
    for (let i = 0; i < 100_000; i++) {
      const payload = event(i);
      raw += 20 + payload.length;
      queue.push(i % 3, `t${i % 4}`, payload, false, i);
    }
    assert.ok(raw > 19 * 1024 * 1024, `${raw} bytes queued`);
    // Whole: the slab being filled (and the first, which the reader is in); the rest deflated.
    assert.ok(queue.bytes < raw / 4, `${queue.bytes} of ${raw} bytes held`);
    assert.deepEqual(queue.takePeak(), { events: 100_000, bytes: queue.bytes });
    for (let i = 0; i < 100_000; i++) {
      const m = queue.shift(out)!;
      assert.equal(m.payload.toString(), event(i).toString());
      assert.deepEqual([m.device, m.topic, m.receivedAt], [i % 3, `t${i % 4}`, i]);
    }
    assert.equal(queue.shift(out), undefined);
    assert.ok(queue.bytes <= 1024 * 1024, `${queue.bytes} bytes held when empty`);
  });

  it('reading and writing interleaved across packed slabs, with payloads larger than a slab and empty ones', () => {
    const queue = createReadAhead();
    const out = slot();
    const payload = (i: number) => (i % 997 === 0 ? Buffer.alloc(1024 * 1024 + 3, i % 251) : i % 13 === 0 ? Buffer.alloc(0) : Buffer.from(`{"n":${i}}`.repeat(1 + (i % 40))));
    let next = 0;
    for (let i = 0; i < 60_000; i++) {
      queue.push(0, 't', payload(i), i % 2 === 0, i);
      // Take out fewer than go in (the reader behind, slabs packed), then sometimes catch up whole.
      const take = i % 5000 === 4999 ? queue.length : i % 3 === 0 ? 1 : 0;
      for (let k = 0; k < take; k++, next++) {
        const m = queue.shift(out)!;
        assert.ok(m.payload.equals(payload(next)), `message ${next}`);
        assert.deepEqual([m.duplicate, m.receivedAt], [next % 2 === 0, next]);
      }
    }
    for (; queue.length > 0; next++) assert.ok(queue.shift(out)!.payload.equals(payload(next)), `message ${next}`);
    assert.equal(next, 60_000);
  });

  it('takePeak: the most held since the last call', () => {
    const queue = createReadAhead();
    const out = slot();
    for (let i = 0; i < 7; i++) queue.push(0, 't', Buffer.from('x'), false, 0);
    for (let i = 0; i < 5; i++) queue.shift(out);
    assert.deepEqual(queue.takePeak(), { events: 7, bytes: 256 * 1024 });
    assert.deepEqual(queue.takePeak(), { events: 2, bytes: 256 * 1024 });
  });
});

describe('read-ahead gate', () => {
  const gap: PipelineRecord = { type: 'gap', device: 'mx1', from: 'a', to: 'b' };

  function harness(capacity: number) {
    const log: string[] = [];
    const gate = createGate(capacity, false, {
      process: (device, topic, payload) => void log.push(`${device}:${topic}:${payload.toString()}`),
      emit: (record) => void log.push(record.type),
      pauseSockets: () => void log.push('pause'),
      resumeSockets: () => void log.push('resume'),
      onFull: (n) => void log.push(`full ${n}`),
    });
    return { log, gate, send: (text: string) => gate.message(0, 't', Buffer.from(text), false) };
  }
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('capacity 0: pause and resume go to the sockets, messages straight through', () => {
    const { log, gate, send } = harness(0);
    send('a');
    gate.pause();
    send('b');
    gate.resume();
    assert.deepEqual(log, ['0:t:a', 'pause', '0:t:b', 'resume']);
  });

  it('while paused, messages and gap records wait in order; resumed, they come out before new ones', async () => {
    const { log, gate, send } = harness(10);
    send('a');
    gate.pause();
    send('b');
    gate.record(gap);
    send('c');
    assert.deepEqual(log, ['0:t:a']);
    gate.resume();
    send('d');
    await turn();
    assert.deepEqual(log, ['0:t:a', '0:t:b', 'gap', '0:t:c', '0:t:d']);
    assert.equal(gate.takePeak().events, 4);
  });

  it('at capacity the sockets pause (told once per episode) and resume at three quarters', async () => {
    const { log, gate, send } = harness(4);
    gate.pause();
    for (const text of ['a', 'b', 'c', 'd']) send(text);
    assert.deepEqual(log, ['pause', 'full 4']);
    gate.resume();
    await turn();
    assert.deepEqual(log, ['pause', 'full 4', '0:t:a', 'resume', '0:t:b', '0:t:c', '0:t:d']);
  });

  it('a pause from inside processing stops the work at once', async () => {
    const log: string[] = [];
    const gate = createGate(100, false, {
      process: (_d, _t, payload) => {
        log.push(payload.toString());
        if (payload.toString() === 'b') gate.pause();
      },
      emit: () => undefined,
      pauseSockets: () => undefined,
      resumeSockets: () => undefined,
      onFull: () => undefined,
    });
    gate.pause();
    for (const text of ['a', 'b', 'c']) gate.message(0, 't', Buffer.from(text), false);
    gate.resume();
    await turn();
    assert.deepEqual(log, ['a', 'b']);
    gate.resume();
    await turn();
    assert.deepEqual(log, ['a', 'b', 'c']);
  });

  it('with acknowledgements, a queued message settles once processed and delivered', async () => {
    let delivered!: () => void;
    const gate = createGate(10, true, {
      process: () => new Promise<void>((resolve) => (delivered = resolve)),
      emit: () => undefined,
      pauseSockets: () => undefined,
      resumeSockets: () => undefined,
      onFull: () => undefined,
    });
    gate.pause();
    let settled = false;
    void gate.message(0, 't', Buffer.from('a'), false)!.then(() => (settled = true));
    gate.resume();
    await turn();
    assert.equal(settled, false);
    delivered();
    await turn();
    assert.equal(settled, true);
  });
});
