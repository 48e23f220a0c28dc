/**
 * The read source on files in a temporary directory: lines of each format, a malformed line
 * (file:line, the stream goes on), a torn last line, gzip (whole and cut short), the topic
 * flags' filters, and --since/--until on received_at.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import type { EventRecord } from '../../../../src/record.js';
import type { Notice } from '../../../../src/pipeline/types.js';
import { listReadInputs } from '../../../../src/pipeline/sources/files.js';
import { createReadSource, type ReadSettings } from '../../../../src/pipeline/sources/read.js';
import { compileTopicFilters } from '../../../../src/topics/compile.js';
import type { TopicSelection } from '../../../../src/topics/selection.js';

const ifd = (name: string) => `/junos/events/kernel/interfaces/ifd/change/${name}`;
const payload = (name: string) => JSON.stringify({ 'jet-event': { 'event-id': 'KERNEL_EVENT_IFD_CHANGE', hostname: 'mx1', time: '2026-12-02-02:10:00',
  severity: 'info', facility: 'KERNEL', attributes: { name, 'snmp-id': 500, flags: 8 } } });
const fixture = (name: string) => JSON.stringify({ topic: ifd(name), payload: payload(name) });
const record = (name: string, at: string, device = 'mx9') => JSON.stringify({ type: 'event', received_at: at, device, topic: ifd(name), kind: 'ifd',
  action: 'change', topic_fields: {}, valid: true, event: JSON.parse(payload(name))['jet-event'] });

async function read(paths: string[], selection: TopicSelection = {}, window: Partial<ReadSettings> = {}) {
  const records: EventRecord[] = [];
  const notices: Notice[] = [];
  const open = createReadSource({
    inputs: listReadInputs(paths), ...window, topics: compileTopicFilters(selection), validator: null, maxPayload: 1024 * 1024,
  });
  const source = await open({
    onRecord: (r) => void (r.type === 'event' && records.push(r)),
    onNotice: (n) => notices.push(n),
    onFatal: (e) => assert.fail(e.message),
  });
  await source.ended;
  await source.close();
  return {
    records: records.map((r) => [r.device, r.topic_fields.interface, r.received_at]),
    notices: notices.map((n) => (n.type === 'read-problem' ? `${n.file.replace(/^.*\//, '')}:${n.line ?? ''} ${n.reason}` : n.type === 'read-untimed' ? `untimed ${n.lines}` : n.type)),
  };
}

describe('the read source (--read)', () => {
  const root = mkdtempSync(join(tmpdir(), 'jetsub-read-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer) => {
    writeFileSync(join(root, name), content);
    return join(root, name);
  };

  it('each format; a malformed line is reported with file:line and the rest goes on', async () => {
    const path = file('mixed.ndjson', [fixture('ge-0/0/1'), '{"topic": oops', `${ifd('ge-0/0/2')} ${payload('ge-0/0/2')}`, '',
      record('ge-0/0/3', '2026-12-02T02:10:00.000Z'), JSON.stringify({ type: 'gap', device: 'mx9', from: 'a', to: 'b' })].join('\n') + '\n');
    const { records, notices } = await read([path]);
    assert.equal(records.length, 3);
    assert.deepEqual(records.map(([device, name]) => [device, name]), [['mixed.ndjson', 'ge-0/0/1'], ['mixed.ndjson', 'ge-0/0/2'], ['mx9', 'ge-0/0/3']]);
    assert.equal(records[2]![2], '2026-12-02T02:10:00.000Z');
    assert.deepEqual(notices, ['mixed.ndjson:2 skipped: a line starting with { that is not JSON (expected a {"topic","payload"} line, a jetsub record, or `topic payload`)']);
  });

  it('a torn last line (no newline, does not parse) is reported as torn; a whole last line without its newline is read', async () => {
    const torn = file('torn.ndjson', `${record('ge-0/0/1', '2026-12-02T02:00:00.000Z')}\n${record('ge-0/0/2', '2026-12-02T02:00:01.000Z').slice(0, 40)}`);
    const whole = file('whole.ndjson', record('ge-0/0/3', '2026-12-02T02:00:02.000Z'));
    const { records, notices } = await read([torn, whole]);
    assert.deepEqual(records.map((r) => r[1]), ['ge-0/0/1', 'ge-0/0/3']);
    assert.deepEqual(notices, ['torn.ndjson:2 torn last line (no newline at its end: a write cut short?), skipped']);
  });

  it('gzip, told by its magic bytes; a .gz cut short gives what it holds, is reported, and the next input is read', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => record(`ge-0/0/${i}`, '2026-12-02T02:00:00.000Z')).join('\n') + '\n';
    const gz = gzipSync(lines);
    const whole = file('a.ndjson.gz', gz);
    const cut = file('b.ndjson.gz', gz.subarray(0, gz.length - 30));
    const plain = file('c.log', `${record('xe-1/0/0', '2026-12-02T02:00:00.000Z')}\n`);
    const { records, notices } = await read([whole, cut, plain]);
    assert.equal(records.filter((r) => r[1] !== 'xe-1/0/0').length >= 200, true);
    assert.equal(records.at(-1)![1], 'xe-1/0/0');
    assert.equal(notices.length, 1);
    assert.match(notices[0]!, /^b\.ndjson\.gz: cannot be read to its end \(the gzip data ends early\); going on with the next input$/);
  });

  it("the topic flags' MQTT filters and their client-side narrowing apply", async () => {
    const path = file('topics.ndjson', [fixture('ge-0/0/1'), fixture('xe-0/0/1'), fixture('ge-0/1/1'), JSON.stringify({ topic: '/junos/events/syslog/X', payload: '{}' })].join('\n'));
    assert.deepEqual((await read([path], { ifd: ['ge-0/0/*'] })).records.map((r) => r[1]), ['ge-0/0/1']);
    assert.deepEqual((await read([path], { ifd: [true] })).records.map((r) => r[1]), ['ge-0/0/1', 'xe-0/0/1', 'ge-0/1/1']);
  });

  it('--since (inclusive) and --until (exclusive) on received_at; lines without one are counted and skipped', async () => {
    const path = file('window.ndjson', [
      record('a', '2026-12-02T01:59:59.999Z'), record('b', '2026-12-02T02:00:00.000Z'), fixture('untimed'),
      record('c', '2026-12-02T02:59:59.999Z'), record('d', '2026-12-02T03:00:00.000Z'),
    ].join('\n'));
    const { records, notices } = await read([path], {}, { since: Date.parse('2026-12-02T02:00:00Z'), until: Date.parse('2026-12-02T03:00:00Z') });
    assert.deepEqual(records.map((r) => r[1]), ['b', 'c']);
    assert.deepEqual(notices, ['untimed 1']);
  });
});
