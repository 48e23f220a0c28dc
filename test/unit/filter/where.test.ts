import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageError } from '../../../src/errors.js';
import { MAX_DEPTH, compileWhere } from '../../../src/filter/index.js';
import type { EventRecord } from '../../../src/record.js';
import { makeRecord } from '../../helpers/records.js';

const ROUTE = makeRecord({
  topic: '/junos/events/kernel/route/add/inet/10.20.0.0/16', kind: 'route', action: 'add',
  topic_fields: { family: 'inet', address: '10.20.0.0', prefix_length: 16, prefix: '10.20.0.0/16' },
  event: { 'event-id': 'KERNEL_EVENT_ROUTE_ADD', severity: 'info', attributes: { 'table-name': 'inet.0', 'nexthop-address': ['10.1.1.2', '10.1.1.3'], flags: 0 } },
});
const IFD = makeRecord({
  event: { 'event-id': 'KERNEL_EVENT_IFD_CHANGE', severity: 'INFO', attributes: { name: 'ge-0/0/0', 'snmp-id': 520, flags: 0x8008 } },
});
const TRAP = makeRecord({
  topic: '/junos/events/syslog/SNMP_TRAP_LINK_DOWN', kind: 'syslog', action: null, topic_fields: { event_id: 'SNMP_TRAP_LINK_DOWN' }, valid: false,
  event: { 'event-id': 'SNMP_TRAP_LINK_DOWN', severity: 'warning', 'process-id': 2211, attributes: { 'interface-name': 'ge-0/0/1', 'snmp-id': '521' } },
});
const IFA = makeRecord({
  kind: 'ifa', topic_fields: { interface: 'xe-0/0/1.0', ifd: 'xe-0/0/1', unit: 0, family: 'inet', address: '192.168.20.1', prefix_length: 32 },
  event: { attributes: { 'local-address': '192.168.10.1/32', 'destination-address': '192.168.10.0/24', hops: [{ address: '10.9.9.9' }, { address: '192.0.2.1' }] } },
});
const NOT_JSON = makeRecord({ kind: 'syslog', event: null, raw: 'hello', valid: false });
// JSON.parse makes `__proto__` an own key; a record built with it must still read it as data.
const PROTO = makeRecord({ event: JSON.parse('{"__proto__":{"polluted":"yes"},"attributes":{"constructor":"x"}}') as EventRecord['event'] });
const ALL = { ROUTE, IFD, TRAP, IFA, NOT_JSON, PROTO };

const matching = (...expressions: string[]) => {
  const keep = compileWhere(expressions);
  return Object.entries(ALL).filter(([, record]) => keep === null || keep(record)).map(([name]) => name);
};

