/**
 * doctor's procedure with the socket work stood in for by tables of outcomes: which step
 * fails, what is skipped, and which hints a failure carries. (The real sockets are in
 * test/e2e/doctor.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Probes, type StepResult, checkTarget } from '../../../src/doctor/check.js';
import { formatCheck, hasFailed } from '../../../src/doctor/report.js';
import type { ConnectionSettings } from '../../../src/transport/settings.js';
import type { MqttSession } from '../../../src/transport/probe.js';
import type { Target } from '../../../src/transport/target.js';

const target: Target = { device: 'mx1', protocol: 'mqtt', host: 'mx1.example.net', port: 1883 };
const settings: ConnectionSettings = { clientId: 'jetsub-test', protocolVersion: 4, keepalive: 60, qos: 0, clean: true, connectTimeoutMs: 3000 };
const errno = (code: string) => Object.assign(new Error(code), { code });

function session(overrides: Partial<MqttSession> = {}): MqttSession {
  return { ms: 4, subscribe: async () => 0, roundTrip: async () => 2, close: async () => undefined, ...overrides };
}

function probes(overrides: Partial<Probes> = {}): Probes {
  return {
    resolveHost: async () => ['192.0.2.1'],
    probeTcp: async () => ({ ms: 1.5, localAddress: '192.0.2.10' }),
    sourceAddressFor: async () => '192.0.2.10',
    probeMqtt: async () => session(),
    ...overrides,
  };
}

const statuses = (results: StepResult[]) => results.map((r) => `${r.status} ${r.step}`);
const ALLOW = 'on the router: set system services extension-service notification allow-clients address 192.0.2.10/32';

const rows: [name: string, probes: Probes, expected: string[], hints: string[], detail?: RegExp][] = [
  ['every step passes', probes(), ['pass resolve', 'pass tcp', 'pass mqtt', 'pass subscribe', 'pass round-trip'], []],
  ['the name does not resolve: the rest is skipped', probes({ resolveHost: async () => { throw errno('ENOTFOUND'); } }),
    ['fail resolve', 'skip tcp', 'skip mqtt', 'skip subscribe', 'skip round-trip'], [], /the host name does not resolve/],
  ['connection refused: allow-clients for this host', probes({ probeTcp: async () => { throw errno('ECONNREFUSED'); } }),
    ['pass resolve', 'fail tcp', 'skip mqtt', 'skip subscribe', 'skip round-trip'],
    ['a router accepts only the clients listed in its notification service; allow this host:', ALLOW], /^connection refused/],
  ['no route to the host: a network problem, not the router configuration', probes({ probeTcp: async () => { throw errno('EHOSTUNREACH'); } }),
    ['pass resolve', 'fail tcp', 'skip mqtt', 'skip subscribe', 'skip round-trip'], [], /no route to the host/],
  ['unknown source address: the placeholder', probes({ probeTcp: async () => { throw errno('ETIMEDOUT'); }, sourceAddressFor: async () => undefined }),
    ['pass resolve', 'fail tcp', 'skip mqtt', 'skip subscribe', 'skip round-trip'],
    ['a router accepts only the clients listed in its notification service; allow this host:', 'on the router: set system services extension-service notification allow-clients address <this host>/32']],
  ['closed before the handshake: allow-clients with the address the TCP connection had',
    probes({ probeMqtt: async () => { throw Object.assign(new Error('x'), { failure: { reason: 'the broker closed the connection at once', allowClients: true } }); } }),
    ['pass resolve', 'pass tcp', 'fail mqtt', 'skip subscribe', 'skip round-trip'],
    ['a router accepts only the clients listed in its notification service; allow this host:', ALLOW]],
  ['credentials refused: no router hint', probes({ probeMqtt: async () => { throw Object.assign(new Error('x'), { failure: { reason: 'the broker refused the credentials', allowClients: false } }); } }),
    ['pass resolve', 'pass tcp', 'fail mqtt', 'skip subscribe', 'skip round-trip'], [], /refused the credentials/],
  ['the subscription is refused; the round-trip still runs', probes({ probeMqtt: async () => session({ subscribe: async (filter) => (filter.startsWith('/junos') ? null : 0) }) }),
    ['pass resolve', 'pass tcp', 'pass mqtt', 'fail subscribe', 'pass round-trip'],
    ["a router's own broker grants /junos/events/#: this is a central broker's ACL; allow this user (-u) to read /junos/events/#"]],
  ['nothing comes back', probes({ probeMqtt: async () => session({ roundTrip: async () => { throw new Error('nothing came back within 3 s'); } }) }),
    ['pass resolve', 'pass tcp', 'pass mqtt', 'pass subscribe', 'fail round-trip'],
    ['the broker\'s ACL may forbid publishing or subscribing there; tail only needs the subscription above'], /^jetsub\/doctor\/jetsub-test: nothing came back within 3 s$/],
];

describe('checkTarget', () => {
  for (const [name, stubs, expected, hints, detail] of rows) {
    it(name, async () => {
      const results = await checkTarget(target, settings, stubs);
      assert.deepEqual(statuses(results), expected);
      const failed = results.find((r) => r.status === 'fail');
      assert.deepEqual(failed?.hints ?? [], hints);
      if (detail) assert.match(failed!.detail, detail);
      assert.equal(hasFailed(results), failed !== undefined);
    });
  }

  it('a port other than 1883: the port statement too', async () => {
    const results = await checkTarget({ ...target, port: 1884 }, settings, probes({ probeTcp: async () => { throw errno('ECONNREFUSED'); } }));
    assert.equal(results[1]!.hints.at(-1), 'and, for port 1884: set system services extension-service notification port 1884');
  });

  it('an IPv6 source address gets /128', async () => {
    const results = await checkTarget(target, settings, probes({ probeTcp: async () => { throw errno('ECONNREFUSED'); }, sourceAddressFor: async () => '2001:db8::10' }));
    assert.match(results[1]!.hints[1]!, /allow-clients address 2001:db8::10\/128$/);
  });

  it('the session is closed even when a later step throws', async () => {
    let closed = false;
    await checkTarget(target, settings, probes({ probeMqtt: async () => session({ roundTrip: async () => { throw new Error('boom'); }, close: async () => void (closed = true) }) }));
    assert.ok(closed);
  });

  it('pass details: resolved addresses, the MQTT version and client id, the grant', async () => {
    const results = await checkTarget(target, settings, probes({ resolveHost: async () => ['192.0.2.1', '2001:db8::1'] }));
    assert.deepEqual(results.map((r) => r.detail), [
      'mx1.example.net is 192.0.2.1, 2001:db8::1',
      '192.0.2.1:1883 accepts connections (1.5 ms)',
      'MQTT 3.1.1 handshake accepted, client id jetsub-test (4.0 ms)',
      'the broker grants /junos/events/# (qos 0)',
      'a message published to jetsub/doctor/jetsub-test came back (2.0 ms)',
    ]);
  });
});

describe('formatCheck', () => {
  const results: StepResult[] = [
    { step: 'resolve', status: 'pass', detail: '192.0.2.1 is an address', hints: [] },
    { step: 'tcp', status: 'fail', detail: 'connection refused', hints: ['first hint', 'second hint'] },
    { step: 'mqtt', status: 'skip', detail: 'not checked: a step before it failed', hints: [] },
  ];

  it('one line per step, hints indented under the failure', () => {
    assert.equal(formatCheck('mqtt://192.0.2.1:1883', results, false), [
      'mqtt://192.0.2.1:1883',
      '  pass  resolve     192.0.2.1 is an address',
      '  FAIL  tcp         connection refused',
      '                    first hint',
      '                    second hint',
      '  skip  mqtt        not checked: a step before it failed',
      '',
    ].join('\n'));
  });

  it('colour: pass green, FAIL red; the text is the same', () => {
    const coloured = formatCheck('x', results, true);
    assert.match(coloured, /\x1b\[32mpass\x1b\[39m/);
    assert.match(coloured, /\x1b\[31m\x1b\[1mFAIL\x1b\[22m\x1b\[39m/);
    assert.equal(coloured.replace(/\x1b\[\d+m/g, ''), formatCheck('x', results, false));
  });
});
