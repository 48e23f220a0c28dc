/**
 * The event generator: deterministic per seed, every payload valid against schemas/ and
 * parsed by the topic parser into the kind it claims, every kind and interface shape present.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type SimulatedEvent, SCENARIO_NAMES, type ScenarioName, formatDeviceTime, generateEvents } from '../../../src/simulate/index.js';
import { KINDS } from '../../../src/topics/catalog.js';
import { parseTopic } from '../../../src/topics/parse.js';
import { createValidator } from '../../../src/validate/index.js';

const START = new Date('2026-01-01T00:00:00Z');
const validator = createValidator();

function take(scenario: ScenarioName, count: number, seed = 1, routers = 3, stepMs = 100): SimulatedEvent[] {
  const events: SimulatedEvent[] = [];
  for (const event of generateEvents({ scenario, seed, routers, start: START, stepMs })) {
    events.push(event);
    if (events.length === count) break;
  }
  return events;
}

const jetEvent = (event: SimulatedEvent) => (JSON.parse(event.payload) as { 'jet-event': Record<string, any> })['jet-event'];

describe('seed determinism', () => {
  for (const scenario of SCENARIO_NAMES) {
    it(`${scenario}: the same seed gives the same events; another seed, others`, () => {
      assert.deepEqual(take(scenario, 500, 42), take(scenario, 500, 42));
      assert.notDeepEqual(take(scenario, 500, 42), take(scenario, 500, 43));
    });
  }

  it('is stable across releases: seed 1 of mixed starts with these topics', () => {
    assert.deepEqual(take('mixed', 4).map((e) => e.topic), [
      '/junos/events/syslog/UI_COMMIT',
      '/junos/events/kernel/interfaces/ifa/add/irb.310/inet/192.168.1.254/32',
      '/junos/events/syslog/UI_COMMIT_COMPLETED',
      '/junos/events/genpub/config-update',
    ]);
  });
});

describe('every generated payload is valid and parses to its kind', () => {
  for (const scenario of SCENARIO_NAMES) {
    it(`${scenario}: 5000 events`, () => {
      for (const event of take(scenario, 5000, 7)) {
        const parsed = parseTopic(event.topic);
        assert.equal(parsed.kind, event.kind, event.topic);
        const verdict = validator.check(parsed.kind, JSON.parse(event.payload));
        assert.deepEqual([verdict.errors, verdict.warnings], [[], []], `${event.topic} ${event.payload}`);
        if (parsed.kind !== 'syslog' && parsed.kind !== 'config-update') assert.ok(parsed.action !== null, event.topic);
      }
    });
  }
});

describe('realism', () => {
  const mixed = take('mixed', 5000, 3);

  it('mixed: every kind but other within the first 40 events', () => {
    const kinds = new Set(take('mixed', 40, 9).map((e) => e.kind));
    assert.deepEqual([...kinds].sort(), KINDS.filter((k) => k !== 'other').sort());
  });

  it('mixed: route churn is the bulk, every kind a share', () => {
    const share = (kind: string) => mixed.filter((e) => e.kind === kind).length / mixed.length;
    assert.ok(share('route') > 0.4 && share('route') < 0.8, `route ${share('route')}`);
    for (const kind of KINDS.filter((k) => k !== 'other')) assert.ok(share(kind) > 0.003, `${kind} ${share(kind)}`);
  });

  it('interface names of every shape appear in topics', () => {
    const interfaces = new Set(mixed.map((e) => parseTopic(e.topic).fields.interface).filter((i) => i !== undefined));
    for (const pattern of [/^ge-0\/0\/\d$/, /^xe-0\/1\/0:\d$/, /^xe-0\/1\/0:\d\.\d+$/, /^ae0\.\d+$/, /^lo0\.0$/, /^irb\.310$/, /^et-1\/0\/0(\.100)?$/]) {
      assert.ok([...interfaces].some((name) => pattern.test(name!)), `no interface like ${pattern} in ${[...interfaces].join(' ')}`);
    }
  });

  it('routes: IPv4 and IPv6, in inet.0, inet6.0 and VRF tables, as network prefixes', () => {
    const routes = take('churn', 3000, 5).map((e) => ({ fields: parseTopic(e.topic).fields, attributes: jetEvent(e).attributes }));
    assert.deepEqual(new Set(routes.map((r) => r.fields.family)), new Set(['inet', 'inet6']));
    const tables = new Set(routes.map((r) => r.attributes['table-name']));
    for (const table of ['inet.0', 'inet6.0', 'VRF-A.inet.0', 'VRF-A.inet6.0']) assert.ok(tables.has(table), table);
    for (const { fields, attributes } of routes) {
      assert.equal(attributes['route-prefix'], fields.prefix);
      assert.equal(attributes['address-family'], fields.family);
    }
  });

  it('churn: a change or delete is only ever for a prefix that is installed in that table', () => {
    const installed = new Map<string, Set<string>>();
    for (const event of take('churn', 5000, 11)) {
      const { action } = parseTopic(event.topic);
      const { attributes, hostname } = jetEvent(event);
      const key = `${hostname} ${attributes['table-name']}`;
      const table = installed.get(key) ?? installed.set(key, new Set()).get(key)!;
      const prefix = attributes['route-prefix'] as string;
      if (action === 'add') assert.ok(!table.has(prefix), `${prefix} added twice`);
      else assert.ok(table.has(prefix), `${action} of ${prefix} that is not installed`);
      if (action === 'delete') table.delete(prefix);
      else table.add(prefix);
    }
  });

  it('flap: the ifd goes down then up (flags change), with SNMP link traps naming it as a string', () => {
    const events = take('flap', 200, 2);
    const downs = events.filter((e) => e.topic.endsWith('/SNMP_TRAP_LINK_DOWN'));
    const ups = events.filter((e) => e.topic.endsWith('/SNMP_TRAP_LINK_UP'));
    assert.ok(downs.length > 10 && downs.length === ups.length || Math.abs(downs.length - ups.length) === 1);
    for (const trap of [...downs, ...ups]) {
      const { attributes } = jetEvent(trap);
      assert.equal(typeof attributes['interface-name'], 'string');
      assert.equal(typeof attributes['snmp-interface-index'], 'string');
    }
    const ifd = events.filter((e) => e.kind === 'ifd');
    const first = jetEvent(ifd[0]!).attributes;
    const second = jetEvent(ifd[1]!).attributes;
    assert.equal(first.name, second.name);
    assert.notEqual(first.flags, second.flags, 'flags change from down to up');
  });

  it('commit: UI_COMMIT_COMPLETED and a config-update diff in XML or JSON', () => {
    const events = take('commit', 400, 4);
    assert.ok(events.some((e) => e.topic === '/junos/events/syslog/UI_COMMIT_COMPLETED'));
    const patches = events.filter((e) => e.kind === 'config-update').map((e) => JSON.parse(e.payload)['commit-patch']);
    assert.ok(patches.some((p) => typeof p === 'string' && p.startsWith('<configuration>') && p.includes('nc:operation=')));
    assert.ok(patches.some((p) => typeof p === 'object' && p.configuration !== undefined));
  });

  it('login: LOGIN_INFORMATION with username, remote hostname and tty', () => {
    const logins = take('login', 100, 4).filter((e) => e.topic === '/junos/events/syslog/LOGIN_INFORMATION');
    assert.ok(logins.length > 50);
    for (const event of logins) assert.deepEqual(Object.keys(jetEvent(event).attributes), ['username', 'hostname', 'tty-name']);
  });

  it('storm: only route events, adds then changes then withdrawals', () => {
    const events = take('storm', 2000, 8);
    assert.ok(events.every((e) => e.kind === 'route'));
    const actions = events.map((e) => parseTopic(e.topic).action);
    assert.equal(actions[0], 'add');
    assert.ok(actions.includes('delete') && actions.includes('change'));
  });

  it('--devices N: host-names mx1..mxN, every one of them', () => {
    const hosts = new Set(take('mixed', 3000, 1, 5).map((e) => e.router));
    assert.deepEqual([...hosts].sort(), ['mx1', 'mx2', 'mx3', 'mx4', 'mx5']);
    for (const event of take('mixed', 300, 1, 5).filter((e) => e.kind !== 'config-update')) assert.equal(jetEvent(event).hostname, event.router);
  });

  it('time: device-local YYYY-MM-DD-HH:MM:SS, moving by stepMs per event', () => {
    const events = take('login', 30, 1, 1, 1000).map(jetEvent);
    assert.equal(events[0]!.time, '2026-01-01-00:00:00');
    assert.equal(events[29]!.time, '2026-01-01-00:00:29');
  });
});

describe('formatDeviceTime', () => {
  const rows: [string, string][] = [
    ['2026-01-01T00:00:00.000Z', '2026-01-01-00:00:00'],
    ['2019-01-22T14:59:06.999Z', '2019-01-22-14:59:06'],
    ['2026-12-31T23:59:59.500Z', '2026-12-31-23:59:59'],
  ];
  for (const [iso, expected] of rows) it(`${iso} → ${expected}`, () => assert.equal(formatDeviceTime(new Date(iso)), expected));
});