describe('--where: what each expression keeps', () => {
  const cases: [string[], string[]][] = [
    [[], Object.keys(ALL)],
    [['"10.1.1.2" in event.attributes["nexthop-address"]'], ['ROUTE']],
    [['event.attributes["nexthop-address"] == "10.1.1.3"'], ['ROUTE']],
    [['event.attributes.nexthop-address == "10.1.1.3"'], ['ROUTE']],
    [['event.severity == "warning"'], ['TRAP']],
    [['event.severity ~ "info"'], ['ROUTE', 'IFD']],
    [['event.severity != "warning"'], ['ROUTE', 'IFD']],
    [['not event.severity == "warning"'], ['ROUTE', 'IFD', 'IFA', 'NOT_JSON', 'PROTO']],
    [['event.attributes.flags == 0x8008'], ['IFD']],
    [['event.attributes.flags == 32776'], ['IFD']],
    [['event.attributes.snmp-id == 521'], ['TRAP']],
    [['event.attributes.snmp-id > 520'], ['TRAP']],
    [['event.attributes.snmp-id >= 520'], ['IFD', 'TRAP']],
    [['520 < event.attributes.snmp-id'], ['TRAP']],
    [['event.attributes.snmp-id <= "520"'], ['IFD']],
    [['topic_fields.interface ~ "ge-0/0/*"'], ['IFD', 'NOT_JSON', 'PROTO']],
    [['topic_fields.interface ~ "GE-*"'], ['IFD', 'NOT_JSON', 'PROTO']],
    [['topic_fields.interface ~ "xe-*"'], ['IFA']],
    [['topic_fields.interface ~ "xe-0/*"'], []],
    [['event.attributes.interface-name ~ ["ge-0/0/1", "ae*"]'], ['TRAP']],
    [['topic_fields.address within "192.168.0.0/16"'], ['IFA']],
    [['event.attributes.local-address within "192.168.10.0/24"'], ['IFA']],
    [['event.attributes.destination-address within "192.168.0.0/16"'], ['IFA']],
    [['event.attributes.destination-address within "192.168.10.0/25"'], []],
    [['event.attributes.hops.address within ["192.0.2.0/24", "2001:db8::/32"]'], ['IFA']],
    [['event.attributes.hops.address == "10.9.9.9"'], ['IFA']],
    [['event.attributes.hops[1].address == "10.9.9.9"'], []],
    [['event.attributes.hops[1].address == "192.0.2.1"'], ['IFA']],
    [['event.attributes["nexthop-address"][0] == "10.1.1.2"'], ['ROUTE']],
    [['kind in ["ifd", "route"]'], ['ROUTE', 'IFD', 'PROTO']],
    [['kind not in ["ifd", "route"]'], ['TRAP', 'IFA', 'NOT_JSON']],
    [['"interface-name" in event.attributes'], ['TRAP']],
    [['event.attributes.interface-name'], ['TRAP']],
    [['.event.attributes.interface-name'], ['TRAP']],
    [['raw'], ['NOT_JSON']],
    [['event == null'], ['NOT_JSON']],
    [['action == null'], ['TRAP']],
    [['valid == false'], ['TRAP', 'NOT_JSON']],
    [['valid'], ['ROUTE', 'IFD', 'IFA', 'PROTO']],
    [['duplicate'], []],
    [['kind == "ifd" and event.attributes.flags == 0x8008 or kind == "route"'], ['ROUTE', 'IFD']],
    [['kind == "ifd" && (event.attributes.flags == 8 || event.attributes.flags == 32776)'], ['IFD']],
    [['!(kind == "ifd")'], ['ROUTE', 'TRAP', 'IFA', 'NOT_JSON']],
    [['true'], Object.keys(ALL)],
    [['false or kind == "route"'], ['ROUTE']],
    [['event.severity == "warning"', 'valid == false'], ['TRAP']],
    [['event.severity == "warning"', 'valid == true'], []],
    [['event.missing.deeper == 1'], []],
    [['event.missing != 1'], []],
    [['event.process-id == "2211"'], ['TRAP']],
    [['event.severity == \'warning\''], ['TRAP']],
    [['event["__proto__"].polluted == "yes"'], ['PROTO']],
    [['event.__proto__'], ['PROTO']],
    [['event.constructor'], []],
    [['event.attributes.constructor == "x"'], ['PROTO']],
    [['"constructor" in event'], []],
    [['"toString" in event.attributes'], []],
    [['event.attributes.hasOwnProperty'], []],
  ];
  for (const [expressions, expected] of cases) {
    test(expressions.join(' ∧ ') || '(none)', () => assert.deepEqual(matching(...expressions), expected));
  }
});

