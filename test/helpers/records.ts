/**
 * Records for render and sink tests: a minimal EventRecord factory, and one record per
 * line of test/fixtures/jet-events.ndjson, decoded here by hand (src/decode is not under
 * test) with topic fields and validation verdicts written out per fixture.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventRecord, GapRecord, JetEvent, TopicFields, ValidationIssue } from '../../src/record.js';
import type { Action, Kind } from '../../src/topics/catalog.js';

export const RECEIVED_AT = '2026-11-24T09:15:03.250Z';

export function makeRecord(partial: Partial<EventRecord> = {}): EventRecord {
  return {
    type: 'event',
    received_at: RECEIVED_AT,
    device: 'mx1',
    topic: '/junos/events/kernel/interfaces/ifd/add/ge-0/0/0',
    kind: 'ifd',
    action: 'add',
    topic_fields: { interface: 'ge-0/0/0' },
    valid: true,
    event: null,
    ...partial,
  };
}

export function makeGap(partial: Partial<GapRecord> = {}): GapRecord {
  return { type: 'gap', device: 'mx1', from: '2026-11-24T10:00:01.000Z', to: '2026-11-24T10:00:05.000Z', ...partial };
}

interface TopicInfo {
  kind: Kind;
  action: Action | null;
  fields: TopicFields;
}

const IFD = '/junos/events/kernel/interfaces/ifd';

/** What the topic parser would say of each fixture topic. */
const FIXTURE_TOPICS: Readonly<Record<string, TopicInfo>> = {
  [`${IFD}/add/ge-0/0/0`]: { kind: 'ifd', action: 'add', fields: { interface: 'ge-0/0/0' } },
  [`${IFD}/change/ge-0/0/0`]: { kind: 'ifd', action: 'change', fields: { interface: 'ge-0/0/0' } },
  [`${IFD}/delete/lo0`]: { kind: 'ifd', action: 'delete', fields: { interface: 'lo0' } },
  [`${IFD}/change/ge-0/0/1`]: { kind: 'ifd', action: 'change', fields: { interface: 'ge-0/0/1' } },
  [`${IFD}/change/ge-0/0/2`]: { kind: 'ifd', action: 'change', fields: { interface: 'ge-0/0/2' } },
  [`${IFD}/change/ge-0/0/3`]: { kind: 'ifd', action: 'change', fields: { interface: 'ge-0/0/3' } },
  [`${IFD}/change/ge-0/0/4`]: { kind: 'ifd', action: 'change', fields: { interface: 'ge-0/0/4' } },
  '/junos/events/kernel/interfaces/ifl/add/ge-0/0/0.100': {
    kind: 'ifl', action: 'add', fields: { interface: 'ge-0/0/0.100', ifd: 'ge-0/0/0', unit: 100 },
  },
  '/junos/events/kernel/interfaces/ifl/change/ae0.0': {
    kind: 'ifl', action: 'change', fields: { interface: 'ae0.0', ifd: 'ae0', unit: 0 },
  },
  '/junos/events/kernel/interfaces/iff/add/ge-0/0/0.100/inet6': {
    kind: 'iff', action: 'add', fields: { interface: 'ge-0/0/0.100', ifd: 'ge-0/0/0', unit: 100, family: 'inet6' },
  },
  '/junos/events/kernel/interfaces/ifa/add/xe-0/0/1.0/inet/192.168.20.1/32': {
    kind: 'ifa', action: 'add',
    fields: {
      interface: 'xe-0/0/1.0', ifd: 'xe-0/0/1', unit: 0, family: 'inet',
      address: '192.168.20.1', prefix_length: 32, prefix: '192.168.20.1/32',
    },
  },
  '/junos/events/kernel/interfaces/ifa/delete/ge-0/0/0.100/inet6/2001:db8:0:1::1/128': {
    kind: 'ifa', action: 'delete',
    fields: {
      interface: 'ge-0/0/0.100', ifd: 'ge-0/0/0', unit: 100, family: 'inet6',
      address: '2001:db8:0:1::1', prefix_length: 128, prefix: '2001:db8:0:1::1/128',
    },
  },
  '/junos/events/kernel/firewall/filter/add/protect-re': {
    kind: 'firewall', action: 'add', fields: { filter: 'protect-re' },
  },
  '/junos/events/kernel/route/add/inet/10.20.0.0/16': {
    kind: 'route', action: 'add',
    fields: { family: 'inet', address: '10.20.0.0', prefix_length: 16, prefix: '10.20.0.0/16' },
  },
  '/junos/events/kernel/route/delete/inet6/2001:db8::/32': {
    kind: 'route', action: 'delete',
    fields: { family: 'inet6', address: '2001:db8::', prefix_length: 32, prefix: '2001:db8::/32' },
  },
  '/junos/events/kernel/route-table/add/VRF-A.inet.0/default': {
    kind: 'route-table', action: 'add', fields: { table: 'VRF-A.inet.0', logical_router: 'default' },
  },
  '/junos/events/genpub/config-update': { kind: 'config-update', action: null, fields: {} },
};

const SYSLOG = '/junos/events/syslog/';

function describeTopic(topic: string): TopicInfo {
  if (topic.startsWith(SYSLOG)) return { kind: 'syslog', action: null, fields: { event_id: topic.slice(SYSLOG.length) } };
  const info = FIXTURE_TOPICS[topic];
  if (info === undefined) throw new Error(`no topic fields written for fixture topic ${topic}`);
  return info;
}

const NOT_JSON: ValidationIssue[] = [{ pointer: '', message: 'payload is not JSON' }];

/** The validator's verdict on the fixtures it rejects, keyed by the fixture's note. */
const FIXTURE_ERRORS: Readonly<Record<string, ValidationIssue[]>> = {
  'not JSON at all: clients can publish here': NOT_JSON,
  'truncated JSON': NOT_JSON,
  'schema violation: counters must be integers': [
    { pointer: '/jet-event/attributes/snmp-id', message: 'must be integer' },
    { pointer: '/jet-event/attributes/flags', message: 'must be integer' },
  ],
  'schema violation: time missing': [{ pointer: '/jet-event', message: "must have required property 'time'" }],
};

/** Payloads may end with NULs or whitespace; the object inside `jet-event` is the event. */
function decodePayload(text: string): JetEvent | null {
  try {
    const parsed: unknown = JSON.parse(text.replace(/[\0\s]+$/, ''));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const wrapped = (parsed as Record<string, unknown>)['jet-event'];
    return (wrapped ?? parsed) as JetEvent;
  } catch {
    return null;
  }
}

export interface Fixture {
  topic: string;
  payload: string;
  note: string;
  record: EventRecord;
}

function findFixtureFile(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(directory, 'test', 'fixtures', 'jet-events.ndjson');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) throw new Error('test/fixtures/jet-events.ndjson not found above the test helpers');
    directory = parent;
  }
}

export function loadFixtures(): Fixture[] {
  const lines = readFileSync(findFixtureFile(), 'utf8').split('\n').filter((line) => line.trim() !== '');
  return lines.map((line) => {
    const { topic, payload, note } = JSON.parse(line) as { topic: string; payload: string; note: string };
    const { kind, action, fields } = describeTopic(topic);
    const event = decodePayload(payload);
    const errors = FIXTURE_ERRORS[note];
    const record = makeRecord({
      topic, kind, action, topic_fields: fields, event,
      valid: errors === undefined,
      ...(errors === undefined ? {} : { errors }),
      ...(event === null ? { raw: payload } : {}),
      payload: Buffer.from(payload, 'utf8'),
    });
    return { topic, payload, note, record };
  });
}
