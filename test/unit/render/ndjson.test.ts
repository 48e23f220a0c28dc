import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createRenderer } from '../../../src/render/index.js';
import { EVENT_TEXT, type EventRecord, type StreamRecord } from '../../../src/record.js';
import { ACTIONS, KINDS } from '../../../src/topics/catalog.js';
import { loadFixtures, makeGap, makeRecord } from '../../helpers/records.js';

/** The contract, written out independently of the renderer: keys in this order, no payload. */
function expectedObject(record: StreamRecord): Record<string, unknown> {
  if (record.type === 'gap') return { type: 'gap', device: record.device, from: record.from, to: record.to };
  return {
    type: 'event',
    received_at: record.received_at,
    device: record.device,
    topic: record.topic,
    kind: record.kind,
    action: record.action,
    topic_fields: record.topic_fields,
    valid: record.valid,
    ...(record.errors === undefined ? {} : { errors: record.errors }),
    ...(record.warnings === undefined ? {} : { warnings: record.warnings }),
    event: record.event,
    ...(record.raw === undefined ? {} : { raw: record.raw }),
  };
}

function renderNdjson(record: StreamRecord): string {
  const output = createRenderer('ndjson', { color: true }).render(record);
  assert.equal(typeof output, 'string');
  return output as string;
}

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: anyCodeUnit }));
const issue = fc.record({ pointer: anyText, message: anyText });

const anyRecord: fc.Arbitrary<EventRecord> = fc.record(
  {
    type: fc.constant('event' as const),
    received_at: anyText,
    device: anyText,
    topic: anyText,
    kind: fc.constantFrom(...KINDS),
    action: fc.option(fc.constantFrom(...ACTIONS)),
    topic_fields: fc.record(
      { interface: anyText, unit: fc.nat(), family: anyText, prefix_length: fc.nat(128), event_id: anyText },
      { requiredKeys: [] },
    ),
    valid: fc.option(fc.boolean()),
    errors: fc.array(issue, { maxLength: 3 }),
    warnings: fc.array(issue, { maxLength: 3 }),
    event: fc.option(fc.dictionary(anyText, fc.jsonValue())),
    raw: anyText,
    payload: fc.uint8Array({ maxLength: 16 }).map((bytes) => Buffer.from(bytes)),
  },
  { requiredKeys: ['type', 'received_at', 'device', 'topic', 'kind', 'action', 'topic_fields', 'valid', 'event'] },
);

describe('ndjson', () => {
  const fixtures = loadFixtures();

  fixtures.forEach((fixture, index) => {
    it(`fixture ${index + 1}: ${fixture.note}`, () => {
      const line = renderNdjson(fixture.record);
      assert.equal(line, `${JSON.stringify(expectedObject(fixture.record))}\n`);
      assert.equal(line.indexOf('\n'), line.length - 1, 'one line');
      assert.ok(!line.includes('"payload"'), 'the payload bytes are never serialised');
    });
  });

  it('writes a gap as its own line', () => {
    assert.equal(
      renderNdjson(makeGap()),
      '{"type":"gap","device":"mx1","from":"2026-11-24T10:00:01.000Z","to":"2026-11-24T10:00:05.000Z"}\n',
    );
  });

  it('puts the keys in contract order whatever order the record was built in', () => {
    const record = {
      raw: 'r', event: null, warnings: [], errors: [{ pointer: '', message: 'm' }], valid: false,
      topic_fields: {}, action: null, kind: 'syslog', topic: 't', device: 'd', received_at: 'x', type: 'event',
    } as const satisfies EventRecord;
    assert.deepEqual(Object.keys(JSON.parse(renderNdjson(record))), [
      'type', 'received_at', 'device', 'topic', 'kind', 'action', 'topic_fields', 'valid', 'errors', 'warnings', 'event', 'raw',
    ]);
  });

  it('leaves out errors, warnings and raw when absent, even when set to undefined', () => {
    const record = makeRecord({ errors: undefined, warnings: undefined, raw: undefined, payload: Buffer.from('x') });
    assert.deepEqual(Object.keys(JSON.parse(renderNdjson(record))), [
      'type', 'received_at', 'device', 'topic', 'kind', 'action', 'topic_fields', 'valid', 'event',
    ]);
  });

  it('writes lone surrogates as \\u escapes, so the line is well-formed UTF-8 that parses back', () => {
    const record = makeRecord({ raw: 'a\ud800b\udfffc', event: null });
    const line = renderNdjson(record);
    assert.ok(line.includes('"raw":"a\\ud800b\\udfffc"'), line);
    assert.doesNotMatch(line, /\p{Cs}/u);
    assert.equal((JSON.parse(line) as { raw: string }).raw, 'a\ud800b\udfffc');
  });

  it('escapes every control character, so one record is always one line', () => {
    const record = makeRecord({ device: 'a\nb\rc\u0000\u001b\u007f', event: { message: '\n\n' } });
    const line = renderNdjson(record);
    assert.doesNotMatch(line.slice(0, -1), /[\u0000-\u001f]/);
    assert.equal((JSON.parse(line) as { device: string }).device, 'a\nb\rc\u0000\u001b\u007f');
  });

  it('still writes valid JSON for a record missing required fields', () => {
    const broken = { type: 'event', received_at: 'x', device: 'd', topic: 't', kind: 'ifd' } as unknown as EventRecord;
    assert.deepEqual(JSON.parse(renderNdjson(broken)), {
      type: 'event', received_at: 'x', device: 'd', topic: 't', kind: 'ifd',
      action: null, topic_fields: null, valid: null, event: null,
    });
  });

  it('is exactly JSON.stringify of the contract object, for any record', () => {
    fc.assert(fc.property(anyRecord, (record) => {
      const line = renderNdjson(record);
      const expected = JSON.stringify(expectedObject(record));
      assert.equal(line, `${expected}\n`);
      assert.deepEqual(JSON.parse(line), JSON.parse(expected));
    }), { numRuns: 1000 });
  });

  it('joins the line around a kept event text, byte for byte what serialising gives', () => {
    fc.assert(fc.property(anyRecord, (record) => {
      fc.pre(record.event !== null);
      const withText = { ...record, [EVENT_TEXT]: JSON.stringify(record.event) };
      assert.equal(renderNdjson(withText), `${JSON.stringify(expectedObject(record))}\n`);
    }), { numRuns: 1000 });
  });

  it('a sequence where only the device, only the time or only the topic changes (a fleet, a storm): every line exact', () => {
    const base = makeRecord({ event: { n: 1 } });
    const sequence: EventRecord[] = [
      base, { ...base, device: 'mx2' }, { ...base, device: 'mx3' }, { ...base, device: 'mx3', received_at: '2026-12-03T08:00:00.001Z' },
      { ...base, device: 'mx3', received_at: '2026-12-03T08:00:00.001Z', topic: '/junos/events/kernel/interfaces/ifd/change/ge-0/0/9' },
      { ...base, device: 'mx3', topic_fields: { interface: 'ge-0/0/9' } }, { ...base, valid: false }, { ...base, action: null }, base,
    ];
    for (const record of sequence) {
      const withText = { ...record, [EVENT_TEXT]: JSON.stringify(record.event) };
      assert.equal(renderNdjson(withText), `${JSON.stringify(expectedObject(record))}\n`);
    }
  });

  it('writes a kept event text as it is (the spelling received)', () => {
    const record = makeRecord({ event: { n: 1.5 }, [EVENT_TEXT]: '{"n":1.50}' });
    assert.match(renderNdjson(record), /,"event":\{"n":1\.50\}\}\n$/);
  });
});

