import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type EventFilterFlags, compileEventFilter, isBrokerChatter, parseSeverity } from '../../../src/pipeline/event-filter.js';
import type { EventRecord } from '../../../src/record.js';
import { UsageError } from '../../../src/errors.js';
import { makeRecord } from '../../helpers/records.js';

const event = (fields: Record<string, unknown>): EventRecord => makeRecord({ event: fields });
const LINK_DOWN = event({ 'event-id': 'SNMP_TRAP_LINK_DOWN', hostname: 'mx1-re0', severity: 'warning' });
const COMMIT = event({ 'event-id': 'UI_COMMIT_COMPLETED', hostname: 'MX2', severity: 'NOTICE' });
const IFD = event({ 'event-id': 'KERNEL_EVENT_IFD_CHANGE', hostname: 'mx1-re0', severity: 'INFO' });
const CRIT = event({ 'event-id': 'CHASSISD_FRU_OFFLINE', hostname: 'mx3', severity: 'critical' });
const DIFF = makeRecord({ kind: 'config-update', event: { 'commit-patch': '<configuration/>' } });
const NOT_JSON = makeRecord({ event: null, raw: 'hello', valid: false });
const CHATTER = event({ 'event-id': 'SYSTEM', hostname: 'mx1', severity: 'info', attributes: { message: 'New connection from 192.0.2.10 on port 1883.' } });
const SYSTEM_OTHER = event({ 'event-id': 'SYSTEM', hostname: 'mx1', severity: 'info', attributes: { message: 'fpc0 temperature ok' } });
const ALL = { LINK_DOWN, COMMIT, IFD, CRIT, DIFF, NOT_JSON, CHATTER, SYSTEM_OTHER };

const kept = (flags: EventFilterFlags) => {
  const keep = compileEventFilter(flags);
  return Object.entries(ALL).filter(([, record]) => keep === null || keep(record)).map(([name]) => name);
};

describe('event filters', () => {
  const cases: [string, EventFilterFlags, string[]][] = [
    ['no filter keeps everything', {}, Object.keys(ALL)],
    ['--severity warning: at least warning; no severity is kept', { severity: 'warning' }, ['LINK_DOWN', 'CRIT', 'DIFF', 'NOT_JSON']],
    ['--severity is case-insensitive, on both sides', { severity: 'NOTICE' }, ['LINK_DOWN', 'COMMIT', 'CRIT', 'DIFF', 'NOT_JSON']],
    ['--severity alias crit', { severity: 'crit' }, ['CRIT', 'DIFF', 'NOT_JSON']],
    ['--severity debug keeps all', { severity: 'debug' }, Object.keys(ALL)],
    ['--event-id glob', { eventId: ['SNMP_TRAP_LINK_*'] }, ['LINK_DOWN']],
    ['--event-id is case-insensitive and repeatable', { eventId: ['snmp_trap_*', 'UI_COMMIT_COMPLETED'] }, ['LINK_DOWN', 'COMMIT']],
    ['--hostname glob, case-insensitive', { hostname: ['mx2'] }, ['COMMIT']],
    ['--hostname spans the name', { hostname: ['mx1*'] }, ['LINK_DOWN', 'IFD', 'CHATTER', 'SYSTEM_OTHER']],
    ['--hide-chatter hides only the broker\'s own SYSTEM lines', { hideChatter: true }, ['LINK_DOWN', 'COMMIT', 'IFD', 'CRIT', 'DIFF', 'NOT_JSON', 'SYSTEM_OTHER']],
    ['filters combine as AND', { severity: 'warning', hostname: ['mx1*'] }, ['LINK_DOWN']],
    ['--where alone', { where: ['event.severity ~ "info"'] }, ['IFD', 'CHATTER', 'SYSTEM_OTHER']],
    ['--where with the other filters: AND', { where: ['event.severity ~ "info"'], hideChatter: true }, ['IFD', 'SYSTEM_OTHER']],
    ['repeated --where: all must hold', { where: ['event.hostname ~ "mx1*"', 'event.event-id == "SYSTEM"'] }, ['CHATTER', 'SYSTEM_OTHER']],
  ];
  for (const [name, flags, expected] of cases) {
    test(name, () => assert.deepEqual(kept(flags), expected));
  }

  test('no flag compiles to null: nothing runs per message', () => {
    assert.equal(compileEventFilter({ hideChatter: false }), null);
  });

  test('broker chatter: the lines mosquitto logs about clients', () => {
    for (const message of ['New client connected from 192.0.2.10:51234 as jetsub-1 (p2, c1, k60).', 'Client jetsub-1 disconnected.', 'Client x has exceeded timeout, disconnecting.']) {
      assert.equal(isBrokerChatter(event({ 'event-id': 'SYSTEM', attributes: { message } })), true, message);
    }
    assert.equal(isBrokerChatter(event({ 'event-id': 'LOGIN_INFORMATION', attributes: { message: 'New connection from x' } })), false);
  });

  test('bad values are usage errors naming the flag', () => {
    assert.throws(() => parseSeverity('--severity', 'loud'), (e: Error) => e instanceof UsageError && /^--severity 'loud': unknown severity; use one of emergency/.test(e.message));
    assert.throws(() => compileEventFilter({ eventId: [''] }), (e: Error) => e instanceof UsageError && /^--event-id: /.test(e.message));
    assert.throws(() => compileEventFilter({ where: ['kind =='] }), (e: Error) => e instanceof UsageError && /^--where 'kind ==': at column 8: /.test(e.message));
  });
});
