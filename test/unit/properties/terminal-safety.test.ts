/**
 * Terminal safety over every field a record has: random text (escape sequences, BEL,
 * backspace, CR, C1, bidi, lone surrogates) in the device, the topic and each topic field,
 * every event header field, attribute keys and values at any depth, validation pointers and
 * messages, the raw text, commit patches (XML and JSON), and gap records. Pretty and table
 * show all of it escaped, whatever the colour setting; NDJSON and JSON stay valid JSON that
 * parses back to the same values, one line per record.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { EventRecord, GapRecord, StreamRecord, TopicFields } from '../../../src/record.js';
import { createRenderer, escapeControl } from '../../../src/render/index.js';
import { ACTIONS, KINDS } from '../../../src/topics/catalog.js';
import { makeGap, makeRecord } from '../../helpers/records.js';
import { anyText, assertTerminalSafe } from './arbitraries.js';

const RUNS = { numRuns: 300 };
/** Objects as JSON.parse makes them (fast-check would also make null-prototype ones). */
const NORMAL = { noNullPrototype: true } as const;

const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  anyText,
  fc.integer(),
  fc.constantFrom(null, true, 192, 0.5),
  fc.array(anyText, { maxLength: 3 }),
  fc.dictionary(
    anyText,
    fc.oneof(anyText, fc.dictionary(anyText, anyText, { maxKeys: 2, noNullPrototype: true })),
    { maxKeys: 3, noNullPrototype: true },
  ),
);

const topicFieldsArb: fc.Arbitrary<TopicFields> = fc.record({
  interface: anyText, ifd: anyText, unit: fc.nat(), family: anyText, address: anyText, prefix_length: fc.nat(128),
  prefix: anyText, table: anyText, logical_router: anyText, filter: anyText, event_id: anyText,
}, { requiredKeys: [], noNullPrototype: true });

const issueArb = fc.record({ pointer: anyText, message: anyText }, NORMAL);

/** An XML commit patch whose tag names, attributes and names are random. */
const xmlPatchArb = fc.array(fc.tuple(anyText, anyText, anyText), { minLength: 1, maxLength: 4 })
  .map((elements) => `<configuration>${elements.map(([tag, op, name]) => `<${tag || 'x'} nc:operation="${op}"><name>${name}</name>`).join('')}</configuration>`);

const jsonPatchArb = fc.dictionary(anyText, fc.oneof(
  valueArb,
  fc.record({ '@': fc.record({ operation: anyText }, NORMAL), name: anyText }, NORMAL),
  fc.dictionary(anyText, fc.record({ name: anyText, '@': fc.record({ operation: anyText }, NORMAL) }, NORMAL), { maxKeys: 2, noNullPrototype: true }),
), { minKeys: 1, maxKeys: 3, noNullPrototype: true });

const eventArb = fc.record({
  'event-id': anyText, hostname: anyText, time: anyText, severity: anyText, facility: anyText,
  'process-id': fc.oneof(anyText, fc.nat()), 'process-name': anyText, message: anyText,
  attributes: fc.dictionary(anyText, valueArb, { maxKeys: 6, noNullPrototype: true }),
  'commit-patch': fc.oneof(xmlPatchArb, jsonPatchArb),
}, { requiredKeys: [], noNullPrototype: true });

const eventRecordArb: fc.Arbitrary<EventRecord> = fc.record({
  device: anyText,
  topic: anyText,
  kind: fc.constantFrom(...KINDS),
  action: fc.constantFrom(...ACTIONS, null),
  topic_fields: topicFieldsArb,
  valid: fc.constantFrom(true, false, null),
  errors: fc.option(fc.array(issueArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  warnings: fc.option(fc.array(issueArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  event: fc.option(eventArb, { nil: null }),
  raw: fc.option(anyText, { nil: undefined }),
  received_at: fc.oneof(fc.constant('2026-11-24T09:15:03.250Z'), anyText),
  duplicate: fc.option(fc.constant(true as const), { nil: undefined }),
}, NORMAL).map((fields) => makeRecord(fields));

const gapArb: fc.Arbitrary<GapRecord> = fc.record({
  device: anyText,
  from: fc.oneof(fc.constant('2026-11-24T10:00:01.000Z'), anyText),
  to: fc.oneof(fc.constant('2026-11-24T10:00:05.000Z'), anyText),
}, NORMAL).map((fields) => makeGap(fields));

const recordArb: fc.Arbitrary<StreamRecord> = fc.oneof({ arbitrary: eventRecordArb, weight: 5 }, { arbitrary: gapArb, weight: 1 });

describe('properties: terminal safety of every field', () => {
  for (const format of ['pretty', 'table'] as const) {
    for (const color of [false, true]) {
      it(`${format}, colour ${color ? 'on' : 'off'}: nothing from a record reaches the terminal raw`, () => {
        fc.assert(fc.property(recordArb, fc.integer({ min: 20, max: 200 }), (record, width) => {
          const renderer = createRenderer(format, { color, width });
          assertTerminalSafe(`${renderer.render(record) as string}${renderer.end?.() ?? ''}`);
        }), RUNS);
      });
    }
  }

  it('pretty shows the hostile text of a field escaped, not dropped', () => {
    fc.assert(fc.property(anyText.filter((text) => text.trim() !== '' && !/["=\\]/.test(text)), (text) => {
      const record = makeRecord({ kind: 'syslog', action: null, topic_fields: {}, event: { message: `${text}`, 'event-id': 'X' } });
      const line = createRenderer('pretty', { color: false }).render(record) as string;
      assert.ok(line.includes(escapeControl(text).slice(0, 400)), JSON.stringify([text, line]));
    }), RUNS);
  });

  for (const format of ['ndjson', 'json'] as const) {
    it(`${format}: valid JSON for every record, parsing back to the same values${format === 'ndjson' ? ', one line each' : ''}`, () => {
      fc.assert(fc.property(recordArb, (record) => {
        const text = createRenderer(format, { color: true }).render(record) as string;
        assert.ok(text.endsWith('\n'));
        // JSON escapes every C0 control, so a record is one line (U+2028 may stay raw: it is valid JSON).
        if (format === 'ndjson') assert.doesNotMatch(text.slice(0, -1), /[\n\r]/);
        const parsed = JSON.parse(text) as Record<string, unknown>;
        if (record.type === 'gap') {
          assert.deepEqual(parsed, { type: 'gap', device: record.device, from: record.from, to: record.to });
        } else {
          assert.equal(parsed.device, record.device);
          assert.equal(parsed.topic, record.topic);
          assert.deepEqual(parsed.topic_fields, record.topic_fields);
          assert.deepEqual(parsed.event, record.event);
          assert.deepEqual(parsed.errors, record.errors);
          assert.equal(parsed.raw, record.raw);
          assert.equal(parsed.duplicate, record.duplicate);
        }
      }), RUNS);
    });
  }
});
