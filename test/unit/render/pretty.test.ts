import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRenderer } from '../../../src/render/index.js';
import type { StreamRecord } from '../../../src/record.js';
import { loadFixtures, makeGap, makeRecord } from '../../helpers/records.js';

const ANSI = /\u001b\[[0-9;]*m/g;

function renderPretty(record: StreamRecord, color = false): string {
  const output = createRenderer('pretty', { color }).render(record);
  assert.equal(typeof output, 'string');
  return output as string;
}

/** One line per fixture, in file order. */
const FIXTURE_LINES: readonly string[] = [
  '2026-11-24 09:15:02 mx1 ifd/add ge-0/0/0 snmp-id=520 flags=8 (0x8)',
  '2026-11-24 09:15:02 mx1 ifd/change ge-0/0/0 snmp-id=520 flags=32776 (0x8008)',
  '2026-11-24 09:15:02 mx1 ifd/delete lo0 snmp-id=16 flags=0 (0x0)',
  '2026-11-24 09:15:02 mx1 ifl/add ge-0/0/0.100 subunit=100 snmp-id=540 flags=49152 (0xc000)',
  '2026-11-24 09:15:02 mx1 ifl/change ae0.0 subunit=0 snmp-id=601 flags=49152 (0xc000)',
  '2026-11-24 09:15:02 mx1 iff/add ge-0/0/0.100 inet6 table-name=inet6.0 flags=0 (0x0)',
  '2019-01-22 14:59:06 vqfx ifa/add xe-0/0/1.0 inet 192.168.20.1/32 local-address=192.168.10.1/32'
    + ' destination-address=192.168.10.0/24 broadcast-address=192.168.10.255/32 flags=192 (0xc0)',
  '2026-11-24 09:15:02 mx1 ifa/delete ge-0/0/0.100 inet6 2001:db8:0:1::1/128 local-address=2001:db8:0:1::1/128'
    + ' destination-address=2001:db8:0:1::/64 flags=0 (0x0)',
  '2026-11-24 09:15:02 mx1 firewall/add protect-re filter-type=classic protocol=inet interface-name=lo0.0 version=3 flags=0 (0x0)',
  '2026-11-24 09:15:02 mx1 route/add 10.20.0.0/16 table-name=inet.0 route-type=user nexthop-address=192.0.2.1,192.0.2.5 flags=0 (0x0)',
  '2026-11-24 09:15:02 mx1 route/delete 2001:db8::/32 table-name=inet6.0 route-type=user nexthop-address=fe80::1 flags=0 (0x0)',
  '2026-11-24 09:15:02 mx1 route-table/add VRF-A.inet.0 (lr default) address-family=inet flags=0 (0x0)',
  '2017-10-29 20:14:05 vMX-1 syslog LOGIN_INFORMATION login[13614]: User lab logged in from host 10.254.0.251 on device pts/1',
  '2026-11-24 09:15:02 mx1 syslog SNMP_TRAP_LINK_DOWN warning mib2d[2211]: ifIndex 520, ifAdminStatus up(1),'
    + ' ifOperStatus down(2), ifName ge-0/0/0',
  '2026-11-24 09:15:02 mx1 syslog UI_COMMIT_COMPLETED notice mgd[8121]: commit complete',
  '2026-11-24 09:15:02 mx1 syslog SYSTEM New connection from 192.0.2.10 on port 1883.',
  '2026-11-24 09:15:03Z mx1 config-update interfaces/interface ge-0/0/3 format=xml size=155B operation=create',
  '2026-11-24 09:15:03Z mx1 config-update system/host-name format=json size=52B',
  '2026-11-24 09:15:02 mx1 ifd/change ge-0/0/1 snmp-id=521 flags=8 (0x8)',
  '2026-11-24 09:15:03Z mx1 syslog LOGIN_INFORMATION (not JSON) Test message from a client that published into the tree',
  '2026-11-24 09:15:03Z mx1 ifd/change ge-0/0/2 (not JSON) {"jet-event":{"event-id":"KERNEL_EVENT_IFD_CHANGE","hostname":"mx1"',
  '2026-11-24 09:15:02 mx1 ifd/change ge-0/0/3 snmp-id="five hundred" flags=up'
    + ' ✗ invalid: /jet-event/attributes/snmp-id must be integer (+1 more)',
  "2026-11-24 09:15:03Z mx1 ifd/change ge-0/0/4 snmp-id=524 flags=8 (0x8) ✗ invalid: /jet-event must have required property 'time'",
  '2026-11-24 09:15:02 mx1 syslog UI_CMDLINE_READ_LINE mgd[901]: User ops, command show version'
    + ' command="show \\x1b[2J\\x1b[31mversion\\x07"',
];

const syslog = (event: Record<string, unknown>) =>
  makeRecord({ kind: 'syslog', action: null, topic: '/junos/events/syslog/X', topic_fields: { event_id: 'X' }, event });

const HAND_CASES: readonly [string, StreamRecord, string][] = [
  [
    'no event time: the received time, marked UTC',
    makeRecord({ event: { hostname: 'mx1', attributes: { 'snmp-id': 1 } } }),
    '2026-11-24 09:15:03Z mx1 ifd/add ge-0/0/0 snmp-id=1',
  ],
  [
    'date-only time, no hostname (the device name instead), no attributes',
    makeRecord({ device: 'edge-7', event: { time: '2026-11-24' } }),
    '2026-11-24 edge-7 ifd/add ge-0/0/0',
  ],
  [
    'flags in decimal and hex; large masks too',
    makeRecord({ event: { time: '2026-11-24-09:15:02', hostname: 'mx1', attributes: { flags: 4294967295 } } }),
    '2026-11-24 09:15:02 mx1 ifd/add ge-0/0/0 flags=4294967295 (0xffffffff)',
  ],
  [
    'interface from the attributes when the topic has none',
    makeRecord({ kind: 'ifl', topic_fields: {}, event: { hostname: 'r', attributes: { name: 'ae0', subunit: 7 } } }),
    '2026-11-24 09:15:03Z r ifl/add ae0.7 subunit=7',
  ],
  [
    'syslog without a message: its attributes',
    syslog({ hostname: 'r', severity: 'ERROR', attributes: { pid: '12422', reason: 'disk full' } }),
    '2026-11-24 09:15:03Z r syslog X error pid=12422 reason="disk full"',
  ],
  [
    'syslog message without process, unknown severity shown as sent',
    syslog({ hostname: 'r', severity: 'bogus', message: 'hello' }),
    '2026-11-24 09:15:03Z r syslog X bogus hello',
  ],
  [
    'other kinds: the topic and every attribute',
    makeRecord({ kind: 'other', action: null, topic: '/junos/events/foo/bar', topic_fields: {}, event: { hostname: 'r', attributes: { a: 1, b: [1, 'x y'] } } }),
    '2026-11-24 09:15:03Z r other /junos/events/foo/bar a=1 b=1,"x y"',
  ],
  [
    'invalid without any error given',
    makeRecord({ valid: false, event: { hostname: 'r' } }),
    '2026-11-24 09:15:03Z r ifd/add ge-0/0/0 ✗ invalid',
  ],
  [
    'a warning',
    makeRecord({ warnings: [{ pointer: '/jet-event', message: 'attributes absent' }], event: { hostname: 'r' } }),
    '2026-11-24 09:15:03Z r ifd/add ge-0/0/0 ⚠ /jet-event attributes absent',
  ],
  [
    'validation off (valid null) shows no marker',
    makeRecord({ valid: null, event: { hostname: 'r' } }),
    '2026-11-24 09:15:03Z r ifd/add ge-0/0/0',
  ],
  [
    'not JSON and no raw text: the payload bytes',
    makeRecord({ event: null, payload: Buffer.from('\u0000\u0001junk') }),
    '2026-11-24 09:15:03Z mx1 ifd/add ge-0/0/0 (not JSON) \\x00\\x01junk',
  ],
  [
    'an oversized value is cut',
    syslog({ hostname: 'r', message: 'x'.repeat(5000) }),
    `2026-11-24 09:15:03Z r syslog X ${'x'.repeat(499)}…`,
  ],
  [
    'a gap',
    makeGap(),
    '── gap on mx1: connection lost 10:00:01Z, back 10:00:05Z (4.0 s) ──',
  ],
  [
    'a gap over midnight, minutes long',
    makeGap({ device: 'mx2', from: '2026-11-24T23:59:30.000Z', to: '2026-11-25T00:02:00.000Z' }),
    '── gap on mx2: connection lost 23:59:30Z, back 2026-11-25 00:02:00Z (2 min 30 s) ──',
  ],
];

describe('pretty', () => {
  const fixtures = loadFixtures();

  it('has an expected line for every fixture', () => {
    assert.equal(FIXTURE_LINES.length, fixtures.length);
  });

  fixtures.forEach((fixture, index) => {
    it(`fixture ${index + 1}: ${fixture.note}`, () => {
      assert.equal(renderPretty(fixture.record), `${FIXTURE_LINES[index]}\n`);
    });
  });

  for (const [name, record, expected] of HAND_CASES) {
    it(name, () => {
      assert.equal(renderPretty(record), `${expected}\n`);
    });
  }

  it('with colour, reads the same once the colour codes are removed', () => {
    for (const { record } of fixtures) {
      assert.equal(renderPretty(record, true).replace(ANSI, ''), renderPretty(record, false));
    }
    for (const [, record] of HAND_CASES) {
      assert.equal(renderPretty(record, true).replace(ANSI, ''), renderPretty(record, false));
    }
  });

  it('without colour, emits no escape byte at all', () => {
    for (const { record } of fixtures) assert.doesNotMatch(renderPretty(record, false), /\u001b/);
  });

  const colourCases: readonly [string, string, string][] = [
    ['emergency', 'red bold', '\u001b[31m\u001b[1m'],
    ['ALERT', 'red bold', '\u001b[31m\u001b[1m'],
    ['critical', 'red bold', '\u001b[31m\u001b[1m'],
    ['error', 'red', '\u001b[31m'],
    ['warning', 'yellow', '\u001b[33m'],
    ['notice', 'cyan', '\u001b[36m'],
    ['debug', 'dim', '\u001b[2m'],
  ];
  for (const [severity, name, open] of colourCases) {
    it(`colours ${severity} ${name}`, () => {
      const line = renderPretty(syslog({ hostname: 'r', severity, message: 'm' }), true);
      assert.ok(line.includes(`${open}r syslog X`), JSON.stringify(line));
    });
  }

  it('leaves info uncoloured but the time dim', () => {
    const line = renderPretty(syslog({ hostname: 'r', severity: 'info', message: 'm', time: '2026-11-24-09:15:02' }), true);
    assert.equal(line, '\u001b[2m2026-11-24 09:15:02\u001b[22m r syslog X m\n');
  });

  it('marks invalid events in magenta', () => {
    const line = renderPretty(makeRecord({ valid: false, errors: [{ pointer: '/a', message: 'bad' }], event: {} }), true);
    assert.ok(line.includes('\u001b[35m✗ invalid: /a bad\u001b[39m'), JSON.stringify(line));
  });
});

describe('pretty: --time says which clock a time is', () => {
  // Received 0.8 s after the router's clock says it sent it (the router's clock on UTC).
  const event = makeRecord({ received_at: '2026-11-24T09:15:02.800Z', event: { hostname: 'mx1', time: '2026-11-24-09:15:02', severity: 'info', attributes: { 'snmp-id': 520, flags: 8 } } });
  const commit = makeRecord({ kind: 'config-update', action: null, topic_fields: {}, received_at: '2026-11-24T09:15:03.250Z', event: { 'commit-patch': {} } });
  const render = (record: StreamRecord, time: 'device' | 'received' | 'both') => createRenderer('pretty', { color: false, time }).render(record) as string;

  it('device (the default): the router\'s clock, no zone; received UTC with Z where the event has no time', () => {
    assert.match(render(event, 'device'), /^2026-11-24 09:15:02 mx1 ifd\/add /);
    assert.match(render(commit, 'device'), /^2026-11-24 09:15:03Z mx1 config-update /);
  });

  it('received: every line jetsub\'s received time, UTC with Z', () => {
    assert.match(render(event, 'received'), /^2026-11-24 09:15:02Z mx1 ifd\/add /);
    assert.match(render(commit, 'received'), /^2026-11-24 09:15:03Z mx1 config-update /);
  });

  it('both: received, then the device time and the skew between them, when the event has one', () => {
    assert.match(render(event, 'both'), /^2026-11-24 09:15:02Z \(device 09:15:02, skew -0\.8 s\) mx1 ifd\/add /);
    assert.match(render(commit, 'both'), /^2026-11-24 09:15:03Z mx1 config-update /);
  });
});

describe('pretty: syslog attributes of any JSON shape', () => {
  it('an attribute object with its own toString key, or an array of them, is shown, not thrown on', () => {
    const cases: [unknown, string][] = [
      [{ toString: '' }, 'user={"toString":""}'],
      [{ toString: '', valueOf: '' }, 'user={"toString":"","valueOf":""}'],
      [[{ toString: '' }, 2], 'user={"toString":""},2'],
      [{ toJSON: '' }, 'user={"toJSON":""}'],
    ];
    for (const [value, shown] of cases) {
      const record = makeRecord({
        topic: '/junos/events/syslog/UI_COMMIT', kind: 'syslog', action: null, topic_fields: { event_id: 'UI_COMMIT' },
        event: { 'event-id': 'UI_COMMIT', hostname: 'mx1', time: '2026-11-24-09:15:02', message: 'commit', attributes: { user: value } },
      });
      for (const format of ['pretty', 'table'] as const) {
        for (const color of [false, true]) {
          const output = createRenderer(format, { color, width: 200 }).render(record) as string;
          assert.ok(output.replace(ANSI, '').includes(shown), `${format}: ${output}`);
        }
      }
    }
  });
});
