import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CATALOG, KINDS } from '../../../src/topics/catalog.js';
import { type ParsedTopic, parseTopic, splitInterface } from '../../../src/topics/parse.js';

const R = '/junos/events';
const K = `${R}/kernel`;
const I = `${K}/interfaces`;
const OTHER: ParsedTopic = { kind: 'other', action: null, fields: {} };

/** [topic, expected]: every kind, every interface shape, every address shape. */
const CASES: [string, ParsedTopic][] = [
  // ifd: one-level and three-level names, channelized
  [`${I}/ifd/add/ge-0/0/0`, { kind: 'ifd', action: 'add', fields: { interface: 'ge-0/0/0', ifd: 'ge-0/0/0' } }],
  [`${I}/ifd/change/ge-0/0/0`, { kind: 'ifd', action: 'change', fields: { interface: 'ge-0/0/0', ifd: 'ge-0/0/0' } }],
  [`${I}/ifd/delete/lo0`, { kind: 'ifd', action: 'delete', fields: { interface: 'lo0', ifd: 'lo0' } }],
  [`${I}/ifd/add/fxp0`, { kind: 'ifd', action: 'add', fields: { interface: 'fxp0', ifd: 'fxp0' } }],
  [`${I}/ifd/add/em0`, { kind: 'ifd', action: 'add', fields: { interface: 'em0', ifd: 'em0' } }],
  [`${I}/ifd/add/irb`, { kind: 'ifd', action: 'add', fields: { interface: 'irb', ifd: 'irb' } }],
  [`${I}/ifd/change/xe-0/0/0:1`, { kind: 'ifd', action: 'change', fields: { interface: 'xe-0/0/0:1', ifd: 'xe-0/0/0:1' } }],
  // ifl: the unit is split off the last level only
  [`${I}/ifl/add/ge-0/0/0.100`, { kind: 'ifl', action: 'add', fields: { interface: 'ge-0/0/0.100', ifd: 'ge-0/0/0', unit: 100 } }],
  [`${I}/ifl/add/ge-0/0/2.0`, { kind: 'ifl', action: 'add', fields: { interface: 'ge-0/0/2.0', ifd: 'ge-0/0/2', unit: 0 } }],
  [`${I}/ifl/change/ae0.0`, { kind: 'ifl', action: 'change', fields: { interface: 'ae0.0', ifd: 'ae0', unit: 0 } }],
  [`${I}/ifl/change/ae0.100`, { kind: 'ifl', action: 'change', fields: { interface: 'ae0.100', ifd: 'ae0', unit: 100 } }],
  [`${I}/ifl/delete/irb.310`, { kind: 'ifl', action: 'delete', fields: { interface: 'irb.310', ifd: 'irb', unit: 310 } }],
  [`${I}/ifl/add/lo0.16384`, { kind: 'ifl', action: 'add', fields: { interface: 'lo0.16384', ifd: 'lo0', unit: 16384 } }],
  [`${I}/ifl/add/fxp0.0`, { kind: 'ifl', action: 'add', fields: { interface: 'fxp0.0', ifd: 'fxp0', unit: 0 } }],
  [`${I}/ifl/add/em0.0`, { kind: 'ifl', action: 'add', fields: { interface: 'em0.0', ifd: 'em0', unit: 0 } }],
  [`${I}/ifl/add/xe-0/0/0:1.0`, { kind: 'ifl', action: 'add', fields: { interface: 'xe-0/0/0:1.0', ifd: 'xe-0/0/0:1', unit: 0 } }],
  [`${I}/ifl/add/et-1/0/0:2.100`, { kind: 'ifl', action: 'add', fields: { interface: 'et-1/0/0:2.100', ifd: 'et-1/0/0:2', unit: 100 } }],
  // an ifl name without a numeric unit keeps the whole name as the ifd
  [`${I}/ifl/add/irb`, { kind: 'ifl', action: 'add', fields: { interface: 'irb', ifd: 'irb' } }],
  [`${I}/ifl/add/ge-0/0/0.x`, { kind: 'ifl', action: 'add', fields: { interface: 'ge-0/0/0.x', ifd: 'ge-0/0/0.x' } }],
  // iff: the last level is the family
  [`${I}/iff/add/ge-0/0/0.100/inet6`, { kind: 'iff', action: 'add', fields: { interface: 'ge-0/0/0.100', ifd: 'ge-0/0/0', unit: 100, family: 'inet6' } }],
  [`${I}/iff/change/lo0.0/inet`, { kind: 'iff', action: 'change', fields: { interface: 'lo0.0', ifd: 'lo0', unit: 0, family: 'inet' } }],
  [`${I}/iff/add/et-1/0/0:2.100/ethernet-switching`, {
    kind: 'iff', action: 'add', fields: { interface: 'et-1/0/0:2.100', ifd: 'et-1/0/0:2', unit: 100, family: 'ethernet-switching' },
  }],
  // ifa: family, address and length from the end; IPv6 addresses are one level
  [`${I}/ifa/add/xe-0/0/1.0/inet/192.168.20.1/32`, {
    kind: 'ifa', action: 'add',
    fields: { interface: 'xe-0/0/1.0', ifd: 'xe-0/0/1', unit: 0, family: 'inet', address: '192.168.20.1', prefix: '192.168.20.1/32', prefix_length: 32 },
  }],
  [`${I}/ifa/delete/ge-0/0/0.100/inet6/2001:db8:0:1::1/128`, {
    kind: 'ifa', action: 'delete',
    fields: { interface: 'ge-0/0/0.100', ifd: 'ge-0/0/0', unit: 100, family: 'inet6', address: '2001:db8:0:1::1', prefix: '2001:db8:0:1::1/128', prefix_length: 128 },
  }],
  [`${I}/ifa/add/lo0.0/inet6/fe80::1/128`, {
    kind: 'ifa', action: 'add',
    fields: { interface: 'lo0.0', ifd: 'lo0', unit: 0, family: 'inet6', address: 'fe80::1', prefix: 'fe80::1/128', prefix_length: 128 },
  }],
  [`${I}/ifa/add/irb.310/inet/10.31.0.1/24`, {
    kind: 'ifa', action: 'add',
    fields: { interface: 'irb.310', ifd: 'irb', unit: 310, family: 'inet', address: '10.31.0.1', prefix: '10.31.0.1/24', prefix_length: 24 },
  }],
  [`${I}/ifa/add/et-1/0/0:2.100/inet6/::/0`, {
    kind: 'ifa', action: 'add',
    fields: { interface: 'et-1/0/0:2.100', ifd: 'et-1/0/0:2', unit: 100, family: 'inet6', address: '::', prefix: '::/0', prefix_length: 0 },
  }],
  // firewall: the name is everything after the action, slashes included
  [`${K}/firewall/filter/add/protect-re`, { kind: 'firewall', action: 'add', fields: { filter: 'protect-re' } }],
  [`${K}/firewall/filter/change/__default_bpdu_filter__`, { kind: 'firewall', action: 'change', fields: { filter: '__default_bpdu_filter__' } }],
  [`${K}/firewall/filter/delete/ge-0/0/0.0-i`, { kind: 'firewall', action: 'delete', fields: { filter: 'ge-0/0/0.0-i' } }],
  [`${K}/firewall/filter/add/a/b/c`, { kind: 'firewall', action: 'add', fields: { filter: 'a/b/c' } }],
  // route: family, address, length
  [`${K}/route/add/inet/10.20.0.0/16`, {
    kind: 'route', action: 'add', fields: { family: 'inet', address: '10.20.0.0', prefix: '10.20.0.0/16', prefix_length: 16 },
  }],
  [`${K}/route/delete/inet6/2001:db8::/32`, {
    kind: 'route', action: 'delete', fields: { family: 'inet6', address: '2001:db8::', prefix: '2001:db8::/32', prefix_length: 32 },
  }],
  [`${K}/route/change/inet6/::/0`, {
    kind: 'route', action: 'change', fields: { family: 'inet6', address: '::', prefix: '::/0', prefix_length: 0 },
  }],
  [`${K}/route/add/inet/0.0.0.0/0`, {
    kind: 'route', action: 'add', fields: { family: 'inet', address: '0.0.0.0', prefix: '0.0.0.0/0', prefix_length: 0 },
  }],
  [`${K}/route/add/inet6/fe80::1/128`, {
    kind: 'route', action: 'add', fields: { family: 'inet6', address: 'fe80::1', prefix: 'fe80::1/128', prefix_length: 128 },
  }],
  // route-table: with and without a logical router
  [`${K}/route-table/add/VRF-A.inet.0/default`, { kind: 'route-table', action: 'add', fields: { table: 'VRF-A.inet.0', logical_router: 'default' } }],
  [`${K}/route-table/delete/inet6.0/lr1`, { kind: 'route-table', action: 'delete', fields: { table: 'inet6.0', logical_router: 'lr1' } }],
  [`${K}/route-table/add/inet.0`, { kind: 'route-table', action: 'add', fields: { table: 'inet.0' } }],
  // syslog and config-update
  [`${R}/syslog/LOGIN_INFORMATION`, { kind: 'syslog', action: null, fields: { event_id: 'LOGIN_INFORMATION' } }],
  [`${R}/syslog/SNMP_TRAP_LINK_DOWN`, { kind: 'syslog', action: null, fields: { event_id: 'SNMP_TRAP_LINK_DOWN' } }],
  [`${R}/syslog/UI_COMMIT_COMPLETED`, { kind: 'syslog', action: null, fields: { event_id: 'UI_COMMIT_COMPLETED' } }],
  [`${R}/syslog/SYSTEM`, { kind: 'syslog', action: null, fields: { event_id: 'SYSTEM' } }],
  [`${R}/syslog/UI_CMDLINE_READ_LINE`, { kind: 'syslog', action: null, fields: { event_id: 'UI_CMDLINE_READ_LINE' } }],
  [`${R}/genpub/config-update`, { kind: 'config-update', action: null, fields: {} }],
  // unknown action: the kind is kept, the action is null
  [`${I}/ifd/up/ge-0/0/0`, { kind: 'ifd', action: null, fields: { interface: 'ge-0/0/0', ifd: 'ge-0/0/0' } }],
  [`${I}/ifl/ADD/ae0.1`, { kind: 'ifl', action: null, fields: { interface: 'ae0.1', ifd: 'ae0', unit: 1 } }],
  [`${K}/route/modify/inet/10.0.0.0/8`, {
    kind: 'route', action: null, fields: { family: 'inet', address: '10.0.0.0', prefix: '10.0.0.0/8', prefix_length: 8 },
  }],
  [`${K}/route-table/+/inet.0/default`, { kind: 'route-table', action: null, fields: { table: 'inet.0', logical_router: 'default' } }],
  [`${K}/firewall/filter/x/f`, { kind: 'firewall', action: null, fields: { filter: 'f' } }],
  // not Junos, or no leading slash, or an unknown branch: other
  ['junos/events/kernel/interfaces/ifd/add/ge-0/0/0', OTHER],
  ['junos/events/syslog/SYSTEM', OTHER],
  ['/junos/events', OTHER],
  ['/junos/events/', OTHER],
  ['/junos/eventsX/syslog/SYSTEM', OTHER],
  ['/junos/events/genpub/other', OTHER],
  ['/junos/events/genpub/config-update/extra', OTHER],
  ['/junos/events/kernel/unknown/add/x', OTHER],
  ['/junos/events/kernel/interfaces/ifx/add/ge-0/0/0', OTHER],
  ['/junos/events/kernel/firewall/policer/add/p1', OTHER],
  ['$SYS/broker/uptime', OTHER],
  ['', OTHER],
  ['/', OTHER],
  ['sensors/temperature', OTHER],
  // truncated: never throws, keeps what it can
  ['/junos/events/kernel', OTHER],
  ['/junos/events/kernel/interfaces', OTHER],
  ['/junos/events/kernel/interfaces/ifd', OTHER],
  ['/junos/events/kernel/interfaces/ifd/add', OTHER],
  ['/junos/events/kernel/firewall/filter/add', OTHER],
  ['/junos/events/kernel/route/add', OTHER],
  ['/junos/events/kernel/route-table/add', OTHER],
  ['/junos/events/syslog', OTHER],
  ['/junos/events/genpub', OTHER],
  [`${I}/iff/add/lo0.0`, { kind: 'iff', action: 'add', fields: { interface: 'lo0.0', ifd: 'lo0', unit: 0 } }],
  [`${I}/ifa/add/lo0.0`, { kind: 'ifa', action: 'add', fields: { interface: 'lo0.0', ifd: 'lo0', unit: 0 } }],
  [`${I}/ifa/add/lo0.0/inet`, { kind: 'ifa', action: 'add', fields: { interface: 'lo0.0', ifd: 'lo0', unit: 0, family: 'inet' } }],
  [`${I}/ifa/add/lo0.0/inet/10.0.0.1`, {
    kind: 'ifa', action: 'add', fields: { interface: 'lo0.0', ifd: 'lo0', unit: 0, family: 'inet', address: '10.0.0.1' },
  }],
  [`${K}/route/add/inet`, { kind: 'route', action: 'add', fields: { family: 'inet' } }],
  [`${K}/route/add/inet/10.0.0.0`, { kind: 'route', action: 'add', fields: { family: 'inet' } }],
  // a non-numeric length is not a prefix length
  [`${K}/route/add/inet/10.0.0.0/x`, { kind: 'route', action: 'add', fields: { family: 'inet', address: '10.0.0.0', prefix: '10.0.0.0/x' } }],
];