describe('--where: bad expressions are usage errors naming the column', () => {
  const cases: [string, RegExp][] = [
    ['event.severity = "warning"', /at column 16: unexpected '='/],
    ['event.severity == warning', /at column 19: 'warning' is not a field of the record \(fields: type, received_at/],
    ['severity == "warning"', /at column 1: 'severity' is not a field of the record/],
    ['event.severity ==', /at column 18: expected a field .*found the end of the expression/],
    ['event.severity == "warning', /at column 19: the string opened here has no closing "/],
    ['(kind == "ifd"', /at column 15: expected '\)'/],
    ['kind == "ifd" kind', /at column 15: expected and, or, or the end/],
    ['kind in "ifd"', /at column 9: in takes a \[list\] or a field/],
    ['topic_fields.address within "10.1.1.1/8"', /host bits set; did you mean "10.0.0.0\/8"/],
    ['topic_fields.address within "10.0.0.0"', /the prefix length is missing/],
    ['topic_fields.address within event.x', /within takes a quoted CIDR/],
    ['topic_fields.interface ~ 3', /~ takes a quoted glob/],
    ['"a" == "b"', /between two literals/],
    ['kind == ["a"]', /for any of several use in/],
    ['event.["x"]', /expected a key after '.'/],
    ['event[-1]', /an array index inside/],
    ['"warning"', /expected a comparison/],
    ['event.severity == "\\q"', /unknown escape \\q/],
    ['kind == "ifd" \u0007', /unexpected character U\+0007/],
    ['', /expected a field/],
  ];
  for (const [text, pattern] of cases) {
    test(text || '(empty)', () => {
      assert.throws(() => compileWhere([text]), (error: unknown) => {
        assert.ok(error instanceof UsageError, String(error));
        assert.match(error.message, /^--where '/);
        assert.match(error.message, pattern);
        assert.match(error.message, /docs\/where\.md/);
        return true;
      });
    });
  }
});

describe('--where: hostile input', () => {
  test(`nesting deeper than ${MAX_DEPTH} levels is an error, not a stack overflow`, () => {
    for (const open of ['(', 'not ', '!', '(not ']) {
      const text = `${open.repeat(100_000)}kind == "ifd"`;
      assert.throws(() => compileWhere([text]), /at column \d+: nested deeper than 64 levels/);
    }
    // Lists hold literals only, so a list in a list is an error at once.
    assert.throws(() => compileWhere([`kind in ${'['.repeat(100_000)}`]), /at column 10: expected a string, number, true, false or null in the list, found '\['/);
  });

  test(`${MAX_DEPTH - 1} levels of parentheses still compile`, () => {
    const depth = MAX_DEPTH - 1;
    const keep = compileWhere([`${'('.repeat(depth)}kind == "ifd"${')'.repeat(depth)}`])!;
    assert.equal(keep(IFD), true);
    assert.equal(keep(ROUTE), false);
  });

  test('a 1 MB expression (a long or-chain) compiles in well under a second of CPU and evaluates', () => {
    const term = 'event.attributes.snmp-id == 999 or ';
    const text = `${term.repeat(Math.ceil(1_048_576 / term.length))}kind == "route"`;
    assert.ok(text.length >= 1_048_576);
    // CPU time, not wall time: the bound is on the work, whatever else the machine runs.
    const started = process.cpuUsage();
    const keep = compileWhere([text])!;
    const { user, system } = process.cpuUsage(started);
    assert.ok(user + system < 1_000_000, `compiled in ${(user + system) / 1000} ms of CPU`);
    assert.equal(keep(ROUTE), true);
    assert.equal(keep(IFD), false);
  });

  test('a 1 MB string literal and a 1 MB glob are one token each', () => {
    const big = 'a'.repeat(1_048_576);
    assert.equal(compileWhere([`device == "${big}"`])!(IFD), false);
    const glob = compileWhere([`event.attributes.name ~ "${'*a'.repeat(50_000)}*"`])!;
    const hostile = makeRecord({ event: { attributes: { name: 'a'.repeat(1000) } } });
    const started = process.cpuUsage();
    assert.equal(glob(hostile), false);
    const { user, system } = process.cpuUsage(started);
    assert.ok(user + system < 1_000_000, `the glob match is O(text × pattern), not exponential: ${(user + system) / 1000} ms of CPU`);
  });

  test('deeply nested payload arrays are one value each: no recursion into them', () => {
    let nested: unknown = 'deep';
    for (let i = 0; i < 100_000; i++) nested = [nested];
    const record = makeRecord({ event: { attributes: { nested } } });
    assert.equal(compileWhere(['event.attributes.nested == "deep"'])!(record), false);
    assert.equal(compileWhere(['event.attributes.nested.x == "deep"'])!(record), false);
    assert.equal(compileWhere(['event.attributes.nested'])!(record), true);
  });

  test('evaluation never throws, whatever the record holds', () => {
    const predicates = [
      'event.attributes.flags > 1', 'event.a.b.c ~ "x*"', 'event.attributes within "10.0.0.0/8"', '"k" in event.attributes.flags',
      'event.attributes[3] == 1', 'topic_fields.address within "2001:db8::/32"', 'event.attributes.flags == event.attributes.name',
    ].map((text) => compileWhere([text])!);
    const odd = [NOT_JSON, PROTO, makeRecord({ event: { attributes: [1, 'x', null, { a: 1 }] } }), makeRecord({ event: { attributes: 'x' } }),
      makeRecord({ topic_fields: { address: 'not an address' } }), makeRecord({ event: { attributes: { flags: Number.NaN, name: {} } } })];
    for (const predicate of predicates) for (const record of odd) assert.equal(typeof predicate(record), 'boolean');
  });

  test('no expression reaches the prototype chain or the record\'s hidden parts', () => {
    assert.throws(() => compileWhere(['constructor']), /'constructor' is not a field/);
    assert.throws(() => compileWhere(['__proto__.x == 1']), /'__proto__' is not a field/);
    assert.throws(() => compileWhere(['payload']), /'payload' is not a field/);
    assert.equal(compileWhere(['topic.length == 46'])!(IFD), false);
    assert.equal(compileWhere(['event.attributes.name.length'])!(IFD), false);
  });
});
