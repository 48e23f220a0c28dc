/**
 * decode → validate → render over hostile input: random bytes, random JSON, jet-event
 * shaped objects with random values, deep nesting, huge strings, commit patches. Nothing
 * throws, nothing hangs; every format renders; NDJSON is one line that parses back; pretty
 * and table show no raw control character.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_JSON_DEPTH } from '../../../src/decode/payload.js';
import { createRecordBuilder } from '../../../src/pipeline/record.js';
import type { EventRecord } from '../../../src/record.js';
import { OUTPUT_FORMATS, createRenderer } from '../../../src/render/index.js';
import { parseTemplate } from '../../../src/render/template.js';
import { parseTopic } from '../../../src/topics/parse.js';
import { createValidator } from '../../../src/validate/index.js';
import { anyText, assertTerminalSafe } from './arbitraries.js';

const RUNS = { numRuns: 200 };
const validator = createValidator({});
const build = createRecordBuilder(validator);
const buildUnvalidated = createRecordBuilder(null);
/** -o template renders only with a -F template: one that shows topic and payload. */
const TEMPLATE = parseTemplate('%t %p');

const TOPICS = [
  '/junos/events/kernel/interfaces/ifd/change/ge-0/0/0',
  '/junos/events/kernel/interfaces/ifl/add/ae0.100',
  '/junos/events/kernel/interfaces/iff/add/ge-0/0/0.100/inet6',
  '/junos/events/kernel/interfaces/ifa/add/xe-0/0/1.0/inet/192.168.20.1/32',
  '/junos/events/kernel/firewall/filter/change/protect-re/v4',
  '/junos/events/kernel/route/add/inet6/2001:db8::/32',
  '/junos/events/kernel/route-table/add/inet.0/default',
  '/junos/events/syslog/SNMP_TRAP_LINK_DOWN',
  '/junos/events/genpub/config-update',
  '/junos/events/other/thing',
] as const;

/** Known topics, known topics with junk levels, and junk. */
const topicArb = fc.oneof(
  fc.constantFrom(...TOPICS),
  fc.tuple(fc.constantFrom(...TOPICS), fc.array(anyText, { maxLength: 3 })).map(([t, extra]) => [t, ...extra].join('/')),
  anyText,
);

const headerValue = fc.oneof(anyText, fc.jsonValue({ maxDepth: 2 }));

/** `{"jet-event": {...}}` with every header field random and random attributes (keys too). */
const jetEventArb = fc.record({
  'event-id': headerValue, hostname: headerValue, time: headerValue, severity: headerValue, facility: headerValue,
  'process-id': headerValue, 'process-name': headerValue, message: headerValue,
  attributes: fc.oneof(fc.dictionary(anyText, fc.oneof(headerValue, fc.jsonValue({ maxDepth: 4 }))), headerValue),
}, { requiredKeys: [] }).map((event) => ({ 'jet-event': event }));

/** A commit patch as Junos sends it (XML text or a JSON object), or not at all. */
const commitPatchArb = fc.oneof(
  fc.array(fc.oneof(
    fc.constantFrom('<configuration>', '</configuration>', '<interfaces>', '</interfaces>', '<name>', '</name>', '<unit nc:operation="create">', '<x/>', '<', '>'),
    anyText,
  ), { maxLength: 20 }).map((parts) => parts.join('')),
  fc.dictionary(anyText, fc.jsonValue({ maxDepth: 5 })),
  fc.jsonValue({ maxDepth: 3 }),
).map((patch) => ({ 'commit-patch': patch }));

/** Arrays and objects nested up to 20,000 levels: past what JSON.stringify and recursion survive. */
const deepArb = fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.boolean(), fc.boolean()).map(([depth, objects, wrapped]) => {
  const open = objects ? '{"a":' : '[';
  const close = objects ? '}' : ']';
  const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
  return wrapped ? `{"jet-event":{"event-id":"X","attributes":{"deep":${nested}}}}` : nested;
});

const payloadArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  fc.jsonValue({ maxDepth: 6 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  jetEventArb.map((value) => Buffer.from(JSON.stringify(value))),
  commitPatchArb.map((value) => Buffer.from(JSON.stringify(value))),
  deepArb.map((text) => Buffer.from(text)),
  fc.tuple(jetEventArb, fc.constantFrom('\u0000', '\n', ' \r\n', '\u0000\u0000')).map(([value, tail]) => Buffer.from(JSON.stringify(value) + tail)),
);

/** Every format, with and without colour: returns what each wrote. */
function renderAll(record: EventRecord): Map<string, string | Uint8Array> {
  const outputs = new Map<string, string | Uint8Array>();
  for (const format of OUTPUT_FORMATS) {
    for (const color of [false, true]) {
      const renderer = createRenderer(format, { color, width: 100, template: TEMPLATE });
      outputs.set(`${format}/${color}`, `${renderer.render(record) as string}${renderer.end?.() ?? ''}`);
    }
  }
  return outputs;
}

function checkRecord(record: EventRecord): void {
  assert.equal(typeof record.valid === 'boolean' || record.valid === null, true);
  if (record.event === null) assert.equal(typeof record.raw, 'string', 'a payload without an event keeps its text');
  for (const [mode, output] of renderAll(record)) {
    const [format] = mode.split('/');
    if (format === 'ndjson') {
      const text = output as string;
      assert.ok(text.endsWith('\n') && !text.slice(0, -1).includes('\n'), 'one line');
      const parsed = JSON.parse(text) as { type: string; topic: string };
      assert.equal(parsed.topic, record.topic);
    }
    if (format === 'pretty' || format === 'table') assertTerminalSafe(output as string);
  }
}

describe('properties: decode → validate → render never throws, and every format holds', () => {
  it('random topics and payloads, validated', () => {
    fc.assert(fc.property(topicArb, payloadArb, (topic, payload) => {
      checkRecord(build({ device: 'mx1', topic, parsed: parseTopic(topic), payload: Buffer.from(payload), receivedAt: new Date() }));
    }), RUNS);
  });

  it('random topics and payloads, validation off', () => {
    fc.assert(fc.property(topicArb, payloadArb, (topic, payload) => {
      checkRecord(buildUnvalidated({ device: 'mx1', topic, parsed: parseTopic(topic), payload: Buffer.from(payload), receivedAt: new Date() }));
    }), RUNS);
  });

  it(`JSON nested deeper than ${MAX_JSON_DEPTH} levels is an invalid record with its text, not a crash`, () => {
    for (const depth of [MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, 5000, 100_000]) {
      const text = `{"jet-event":{"event-id":"X","attributes":{"deep":${'['.repeat(depth)}${']'.repeat(depth)}}}}`;
      const topic = TOPICS[0];
      const record = build({ device: 'mx1', topic, parsed: parseTopic(topic), payload: Buffer.from(text), receivedAt: new Date() });
      // The wrapper and attributes add two levels.
      if (depth + 3 <= MAX_JSON_DEPTH) assert.notEqual(record.event, null, `depth ${depth}`);
      if (depth > MAX_JSON_DEPTH) {
        assert.equal(record.event, null, `depth ${depth}`);
        assert.equal(record.valid, false);
        assert.deepEqual(record.errors, [{ pointer: '', message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` }]);
        assert.equal(record.raw, text);
      }
      checkRecord(record);
    }
  });

  it('a redelivery keeps "duplicate": true in ndjson, on the fast path and the slow one', () => {
    fc.assert(fc.property(topicArb, payloadArb, (topic, payload) => {
      const record = build({ device: 'mx1', topic, parsed: parseTopic(topic), payload: Buffer.from(payload), receivedAt: new Date() });
      record.duplicate = true;
      const line = createRenderer('ndjson', { color: false }).render(record) as string;
      assert.equal((JSON.parse(line) as { duplicate?: boolean }).duplicate, true, line);
    }), RUNS);
  });

  it('brackets inside strings do not count as nesting', () => {
    const text = JSON.stringify({ 'jet-event': { 'event-id': 'X', message: '['.repeat(10_000) + '{'.repeat(10_000), 'm\\"[': '"[[[' } });
    const topic = '/junos/events/syslog/X';
    const record = build({ device: 'mx1', topic, parsed: parseTopic(topic), payload: Buffer.from(text), receivedAt: new Date() });
    assert.notEqual(record.event, null);
  });

  it('huge strings (a quarter MiB) in every place render in bounded time and size', () => {
    const huge = 'x\u001b['.repeat(90_000);
    const payloads = [
      { 'jet-event': { 'event-id': 'X', hostname: huge, message: huge, attributes: { [huge]: huge } } },
      { 'jet-event': { 'event-id': huge, time: huge, severity: huge, attributes: { flags: huge, name: huge } } },
      { 'commit-patch': `<configuration><interfaces nc:operation="create"><name>${huge}</name></interfaces></configuration>` },
      { 'commit-patch': { [huge]: { [huge]: huge } } },
    ];
    for (const payload of payloads) {
      for (const topic of ['/junos/events/syslog/X', '/junos/events/genpub/config-update', `/junos/events/syslog/${huge}`]) {
        const started = Date.now();
        const record = build({ device: 'mx1', topic, parsed: parseTopic(topic), payload: Buffer.from(JSON.stringify(payload)), receivedAt: new Date() });
        checkRecord(record);
        for (const format of ['pretty', 'table'] as const) {
          const line = createRenderer(format, { color: true, width: 100, template: TEMPLATE }).render(record) as string;
          assert.ok(line.length < 20_000, `${format} line of ${line.length} characters`);
        }
        assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
      }
    }
  });
});
