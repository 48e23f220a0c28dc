/**
 * The built `jetsub doctor`: all checks pass against aedes and a real mosquitto; a closed
 * port, a router-like listener that drops unknown clients, and a broker ACL each fail at
 * their step with exit 3 and the likely cause.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { freePort, startAedes, startMosquitto, type TestBroker } from '../helpers/brokers.js';
import { runCli } from '../helpers/cli.js';

const stepLines = (stdout: string) => stdout.split('\n').filter((line) => /^ {2}\S/.test(line)).map((line) => line.trim().split(/ {2,}/).slice(0, 2));

const brokers: [string, () => Promise<TestBroker>][] = [
  ['aedes', startAedes],
  ['mosquitto', () => startMosquitto()],
];

describe('jetsub doctor', () => {
  for (const [name, start] of brokers) {
    test(`every check passes against ${name}: exit 0`, async () => {
      const broker = await start();
      try {
        const { code, stdout, stderr } = await runCli(['doctor', '-H', '127.0.0.1', '-p', String(broker.port), '-i', 'doc-test']);
        assert.equal(code, 0, stdout);
        assert.equal(stderr, '');
        assert.deepEqual(stepLines(stdout), [['pass', 'resolve'], ['pass', 'tcp'], ['pass', 'mqtt'], ['pass', 'subscribe'], ['pass', 'round-trip']]);
        assert.match(stdout, new RegExp(`^mqtt://127\\.0\\.0\\.1:${broker.port}$`, 'm'));
        assert.match(stdout, /MQTT 3\.1\.1 handshake accepted, client id doc-test/);
        assert.match(stdout, /the broker grants \/junos\/events\/# \(qos 0\)/);
        assert.match(stdout, /a message published to jetsub\/doctor\/doc-test came back/);
      } finally {
        await broker.stop();
      }
    });
  }

  test('a name: resolved first, then the same checks (MQTT 5, mosquitto)', async () => {
    const broker = await startMosquitto();
    try {
      const { code, stdout } = await runCli(['doctor', '-H', `localhost:${broker.port}`, '-V', '5']);
      assert.equal(code, 0, stdout);
      assert.match(stdout, /pass {2}resolve {5}localhost is (127\.0\.0\.1|::1)/);
      assert.match(stdout, /MQTT 5 handshake accepted/);
    } finally {
      await broker.stop();
    }
  });

  test('a closed port on this host: tcp fails saying no broker listens, without router statements; exit 3', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await runCli(['doctor', '-H', '127.0.0.1', '-p', String(port)]);
    assert.equal(code, 3);
    assert.equal(stderr, '');
    assert.deepEqual(stepLines(stdout), [['pass', 'resolve'], ['FAIL', 'tcp'], ['skip', 'mqtt'], ['skip', 'subscribe'], ['skip', 'round-trip']]);
    assert.match(stdout, /FAIL {2}tcp {9}connection refused: no broker is listening on mqtt:\/\/127\.0\.0\.1:\d+ \(this host\); start one, or give the router with -H/);
    assert.doesNotMatch(stdout, /allow-clients|on the router/);
  });

  test('a listener that drops clients as a router does for those not allowed: mqtt fails with the hint', async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { code, stdout } = await runCli(['doctor', '-H', '127.0.0.1', '-p', String(port), '--connect-timeout', '3']);
      assert.equal(code, 3);
      assert.deepEqual(stepLines(stdout).map(([status]) => status), ['pass', 'pass', 'FAIL', 'skip', 'skip']);
      assert.match(stdout, /FAIL {2}mqtt {8}the broker closed the connection/);
      assert.match(stdout, /allow-clients address 127\.0\.0\.1\/32$/m);
    } finally {
      server.close();
    }
  });

  test('mosquitto with an ACL that lets this client read and write nothing: the round-trip fails with the ACL hint; exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jetsub-acl-'));
    chmodSync(dir, 0o755); // mosquitto reads the ACL after dropping to its own user
    const acl = join(dir, 'acl');
    writeFileSync(acl, 'topic read other/#\n', { mode: 0o644 });
    const broker = await startMosquitto({ extraConfig: `acl_file ${acl}` });
    try {
      // mosquitto 2.0 grants a subscription its ACL denies, and then delivers nothing.
      const { code, stdout } = await runCli(['doctor', '-H', '127.0.0.1', '-p', String(broker.port), '-i', 'acl-test', '--connect-timeout', '2']);
      assert.equal(code, 3, stdout);
      assert.deepEqual(stepLines(stdout), [['pass', 'resolve'], ['pass', 'tcp'], ['pass', 'mqtt'], ['pass', 'subscribe'], ['FAIL', 'round-trip']]);
      assert.match(stdout, /FAIL {2}round-trip {2}jetsub\/doctor\/acl-test: nothing came back within 2 s$/m);
      assert.match(stdout, /the broker's ACL may forbid publishing or subscribing there/);
      assert.doesNotMatch(stdout, /allow-clients/);
    } finally {
      await broker.stop();
    }
  });

  test('a broker that refuses the subscription to /junos/events/# (aedes with an ACL): subscribe fails; exit 3', async () => {
    const broker = await startAedes();
    broker.aedes.authorizeSubscribe = (_client, subscription, done) => done(null, subscription.topic.startsWith('/junos/') ? null : subscription);
    try {
      const { code, stdout } = await runCli(['doctor', '-H', '127.0.0.1', '-p', String(broker.port)]);
      assert.equal(code, 3, stdout);
      assert.deepEqual(stepLines(stdout), [['pass', 'resolve'], ['pass', 'tcp'], ['pass', 'mqtt'], ['FAIL', 'subscribe'], ['pass', 'round-trip']]);
      assert.match(stdout, /FAIL {2}subscribe {3}the broker refused the subscription to \/junos\/events\/#$/m);
      assert.match(stdout, /this is a central broker's ACL; allow this user \(-u\) to read \/junos\/events\/#/);
      const fleet = await runCli(['doctor', '-H', '127.0.0.1', '-p', String(broker.port), '--topic-prefix', 'fleet/{device}']);
      assert.equal(fleet.code, 0, fleet.stdout);
      assert.match(fleet.stdout, /pass {2}subscribe {3}the broker grants fleet\/\+\/junos\/events\/# \(qos 0\)$/m);
    } finally {
      await broker.stop();
    }
  });
});
