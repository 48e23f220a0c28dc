import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createRenderer, type OutputFormat } from '../../../src/render/index.js';
import type { StreamRecord } from '../../../src/record.js';
import { loadFixtures, makeGap, makeRecord } from '../../helpers/records.js';

const SGR = /\u001b\[[0-9;]*m/g;
/** What must never come from a payload: C0 (but our own line ends), DEL, C1, format chars, separators. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const HOSTILE = 'a\u001b]0;pwned\u0007b\u001b[2J\r\u0008\u009b31m\u202eevil\u2066\u200b\u0000';
const HOSTILE_SHOWN = 'a\\x1b]0;pwned\\x07b\\x1b[2J\\r\\x08\\x9b31m\\u202eevil\\u2066\\u200b\\x00';

/** Any UTF-16 unit, lone surrogates included; 'binary' adds whole astral code points. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

const TERMINAL_FORMATS: readonly OutputFormat[] = ['pretty', 'table'];

function render(format: OutputFormat, record: StreamRecord, color: boolean): string {
  // Wide enough that the table truncates nothing that matters here.
  const output = createRenderer(format, { color, width: 1000 }).render(record);
  assert.equal(typeof output, 'string');
  return output as string;
}

/** Only our own colour codes and line ends may be control characters. */
function assertSafe(output: string): void {
  assert.doesNotMatch(output.replace(SGR, '').replaceAll('\n', ''), UNSAFE, JSON.stringify(output));
}

/** How a nested value shows: JSON escapes C0 itself, the rest is escaped as everywhere. */
const HOSTILE_IN_JSON = 'a\\u001b]0;pwned\\u0007b\\u001b[2J\\r\\b\\x9b31m\\u202eevil\\u2066\\u200b\\u0000';

const hostileRecords: readonly [string, StreamRecord, string?][] = [
  ['router name', makeRecord({ event: { hostname: HOSTILE } })],
  ['device name', makeRecord({ device: HOSTILE, event: {} })],
  ['interface from the topic', makeRecord({ topic_fields: { interface: HOSTILE }, event: {} })],
  ['event time', makeRecord({ event: { time: HOSTILE } })],
  ['severity', makeRecord({ event: { severity: HOSTILE } })],
  ['attribute value', makeRecord({ event: { attributes: { 'snmp-id': HOSTILE } } })],
  ['attribute key', makeRecord({ kind: 'other', event: { attributes: { [HOSTILE]: 1 } } })],
  ['nested attribute value', makeRecord({ kind: 'other', event: { attributes: { x: { y: HOSTILE } } } }), HOSTILE_IN_JSON],
  ['syslog event id', makeRecord({ kind: 'syslog', action: null, topic_fields: { event_id: HOSTILE }, event: {} })],
  ['syslog message', makeRecord({ kind: 'syslog', action: null, event: { message: HOSTILE } })],
  ['syslog process', makeRecord({ kind: 'syslog', action: null, event: { message: 'm', 'process-name': HOSTILE, 'process-id': HOSTILE } })],
  ['config path', makeRecord({ kind: 'config-update', action: null, event: { 'commit-patch': { [HOSTILE]: 1 } } })],
  ['config operation', makeRecord({ kind: 'config-update', action: null, event: { 'commit-patch': { a: { '@': { operation: HOSTILE } } } } })],
  ['not-JSON text', makeRecord({ event: null, raw: HOSTILE })],
  ['validation error', makeRecord({ valid: false, errors: [{ pointer: HOSTILE, message: HOSTILE }], event: {} })],
  ['validation warning', makeRecord({ warnings: [{ pointer: '', message: HOSTILE }], event: {} })],
  ['other topic', makeRecord({ kind: 'other', topic: HOSTILE, event: {} })],
  ['gap device', makeGap({ device: HOSTILE })],
  ['gap times', makeGap({ from: HOSTILE, to: HOSTILE })],
];

describe('terminal safety', () => {
  const escapeFixture = loadFixtures().find((fixture) => fixture.payload.includes('\\u001b[2J'));

  for (const format of TERMINAL_FORMATS) {
    for (const color of [false, true]) {
      const mode = `${format}, colour ${color ? 'on' : 'off'}`;

      it(`${mode}: the escape-sequence fixture is shown escaped, with no raw ESC or BEL`, () => {
        assert.ok(escapeFixture, 'the fixture with terminal escapes is present');
        const output = render(format, escapeFixture.record, color);
        assert.ok(output.includes('command="show \\x1b[2J\\x1b[31mversion\\x07"'), output);
        assert.doesNotMatch(output, /\u0007/);
        assert.doesNotMatch(output.replace(SGR, ''), /\u001b/);
        assertSafe(output);
      });

      for (const [name, record, shown = HOSTILE_SHOWN] of hostileRecords) {
        it(`${mode}: escapes the ${name}`, () => {
          const output = render(format, record, color);
          // Table cells may be cut short: the start of the escaped text must be there.
          assert.ok(output.includes(format === 'table' ? shown.slice(0, 6) : shown), output);
          assertSafe(output);
        });
      }

      it(`${mode}: no string from a payload reaches the terminal raw`, () => {
        const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: anyCodeUnit }));
        const record = fc.record({
          hostname: anyText, message: anyText, key: anyText, value: anyText, topic: anyText,
        }).map(({ hostname, message, key, value, topic }) => makeRecord({
          kind: 'syslog', action: null, topic, device: hostname, topic_fields: { event_id: key },
          event: { hostname, message, severity: value, attributes: { [key]: value } },
        }));
        fc.assert(fc.property(record, (generated) => assertSafe(render(format, generated, color))), { numRuns: 300 });
      });
    }
  }

  it('ndjson of the escape-sequence fixture parses back to the same event', () => {
    assert.ok(escapeFixture);
    const line = createRenderer('ndjson', { color: false }).render(escapeFixture.record) as string;
    const parsed = JSON.parse(line) as { event: unknown };
    assert.deepEqual(parsed.event, JSON.parse(escapeFixture.payload)['jet-event']);
    assert.doesNotMatch(line, /[\u0000-\u0009\u000b-\u001f]/, 'control characters are JSON-escaped');
  });
});
