/**
 * The capture line reader: [line, expected message or problem] for the three formats,
 * and lines split from chunks at any boundary with the bytes intact.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCapture } from '../../../../src/capture/index.js';
import { splitLines } from '../../../../src/pipeline/sources/lines.js';
import { type CaptureLine, parseCaptureLine, rebuildPayload } from '../../../../src/pipeline/sources/capture-line.js';

const IFD = '/junos/events/kernel/interfaces/ifd/change/ge-0/0/0';
const EVENT = { 'event-id': 'KERNEL_EVENT_IFD_CHANGE', hostname: 'mx1', time: '2026-11-24-09:15:02', severity: 'info', facility: 'KERNEL', attributes: { name: 'ge-0/0/0', 'snmp-id': 520, flags: 8 } };
const WRAPPED = JSON.stringify({ 'jet-event': EVENT });
const record = (extra: Record<string, unknown>) => JSON.stringify({ type: 'event', received_at: '2026-11-24T09:15:03.250Z', device: 'mx1', topic: IFD, kind: 'ifd', action: 'change', topic_fields: {}, valid: true, event: EVENT, ...extra });

type Expected = { topic: string; payload: string; format: string; receivedAt?: number; device?: string; duplicate?: true } | { problem: RegExp } | 'skip' | null;

const rows: [name: string, line: string | Buffer, expected: Expected][] = [
  ['fixture line', JSON.stringify({ topic: IFD, payload: WRAPPED, note: 'x' }), { topic: IFD, payload: WRAPPED, format: 'fixture' }],
  ['fixture line, payload not JSON: kept as is', JSON.stringify({ topic: IFD, payload: 'hello\u0000' }), { topic: IFD, payload: 'hello\u0000', format: 'fixture' }],
  ['fixture line with CRLF', `${JSON.stringify({ topic: IFD, payload: '{}' })}\r`, { topic: IFD, payload: '{}', format: 'fixture' }],
  ['jetsub record: event wrapped again', record({}), { topic: IFD, payload: WRAPPED, format: 'record', receivedAt: Date.parse('2026-11-24T09:15:03.250Z'), device: 'mx1' }],
  ['jetsub record of a payload that was not JSON: raw', record({ event: null, raw: 'Test message', valid: false }), { topic: IFD, payload: 'Test message', format: 'record', receivedAt: Date.parse('2026-11-24T09:15:03.250Z'), device: 'mx1' }],
  ['jetsub record without received_at', record({ received_at: undefined }), { topic: IFD, payload: WRAPPED, format: 'record', device: 'mx1' }],
  ['jetsub record of a redelivery, no device', record({ device: '', duplicate: true }), { topic: IFD, payload: WRAPPED, format: 'record', receivedAt: Date.parse('2026-11-24T09:15:03.250Z'), duplicate: true }],
  ['mosquitto_sub -v line: bytes after the first space', `${IFD} ${WRAPPED}`, { topic: IFD, payload: WRAPPED, format: 'mosquitto' }],
  ['mosquitto_sub -v line: spaces inside the payload kept', '/junos/events/syslog/SYSTEM  two  spaces ', { topic: '/junos/events/syslog/SYSTEM', payload: ' two  spaces ', format: 'mosquitto' }],
  ['mosquitto_sub -v line: a CR at the end is payload', '/t payload\r', { topic: '/t', payload: 'payload\r', format: 'mosquitto' }],
  ['mosquitto_sub -v line: (null) is how it prints an empty payload', '/junos/events/syslog/SYSTEM (null)', { topic: '/junos/events/syslog/SYSTEM', payload: '', format: 'mosquitto' }],
  ['mosquitto_sub -v line: topic only, empty payload', '/junos/events/syslog/SYSTEM', { topic: '/junos/events/syslog/SYSTEM', payload: '', format: 'mosquitto' }],
  ['mosquitto_sub -v line: invalid UTF-8 kept byte for byte', Buffer.concat([Buffer.from('/t '), Buffer.from([0xff, 0xfe, 0x41])]), { topic: '/t', payload: '\uFFFD\uFFFDA', format: 'mosquitto' }],
  ['blank line', '   ', null],
  ['gap record', JSON.stringify({ type: 'gap', device: 'mx1', from: 'a', to: 'b' }), 'skip'],
  ['flaps record (--collapse-flaps)', JSON.stringify({ type: 'flaps', device: 'mx1', interface: 'ge-0/0/0', flaps: 2 }), 'skip'],
  ['{ but not JSON', '{"topic": "/t", "payload": ', { problem: /starting with \{ that is not JSON/ }],
  ['JSON without a topic', JSON.stringify({ payload: 'x' }), { problem: /without a "topic"/ }],
  ['JSON with a topic but no payload', JSON.stringify({ topic: '/t', payload: 5 }), { problem: /neither a "payload" string nor "type": "event"/ }],
  ['jetsub record without event or raw', record({ event: null }), { problem: /neither "event" nor "raw"/ }],
  ['a line starting with a space', ' /t payload', { problem: /without a topic/ }],
  ['not a capture line: its first word has no /, so is no topic', 'garbage line', { problem: /line 7 is not a capture record|not a topic/ }],
  ['one word alone is no topic either', 'garbage', { problem: /not a topic/ }],
  ['a "topic" with MQTT wildcards is no topic name', '/junos/events/+/x payload', { problem: /not a topic/ }],
  ['a "topic" with control characters is no topic name', '/junos/\u0007bell payload', { problem: /not a topic/ }],
  ['a topic of a central broker (no leading /) is one', 'fleet/mx1/junos/events/syslog/A 1', { topic: 'fleet/mx1/junos/events/syslog/A', payload: '1', format: 'mosquitto' }],
];

function simplify(parsed: CaptureLine | null): Expected | { problem: string } {
  if (parsed === null) return null;
  if (parsed.type === 'skip') return 'skip';
  if (parsed.type === 'problem') return { problem: parsed.reason };
  return { topic: parsed.topic, payload: parsed.payload.toString('utf8'), format: parsed.format, ...(parsed.receivedAt === undefined ? {} : { receivedAt: parsed.receivedAt }),
    ...(parsed.device === undefined ? {} : { device: parsed.device }),
    ...(parsed.duplicate === undefined ? {} : { duplicate: parsed.duplicate }) };
}

describe('parseCaptureLine', () => {
  for (const [name, line, expected] of rows) {
    it(name, () => {
      const actual = simplify(parseCaptureLine(Buffer.isBuffer(line) ? line : Buffer.from(line, 'utf8'), 7));
      if (expected !== null && typeof expected === 'object' && 'problem' in expected) {
        assert.ok(actual !== null && typeof actual === 'object' && 'problem' in actual, JSON.stringify(actual));
        assert.match(String(actual.problem), expected.problem);
      } else {
        assert.deepEqual(actual, expected);
      }
    });
  }

  it('keeps the payload bytes of a mosquitto line exactly', () => {
    const bytes = Buffer.concat([Buffer.from('/t '), Buffer.from([0xff, 0x00, 0x41])]);
    const parsed = parseCaptureLine(bytes, 1);
    assert.ok(parsed?.type === 'message');
    assert.deepEqual([...parsed.payload], [0xff, 0x00, 0x41]);
  });

  it('carries the line number', () => assert.equal(parseCaptureLine(Buffer.from('/t x'), 42)?.line, 42));
});

describe('rebuildPayload', () => {
  const rows: [name: string, recordFields: Record<string, unknown>, expected: string | null][] = [
    ['kernel event: wrapped', { kind: 'ifd', event: { a: 1 } }, '{"jet-event":{"a":1}}'],
    ['config-update: as is', { kind: 'config-update', event: { 'commit-patch': '<x/>' } }, '{"commit-patch":"<x/>"}'],
    ['a wrapper that held a string: as is', { kind: 'ifd', event: { 'jet-event': 'X' } }, '{"jet-event":"X"}'],
    ['unknown kind with a header: wrapped', { kind: 'other', event: { 'event-id': 'X' } }, '{"jet-event":{"event-id":"X"}}'],
    ['unknown kind without a header: as is', { kind: 'other', event: { hello: 'world' } }, '{"hello":"world"}'],
    ['raw wins', { kind: 'ifd', event: null, raw: 'null' }, 'null'],
    ['nothing', { kind: 'ifd', event: null }, null],
  ];
  for (const [name, fields, expected] of rows) it(name, () => assert.equal(rebuildPayload(fields), expected));
});

async function* chunked(text: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < text.length; i += size) yield text.subarray(i, i + size);
}

describe('splitLines', () => {
  const text = Buffer.from('one\ntwo two\n\n{"x":"é"}\nlast without newline');
  for (const size of [1, 2, 3, 7, 1000]) {
    it(`chunks of ${size} bytes: the same lines`, async () => {
      const lines: string[] = [];
      for await (const line of splitLines(chunked(text, size))) lines.push(line.toString('utf8'));
      assert.deepEqual(lines, ['one', 'two two', '', '{"x":"é"}', 'last without newline']);
    });
  }

  it('readCapture numbers lines as in the file, blank lines included', async () => {
    const input = Buffer.from(`/a 1\n\n/b 2\n${JSON.stringify({ type: 'gap' })}\n/c 3\n`);
    const seen: [number, string][] = [];
    let bytes = 0;
    for await (const line of readCapture(chunked(input, 4), (n) => (bytes = n))) seen.push([line.line, line.type]);
    assert.deepEqual(seen, [[1, 'message'], [3, 'message'], [4, 'skip'], [5, 'message']]);
    assert.equal(bytes, input.length);
  });
});
