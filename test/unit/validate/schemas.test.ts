/**
 * The schema files as a public contract: metadata, strict compilation, their reusable
 * definitions as [value, accepted] tables, agreement with the topic catalogue, and the
 * record/gap shapes jetsub writes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { EventRecord, GapRecord } from '../../../src/record.js';
import { ACTIONS, CATALOG, KINDS, SEVERITIES, isKernelKind } from '../../../src/topics/catalog.js';
import { loadSchemaFiles } from '../../../src/validate/index.js';

const files = loadSchemaFiles();
const schemaOf = (name: string): Record<string, any> => files.find((file) => file.name === name)!.schema;

/** Stricter than jetsub's own ajv (strictTypes on): the built-ins must pass it. */
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false });
for (const file of files) ajv.addSchema(file.schema);
const compile = (name: string): ValidateFunction => ajv.getSchema(`https://jetsub.dev/schemas/${name}.schema.json`)!;
const compileDef = (def: string): ValidateFunction =>
  ajv.compile({ $ref: `https://jetsub.dev/schemas/jet-event.schema.json#/$defs/${def}` });

describe('schema files', () => {
  for (const { name, schema } of files) {
    it(`${name}: 2020-12, $id from its file name, a title and a description; compiles strictly`, () => {
      assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
      assert.equal(schema.$id, `https://jetsub.dev/schemas/${name}.schema.json`);
      assert.ok(typeof schema.title === 'string' && schema.title.length > 0);
      assert.ok(typeof schema.description === 'string' && schema.description.length > 40);
      assert.equal(typeof compile(name), 'function');
    });
  }

  it('exist for every kind but other, plus the header, record, gap, flaps (tail --collapse-flaps) and top (top -o json)', () => {
    const expected = [...KINDS.filter((kind) => kind !== 'other'), 'jet-event', 'record', 'gap', 'flaps', 'top'].sort();
    assert.deepEqual(files.map((file) => file.name), expected);
  });

  for (const info of CATALOG.filter((entry) => isKernelKind(entry.kind))) {
    it(`${info.kind}: describes exactly the attributes the catalogue lists`, () => {
      const attributes = schemaOf(info.kind).properties['jet-event'].properties.attributes.properties;
      assert.deepEqual(Object.keys(attributes).sort(), [...info.attributes].sort());
    });
  }
});

const DEFINITIONS: Record<string, [value: unknown, accepted: boolean][]> = {
  severity: [
    ...SEVERITIES.flatMap((s): [string, boolean][] => [[s, true], [s.toUpperCase(), true], [s[0]!.toUpperCase() + s.slice(1), true]]),
    ['iNfO', true], ['inform', false], ['informational', false], ['warn', false], ['err', false],
    ['', false], [' info', false], ['info\n', false], [6, false], [null, false],
  ],
  time: [
    ['2019-01-22-14:59:06', true], ['2026-11-24', true], ['2016-12-31-23:59:60', true],
    ['2019-01-22 14:59:06', false], ['2019-01-22T14:59:06', false], ['2019-01-22-14:59', false],
    ['2019-00-22', false], ['2019-01-32', false], ['2019-01-22-24:00:00', false], ['19-01-22', false],
    ['2019-01-22-14:59:06Z', false], ['', false], [20190122, false],
  ],
  'event-id': [
    ['KERNEL_EVENT_IFA_ADD', true], ['SYSTEM', true], ['PIC', true], ['UI_COMMIT_COMPLETED', true], ['RPD_OSPF_NBRUP2', true],
    ['kernel_event', false], ['Login_Information', false], ['_X', false], ['1ABC', false], ['A-B', false], ['', false],
  ],
  counter: [[0, true], [192, true], [2 ** 40, true], [520.0, true], [-1, false], [1.5, false], ['8', false], [null, false]],
  prefix: [
    ...['192.168.10.1/32', '10.0.0.0/8', '0.0.0.0/0', '255.255.255.255/32', '2001:db8::/32', '2001:db8:0:1::1/128',
      'fe80::5668:a3ff:fe1e:6d0/64', '::/0', '::1/128', '::ffff:192.0.2.1/128', '64:ff9b::192.0.2.1/96',
      '1:2:3:4:5:6:7:8/64', '1:2:3:4:5:6:192.0.2.1/128', 'FE80::A/10'].map((value): [string, boolean] => [value, true]),
    ...['192.168.10.1', '300.1.1.1/32', '1.2.3.4/33', '01.2.3.4/8', '1.2.3/24', '10.0.0.0/-1', '10.0.0.0/08x',
      '2001:db8::/129', '2001:db8:::1/64', ':::/0', '1:2:3:4:5:6:7:8:9/64', 'g::/16', '1::2::3/64',
      '2001:db8::1 /64', ' 10.0.0.0/8', '', 'ge-0/0/0'].map((value): [string, boolean] => [value, false]),
  ],
};

