import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventRecord } from '../../../src/record.js';
import { readLinkTrap } from '../../../src/pipeline/link-trap.js';
import { ifdChange, linkTrap } from '../top/inputs.js';

const CASES: readonly [string, EventRecord, ReturnType<typeof readLinkTrap>][] = [
  ['link down', linkTrap('down', 'ge-0/0/1', 0), { interface: 'ge-0/0/1', direction: 'down' }],
  ['link up, channelized', linkTrap('up', 'xe-0/0/0:1', 0), { interface: 'xe-0/0/0:1', direction: 'up' }],
  ['a logical unit is its own interface', linkTrap('down', 'ge-0/0/0.0', 0), { interface: 'ge-0/0/0.0', direction: 'down' }],
  ['the topic decides the event id', { ...linkTrap('down', 'ge-0/0/1', 0), event: { 'event-id': 'SOMETHING_ELSE', attributes: { 'interface-name': 'ge-0/0/1' } } },
    { interface: 'ge-0/0/1', direction: 'down' }],
  ['no interface name anywhere', { ...linkTrap('down', 'ge-0/0/1', 0), event: { 'event-id': 'SNMP_TRAP_LINK_DOWN', attributes: {} } }, null],
  ['an empty interface-name falls back to the message', { ...linkTrap('up', 'ae3', 0), event: { attributes: { 'interface-name': '' }, message: 'x, ifName ae3' } },
    { interface: 'ae3', direction: 'up' }],
  ['not JSON', { ...linkTrap('down', 'ge-0/0/1', 0), event: null, raw: 'garbage' }, null],
  ['another syslog event', { ...linkTrap('down', 'ge-0/0/1', 0), topic_fields: { event_id: 'UI_COMMIT_COMPLETED' } }, null],
  ['a kernel event is not a trap', ifdChange('ge-0/0/1', 0), null],
];

describe('readLinkTrap', () => {
  for (const [name, record, expected] of CASES) {
    it(name, () => assert.deepEqual(readLinkTrap(record), expected));
  }
});
