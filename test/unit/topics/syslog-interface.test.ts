import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type TopicSelection, compileTopicFilters } from '../../../src/topics/compile.js';
import type { EventRecord } from '../../../src/record.js';
import { makeRecord } from '../../helpers/records.js';

const trap = (id: string, attributes: Record<string, unknown> | undefined, message = `${id}: ifIndex 520`): EventRecord => makeRecord({
  topic: `/junos/events/syslog/${id}`, kind: 'syslog', action: null, topic_fields: { event_id: id },
  event: { 'event-id': id, severity: 'warning', message, ...(attributes ? { attributes } : {}) },
});

const RECORDS = {
  down1: trap('SNMP_TRAP_LINK_DOWN', { 'interface-name': 'ge-0/0/1' }),
  down2: trap('SNMP_TRAP_LINK_DOWN', { 'interface-name': 'ge-0/0/2' }),
  up1: trap('SNMP_TRAP_LINK_UP', { 'interface-name': 'ge-0/0/1' }),
  down1unit: trap('SNMP_TRAP_LINK_DOWN', { 'interface-name': 'ge-0/0/1.100' }),
  downAe: trap('SNMP_TRAP_LINK_DOWN', { 'interface-name': 'ae0' }),
  downByMessage: trap('SNMP_TRAP_LINK_DOWN', {}, 'SNMP_TRAP_LINK_DOWN: ifIndex 521, ifAdminStatus up(1), ifOperStatus down(2), ifName ge-0/0/1'),
  downNoName: trap('SNMP_TRAP_LINK_DOWN', undefined),
  commit: trap('UI_COMMIT_COMPLETED', { username: 'lab' }),
  ifd: makeRecord({ topic_fields: { interface: 'ge-0/0/2' } }),
  notJson: makeRecord({ kind: 'syslog', topic_fields: { event_id: 'SNMP_TRAP_LINK_DOWN' }, event: null, raw: 'x' }),
};

const kept = (selection: TopicSelection) => {
  const { acceptsEvent } = compileTopicFilters(selection);
  return Object.entries(RECORDS).filter(([, r]) => acceptsEvent === null || acceptsEvent(r)).map(([name]) => name);
};

describe('link traps follow --interface and --ifd', () => {
  const cases: [string, TopicSelection, string[]][] = [
    ['no interface flag: nothing narrowed', { syslog: ['SNMP_TRAP_LINK_DOWN'] }, Object.keys(RECORDS)],
    ['no --syslog: nothing narrowed', { interface: ['ge-0/0/1'] }, Object.keys(RECORDS)],
    ['--ifd with no name: nothing narrowed', { syslog: [true], ifd: [true] }, Object.keys(RECORDS)],
    ['--interface ge-0/0/1: its traps and its units\'; other ids, other kinds pass', { syslog: [true], interface: ['ge-0/0/1'] },
      ['down1', 'up1', 'down1unit', 'downByMessage', 'commit', 'ifd']],
    ['--interface with a unit: that unit only', { syslog: [true], interface: ['ge-0/0/1.100'] }, ['down1unit', 'commit', 'ifd']],
    ['--ifd glob', { syslog: [true], ifd: ['ge-0/0/*'] }, ['down1', 'down2', 'up1', 'down1unit', 'downByMessage', 'commit', 'ifd']],
    ['--ifd glob without a slash spans levels', { syslog: [true], ifd: ['ae*'] }, ['downAe', 'commit', 'ifd']],
    ['names from both flags are a union', { syslog: [true], interface: ['ae0'], ifd: ['ge-0/0/2'] }, ['down2', 'downAe', 'commit', 'ifd']],
  ];
  for (const [name, selection, expected] of cases) test(name, () => assert.deepEqual(kept(selection), expected));

  test('--syslog with --interface and no kernel class: only the syslog filter is subscribed', () => {
    const compiled = compileTopicFilters({ syslog: ['SNMP_TRAP_LINK_DOWN'], interface: ['ge-0/0/1'] });
    assert.deepEqual(compiled.filters, ['/junos/events/syslog/SNMP_TRAP_LINK_DOWN']);
    assert.deepEqual(compiled.notes, [
      '--syslog SNMP_TRAP_LINK_DOWN: syslog events that name an interface (SNMP_TRAP_LINK_DOWN, SNMP_TRAP_LINK_UP: attributes.interface-name) are kept only for ge-0/0/1',
      '--interface ge-0/0/1 with --syslog narrows the syslog events only: no kernel event of the interface is selected (add --ifd or --ifl for those)',
    ]);
  });

  test('with a kernel class flag too, --interface still selects its kernel events', () => {
    const compiled = compileTopicFilters({ syslog: [true], interface: ['ae0'], ifd: ['ge-0/0/2'] });
    assert.ok(compiled.filters.includes('/junos/events/kernel/interfaces/ifd/+/ae0'), compiled.filters.join(' '));
  });
});
