import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRecordBuilder } from '../../../src/pipeline/record.js';
import { EVENT_TEXT } from '../../../src/record.js';
import { serializeRecord, toOutputObject } from '../../../src/render/index.js';
import { parseTopic } from '../../../src/topics/parse.js';
import { createValidator } from '../../../src/validate/index.js';
import { readFixtures } from '../../helpers/fixtures.js';

const build = createRecordBuilder(createValidator());
const receivedAt = new Date('2026-11-24T09:15:03.250Z');

function buildFixture(topic: string, payload: string) {
  return build({ device: 'mx1', topic, parsed: parseTopic(topic), payload: Buffer.from(payload), receivedAt });
}

describe('record builder and ndjson', () => {
  for (const fixture of readFixtures()) {
    it(`fixture line ${fixture.line}: the ndjson line says what serialising the record says (${fixture.note})`, () => {
      const record = buildFixture(fixture.topic, fixture.payload);
      const line = serializeRecord(record);
      assert.ok(!line.includes('\n'));
      assert.deepEqual(JSON.parse(line), JSON.parse(JSON.stringify(toOutputObject(record))));
    });
  }

  it('keeps the event text of an ordinary payload, and the line is byte for byte the serialised one', () => {
    const payload = '{"jet-event":{"event-id":"KERNEL_EVENT_IFD_CHANGE","hostname":"mx1","time":"2026-11-24-09:15:02","severity":"info","facility":"KERNEL","attributes":{"name":"ge-0/0/1","snmp-id":521,"flags":32776}}}';
    const record = buildFixture('/junos/events/kernel/interfaces/ifd/change/ge-0/0/1', payload);
    assert.equal(record[EVENT_TEXT], payload.slice('{"jet-event":'.length, -1));
    assert.equal(serializeRecord(record), JSON.stringify(toOutputObject(record)));
  });

  it('formats received_at per message, also within one millisecond and across them', () => {
    const topic = '/junos/events/syslog/SYSTEM';
    const at = (iso: string) => build({ device: 'd', topic, parsed: parseTopic(topic), payload: Buffer.from('{}'), receivedAt: new Date(iso) }).received_at;
    assert.deepEqual(
      ['2026-11-24T09:15:03.250Z', '2026-11-24T09:15:03.250Z', '2026-11-24T09:15:03.251Z', '2026-11-24T09:15:03.250Z'].map(at),
      ['2026-11-24T09:15:03.250Z', '2026-11-24T09:15:03.250Z', '2026-11-24T09:15:03.251Z', '2026-11-24T09:15:03.250Z'],
    );
  });
});
