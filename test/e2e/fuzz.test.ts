/**
 * A live fuzz run: 10,500 random payloads (random bytes, random and deeply nested JSON,
 * jet-event shapes full of terminal escapes, huge strings, some over --max-payload)
 * published into the built `jetsub tail` through a real mosquitto, one distinct topic per
 * message. jetsub stays up, writes exactly one record per payload up to --max-payload and
 * reports each larger one on stderr with its size, even with --quiet; stderr stays
 * terminal-safe. Seeded, so a failure can be replayed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { connectPublisher, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { type CliResult, parseNdjson, startCli } from '../helpers/cli.js';

const SEED = 20261125;
const COUNT = 10_500;
const MAX_PAYLOAD = 64 * 1024;

const hostileText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\u001b[2J', '\u001b]0;pwned\u0007', '\u0007', '\b', '\r', '\n', '\u0000', '\u009b', '\u202e', '\ud800', '🙂', 'a', ' '),
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  ),
  maxLength: 40,
});

const jetEvent = fc.record({
  'event-id': fc.oneof(hostileText, fc.constant('SNMP_TRAP_LINK_DOWN')),
  hostname: hostileText,
  time: fc.oneof(hostileText, fc.constant('2026-11-24-09:15:02')),
  severity: fc.oneof(hostileText, fc.constantFrom('info', 'ERROR')),
  facility: hostileText,
  message: hostileText,
  attributes: fc.dictionary(hostileText, fc.oneof(hostileText, fc.jsonValue({ maxDepth: 3 })), { maxKeys: 5 }),
}, { requiredKeys: [] }).map((event) => JSON.stringify({ 'jet-event': event }));

/** Nested up to 12,000 levels, bare or as an attribute (where the renderers look into it). */
const nested = fc.tuple(fc.integer({ min: 1, max: 12_000 }), fc.boolean(), fc.boolean()).map(([depth, objects, wrapped]) => {
  const value = objects ? `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return wrapped ? `{"jet-event":{"event-id":"X","attributes":{"deep":${value}}}}` : value;
});

/** Mostly small payloads; 1 in 100 large, about half of those over --max-payload. */
const payloadArb: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 30, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 25, arbitrary: fc.jsonValue({ maxDepth: 5 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')) },
  { weight: 30, arbitrary: jetEvent.map((text) => Buffer.from(text)) },
  { weight: 14, arbitrary: nested.map((text) => Buffer.from(text)) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_PAYLOAD - 2000, max: MAX_PAYLOAD + 2000 }).map((size) => Buffer.alloc(size, 0x1b)) },
);

const TOPICS = [
  (i: number) => `/junos/events/kernel/interfaces/ifd/change/fz${i}`,
  (i: number) => `/junos/events/kernel/interfaces/ifa/add/fz${i}.0/inet/10.0.0.1/32`,
  (i: number) => `/junos/events/kernel/route/add/inet/10.${(i >> 8) & 255}.${i & 255}.0/24`,
  (i: number) => `/junos/events/kernel/firewall/filter/delete/fz${i}`,
  (i: number) => `/junos/events/syslog/FUZZ_${i}`,
  (i: number) => `/junos/events/fuzz/${i}`,
];

const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

describe('live fuzz: random payloads into a running jetsub tail (mosquitto)', () => {
  let broker: Mosquitto;
  before(async () => {
    // mosquitto queues 1000 QoS 1 messages per subscriber by default and drops the rest.
    broker = await startMosquitto({ extraConfig: 'max_queued_messages 0' });
  });
  after(async () => {
    await broker.stop();
  });

  const payloads = fc.sample(payloadArb, { seed: SEED, numRuns: COUNT });
  const messages = payloads.map((payload, i) => ({ topic: TOPICS[i % TOPICS.length]!(i), payload }));
  const kept = messages.filter((m) => m.payload.length <= MAX_PAYLOAD);
  const oversized = messages.filter((m) => m.payload.length > MAX_PAYLOAD);
  const probe = { topic: '/junos/events/fuzz/ready', payload: Buffer.from('{}') };

  /** Every message published into a tail started with `output`; resolves with what it wrote. */
  async function runFuzz(output: string[]): Promise<CliResult & { seconds: number }> {
    const started = Date.now();
    // --quiet prints no "subscribed" line: a retained message, delivered once on subscribing, says it instead.
    const publisher = await connectPublisher(broker.url);
    await publisher.publishAsync(probe.topic, probe.payload, { qos: 1, retain: true });
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--all', '-q', '1', ...output,
      '--max-payload', String(MAX_PAYLOAD), '-C', String(kept.length + 1), '-W', '50', '--quiet']);
    await cli.waitFor(/fuzz\/ready/, { stream: 'stdout' });
    for (let i = 0; i < messages.length; i += 500) {
      await Promise.all(messages.slice(i, i + 500).map(({ topic, payload }) => publisher.publishAsync(topic, payload, { qos: 1 })));
    }
    const result = await cli.done;
    await publisher.endAsync();
    return { ...result, seconds: (Date.now() - started) / 1000 };
  }

  /** The process stayed up and stderr holds only reports, escaped, one per skipped payload. */
  function checkStderr(stderr: string): void {
    assert.doesNotMatch(stderr, /internal error|\n\s+at /);
    for (const { topic, payload } of oversized) {
      assert.ok(stderr.includes(`skipped a payload of ${payload.length} bytes on ${topic} (over --max-payload ${MAX_PAYLOAD})`), topic);
    }
    assert.doesNotMatch(stderr.replaceAll('\n', ''), UNSAFE, 'stderr shows payload text escaped');
    for (const line of stderr.split('\n').filter((l) => l !== '')) {
      assert.match(line, /^jetsub: (skipped a payload of \d+ bytes|payload on \S+: |invalid \S+ event on \S+: |\d+ more like it not shown \((payloads that are not JSON|invalid \S+ events); at most 10 such lines per 10 s\)$)/, line);
    }
  }

  test('the sample reaches past --max-payload on both sides', () => {
    assert.ok(oversized.length >= 10, `${oversized.length} oversized`);
    assert.ok(kept.some((m) => m.payload.length > MAX_PAYLOAD - 2000));
  });

  test(`ndjson: ${COUNT} payloads, one record for each up to --max-payload, each larger one reported, counted exactly`, { timeout: 60_000 }, async () => {
    const { code, stdout, stderr, seconds } = await runFuzz(['-o', 'ndjson']);
    assert.equal(code, 0, stderr.slice(-2000));
    checkStderr(stderr);
    const records = parseNdjson(stdout).filter((r) => r.topic !== probe.topic);
    assert.equal(records.length, kept.length);
    const seen = new Map<string, number>();
    for (const record of records) seen.set(record.topic as string, (seen.get(record.topic as string) ?? 0) + 1);
    assert.deepEqual([...seen.values()].filter((n) => n !== 1), [], 'no topic twice');
    assert.deepEqual(kept.filter((m) => !seen.has(m.topic)).map((m) => m.topic), [], 'every payload within the limit arrived');
    for (const record of records) assert.equal(typeof record.valid, 'boolean');
    assert.ok(seconds < 45, `took ${seconds} s`);
  });

  test('the default --max-payload is 1 MiB: exactly 1 MiB is a record, one byte more is skipped and reported, with --quiet', async () => {
    const MIB = 1024 * 1024;
    const publisher = await connectPublisher(broker.url);
    await publisher.publishAsync('/junos/events/size/ready', '{}', { qos: 1, retain: true });
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '-t', '/junos/events/size/#', '-q', '1', '-o', 'ndjson', '-C', '2', '-W', '20', '--quiet']);
    await cli.waitFor(/size\/ready/, { stream: 'stdout' });
    const text = (size: number) => `"${'x'.repeat(size - 2)}"`;
    await publisher.publishAsync('/junos/events/size/over', text(MIB + 1), { qos: 1 });
    await publisher.publishAsync('/junos/events/size/at', text(MIB), { qos: 1 });
    await publisher.publishAsync('/junos/events/size/ready', '', { qos: 1, retain: true });
    await publisher.endAsync();
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.topic), ['/junos/events/size/ready', '/junos/events/size/at']);
    assert.equal(stderr, `jetsub: skipped a payload of ${MIB + 1} bytes on /junos/events/size/over (over --max-payload ${MIB})\n`);
  });

  test(`pretty, colour always: ${COUNT} payloads, one terminal-safe line each`, { timeout: 60_000 }, async () => {
    const { code, stdout, stderr, seconds } = await runFuzz(['-o', 'pretty', '--color', 'always']);
    assert.equal(code, 0, stderr.slice(-2000));
    checkStderr(stderr);
    const lines = stdout.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, kept.length + 1);
    assert.doesNotMatch(stdout.replace(/\u001b\[[0-9;]*m/g, '').replaceAll('\n', ''), UNSAFE);
    assert.ok(seconds < 45, `took ${seconds} s`);
  });
});
