import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRecordEnv, stripJetsubEnv } from '../../../src/pipeline/outputs/record-env.js';
import type { PipelineRecord } from '../../../src/pipeline/types.js';
import { makeGap, makeRecord, RECEIVED_AT } from '../../helpers/records.js';

const BASE = { JETSUB_TYPE: 'event', JETSUB_DEVICE: 'mx1', JETSUB_RECEIVED_AT: RECEIVED_AT };

/** [name, record, the variables it gives]. */
const CASES: readonly [string, PipelineRecord, Record<string, string>][] = [
  ['an ifl event: topic fields upper-cased, event fields where present', makeRecord({
    topic: '/junos/events/kernel/interfaces/ifl/change/ge-0/0/0.100', kind: 'ifl', action: 'change',
    topic_fields: { interface: 'ge-0/0/0.100', ifd: 'ge-0/0/0', unit: 100 },
    event: { 'event-id': 'KERNEL_EVENT_IFL_CHANGE', hostname: 'mx1-re0', severity: 'info', attributes: { name: 'x' } },
  }), {
    ...BASE, JETSUB_TOPIC: '/junos/events/kernel/interfaces/ifl/change/ge-0/0/0.100', JETSUB_KIND: 'ifl', JETSUB_ACTION: 'change',
    JETSUB_VALID: 'true', JETSUB_HOSTNAME: 'mx1-re0', JETSUB_SEVERITY: 'info', JETSUB_EVENT_ID: 'KERNEL_EVENT_IFL_CHANGE',
    JETSUB_INTERFACE: 'ge-0/0/0.100', JETSUB_IFD: 'ge-0/0/0', JETSUB_UNIT: '100',
  }],
  ['a syslog event: the event id of the topic; no action, validation off, a redelivery', makeRecord({
    topic: '/junos/events/syslog/UI_COMMIT', kind: 'syslog', action: null, valid: null, duplicate: true,
    topic_fields: { event_id: 'UI_COMMIT' }, event: { 'event-id': 'ignored', severity: 'notice' },
  }), {
    ...BASE, JETSUB_TOPIC: '/junos/events/syslog/UI_COMMIT', JETSUB_KIND: 'syslog', JETSUB_DUPLICATE: 'true', JETSUB_SEVERITY: 'notice',
    JETSUB_EVENT_ID: 'UI_COMMIT',
  }],
  ['a payload that is not JSON (event null), invalid', makeRecord({ valid: false, event: null, raw: 'garbage' }), {
    ...BASE, JETSUB_TOPIC: '/junos/events/kernel/interfaces/ifd/add/ge-0/0/0', JETSUB_KIND: 'ifd', JETSUB_ACTION: 'add',
    JETSUB_VALID: 'false', JETSUB_INTERFACE: 'ge-0/0/0',
  }],
  ['event fields that are not text or numbers are left out; NULs are removed', makeRecord({
    event: { hostname: { nested: true }, severity: 'warn\0ing', 'event-id': ['a'] },
  }), {
    ...BASE, JETSUB_TOPIC: '/junos/events/kernel/interfaces/ifd/add/ge-0/0/0', JETSUB_KIND: 'ifd', JETSUB_ACTION: 'add',
    JETSUB_VALID: 'true', JETSUB_INTERFACE: 'ge-0/0/0', JETSUB_SEVERITY: 'warning',
  }],
  ['a gap record', makeGap(), {
    JETSUB_TYPE: 'gap', JETSUB_DEVICE: 'mx1', JETSUB_FROM: '2026-11-24T10:00:01.000Z', JETSUB_TO: '2026-11-24T10:00:05.000Z',
  }],
  ['a flaps record', {
    type: 'flaps', device: 'mx2', interface: 'ge-0/0/1', flaps: 7, events: 14, state: 'up', from: 'a', to: 'b', window_s: 30,
    first: makeRecord(),
  }, {
    JETSUB_TYPE: 'flaps', JETSUB_DEVICE: 'mx2', JETSUB_INTERFACE: 'ge-0/0/1', JETSUB_FLAPS: '7', JETSUB_EVENTS: '14', JETSUB_STATE: 'up',
    JETSUB_FROM: 'a', JETSUB_TO: 'b', JETSUB_WINDOW_S: '30',
  }],
];

describe('describeRecordEnv', () => {
  for (const [name, record, expected] of CASES) {
    it(name, () => assert.deepEqual(describeRecordEnv(record), expected));
  }
});

describe('stripJetsubEnv', () => {
  it('keeps the user\'s environment and drops every JETSUB_* variable (JETSUB_PASSWORD included)', () => {
    assert.deepEqual(stripJetsubEnv({ PATH: '/bin', HOME: '/h', JETSUB_PASSWORD: 'secret', JETSUB_OUTPUT: 'ndjson', JETSUBX: 'kept', UNSET: undefined }),
      { PATH: '/bin', HOME: '/h', JETSUBX: 'kept' });
  });
});