describe('parseTopic', () => {
  for (const [topic, expected] of CASES) {
    it(`${JSON.stringify(topic)} → ${expected.kind}`, () => {
      assert.deepEqual(parseTopic(topic), expected);
    });
  }

  it('covers every kind in the table', () => {
    const seen = new Set(CASES.map(([, e]) => e.kind));
    assert.deepEqual([...KINDS].filter((k) => !seen.has(k)), []);
  });

  it('parses every catalogue pattern, filled in, as its kind', () => {
    const values: Record<string, string> = {
      action: 'change', ifd: 'ge-0/0/0', unit: '7', family: 'inet6', address: '2001:db8::', length: '32',
      filter: 'a/b', table: 'inet.0', 'logical-router': 'default', EVENT_ID: 'SYSTEM',
    };
    for (const info of CATALOG) {
      const topic = info.pattern.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? assert.fail(`no value for {${name}}`));
      const parsed = parseTopic(topic);
      assert.equal(parsed.kind, info.kind, topic);
      assert.ok(topic.startsWith(`${info.base}/`) || topic === info.base, topic);
      if (info.pattern.includes('{action}')) assert.equal(parsed.action, 'change', topic);
    }
  });

  it('parses every topic of the shared fixtures as the table says', () => {
    const url = new URL('../../../../test/fixtures/jet-events.ndjson', import.meta.url);
    const topics = readFileSync(url, 'utf8').split('\n').filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { topic: string }).topic);
    assert.ok(topics.length >= 20, `expected the fixture file to hold events, got ${topics.length}`);
    const table = new Map(CASES);
    // Fixture topics not spelled out above must at least be a known kind.
    for (const topic of topics) {
      const parsed = parseTopic(topic);
      assert.notEqual(parsed.kind, 'other', topic);
      const expected = table.get(topic);
      if (expected) assert.deepEqual(parsed, expected, topic);
      else assert.match(topic, /^\/junos\/events\/kernel\/interfaces\/ifd\/change\/ge-0\/0\/[1-4]$/, `add ${topic} to the table`);
    }
  });

  it('returns results that callers cannot corrupt for the next message', () => {
    const first = parseTopic('not/junos');
    assert.throws(() => {
      (first.fields as Record<string, unknown>).event_id = 'x';
    }, TypeError);
    assert.deepEqual(parseTopic('also/not/junos').fields, {});
  });
});

describe('splitInterface', () => {
  const cases: [string, boolean, object][] = [
    ['ge-0/0/0.100', true, { interface: 'ge-0/0/0.100', ifd: 'ge-0/0/0', unit: 100 }],
    ['ge-0/0/0.100', false, { interface: 'ge-0/0/0.100', ifd: 'ge-0/0/0.100' }],
    ['ae0', true, { interface: 'ae0', ifd: 'ae0' }],
    ['a.b/c', true, { interface: 'a.b/c', ifd: 'a.b/c' }],
    ['lo0.', true, { interface: 'lo0.', ifd: 'lo0.' }],
    ['lo0.12345678901', true, { interface: 'lo0.12345678901', ifd: 'lo0.12345678901' }],
  ];
  for (const [name, hasUnit, expected] of cases) {
    it(`${name} (unit ${hasUnit ? 'expected' : 'not expected'})`, () => {
      assert.deepEqual(splitInterface(name, hasUnit), expected);
    });
  }
});