describe('reusable definitions in jet-event.schema.json', () => {
  for (const [def, table] of Object.entries(DEFINITIONS)) {
    const validate = compileDef(def);
    for (const [value, accepted] of table) {
      it(`${def}: ${JSON.stringify(value)} is ${accepted ? 'accepted' : 'rejected'}`, () => {
        assert.equal(validate(value), accepted);
      });
    }
  }
});

const RECORD: EventRecord = {
  type: 'event',
  received_at: '2026-11-24T09:15:02.123Z',
  device: 'mx1',
  topic: '/junos/events/kernel/interfaces/ifa/add/ge-0/0/0.100/inet/192.0.2.1/24',
  kind: 'ifa',
  action: 'add',
  topic_fields: { interface: 'ge-0/0/0.100', ifd: 'ge-0/0/0', unit: 100, family: 'inet', address: '192.0.2.1', prefix_length: 24, prefix: '192.0.2.1/24' },
  valid: false,
  errors: [{ pointer: '/jet-event/attributes/flags', message: 'must be integer, got "up"' }],
  warnings: [],
  event: { 'event-id': 'KERNEL_EVENT_IFA_ADD' },
};
const GAP: GapRecord = { type: 'gap', device: 'mx1', from: '2026-11-24T09:15:02Z', to: '2026-11-24T09:16:40.5+01:00' };
/** Serialised as jetsub writes it: JSON, so `payload` would have to be dropped explicitly. */
const line = (value: object): unknown => JSON.parse(JSON.stringify(value));

describe('record.schema.json and gap.schema.json', () => {
  const record = compile('record');
  const gap = compile('gap');
  const RECORDS: [name: string, value: unknown, accepted: boolean][] = [
    ['a full event record', line(RECORD), true],
    ['a not-JSON record (no event, raw text, validation off)', line({ ...RECORD, kind: 'syslog', action: null, topic_fields: { event_id: 'X' }, valid: null, errors: undefined, warnings: undefined, event: null, raw: 'Test' }), true],
    ['every kind', null, true],
    ['a record carrying the payload bytes', line({ ...RECORD, payload: Buffer.from('{}') }), false],
    ['an unknown kind', line({ ...RECORD, kind: 'ifx' }), false],
    ['an unknown action', line({ ...RECORD, action: 'modify' }), false],
    ['received_at not ISO 8601', line({ ...RECORD, received_at: '2026-11-24-09:15:02' }), false],
    ['an issue without a pointer', line({ ...RECORD, errors: [{ message: 'x' }] }), false],
    ['a string unit', line({ ...RECORD, topic_fields: { unit: '100' } }), false],
    ['event an array', line({ ...RECORD, event: [] }), false],
    ['no device', line({ ...RECORD, device: undefined }), false],
  ];
  for (const [name, value, accepted] of RECORDS) {
    it(`record: ${name} is ${accepted ? 'accepted' : 'rejected'}`, () => {
      const values = value === null ? KINDS.map((kind) => line({ ...RECORD, kind })) : [value];
      for (const each of values) assert.equal(record(each), accepted, JSON.stringify(record.errors));
    });
  }

  it('record: kind and action enums match the catalogue', () => {
    const properties = schemaOf('record').properties;
    assert.deepEqual(properties.kind.enum, [...KINDS]);
    assert.deepEqual(properties.action.enum, [...ACTIONS, null]);
  });

  const GAPS: [name: string, value: unknown, accepted: boolean][] = [
    ['a gap', line(GAP), true],
    ['an event record', line(RECORD), false],
    ['from not a date-time', line({ ...GAP, from: 'yesterday' }), false],
    ['no to', line({ ...GAP, to: undefined }), false],
  ];
  for (const [name, value, accepted] of GAPS) {
    it(`gap: ${name} is ${accepted ? 'accepted' : 'rejected'}`, () => assert.equal(gap(value), accepted));
  }
});