describe('ndjson renderLine: the event\'s bytes copied from the payload', () => {
  const topic = '/junos/events/kernel/interfaces/ifd/change/ge-0/0/1';
  const event = (name: string) => `{"event-id":"KERNEL_EVENT_IFD_CHANGE","hostname":"mx1","attributes":{"name":"${name}","flags":1}}`;
  /** [what, payload bytes, whether the bytes can be copied]. */
  const CASES: readonly [string, Buffer, boolean][] = [
    ['ASCII, in the jet-event wrapper', Buffer.from(`{"jet-event":${event('ge-0/0/1')}}`), true],
    ['without the wrapper', Buffer.from(event('ge-0/0/1')), true],
    ['valid UTF-8 beyond ASCII', Buffer.from(`{"jet-event":${event('é漢😀')}}`), true],
    ['a BOM and trailing NUL and whitespace', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{"jet-event":${event('x')}}`), Buffer.from([0x20, 0x0a, 0x00])]), true],
    ['an invalid byte inside a string (replaced by U+FFFD in the text)', Buffer.concat([Buffer.from(`{"jet-event":${event('a').slice(0, -4)}`), Buffer.from([0xff]), Buffer.from('"}}}')]), false],
    ['spaces around the wrapper key (the text is not cut)', Buffer.from(`{ "jet-event" : ${event('x')} }`), false],
  ];
  for (const [what, payload, copied] of CASES) {
    it(`${what}: the same bytes as render`, async () => {
      const { createRecordBuilder } = await import('../../../src/pipeline/record.js');
      const { parseTopic } = await import('../../../src/topics/parse.js');
      const record = createRecordBuilder(null)({ device: 'mx1', topic, parsed: parseTopic(topic), payload, receivedAt: 0 });
      const renderer = createRenderer('ndjson', { color: false });
      const text = renderer.render(record) as string;
      const parts = renderer.renderLine!(record);
      assert.equal(parts !== null, copied);
      if (parts === null) return;
      const bytes = Buffer.concat([Buffer.from(parts.head), parts.bytes.subarray(parts.start, parts.end), Buffer.from(parts.tail)]);
      assert.ok(bytes.equals(Buffer.from(text)), `${bytes.toString()}\n${text}`);
    });
  }

  it('a record whose event was changed (EVENT_TEXT deleted) is rendered as a string', async () => {
    const { createRecordBuilder } = await import('../../../src/pipeline/record.js');
    const { parseTopic } = await import('../../../src/topics/parse.js');
    const record = createRecordBuilder(null)({ device: 'mx1', topic, parsed: parseTopic(topic), payload: CASES[0]![1], receivedAt: 0 });
    delete record[EVENT_TEXT];
    assert.equal(createRenderer('ndjson', { color: false }).renderLine!(record), null);
  });
});
