/**
 * TLS against mosquitto TLS listeners, with certificates the test makes with openssl
 * (test/helpers/tls.ts): verification is on by default; an unknown CA, a certificate for
 * another host name and an expired one each exit 3 with the reason in words; --insecure
 * and --tls-servername only when asked; mutual TLS with --cert/--key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectPublisher, freePort, publishAll, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { parseNdjson, runCli, startCli, waitSubscribed } from '../helpers/cli.js';
import { createTestPki, tlsListener, type TestPki } from '../helpers/tls.js';
import { ifdEvent } from '../helpers/events.js';

const EVENT = ifdEvent('ge-0/0/1', { attributes: { 'snmp-id': 501 } });

describe('TLS (mosquitto TLS listeners, openssl-made certificates)', () => {
  let pki: TestPki;
  let broker: Mosquitto;
  const ports = { good: 0, wrongHost: 0, expired: 0, unknownCa: 0, mutual: 0, plain: 0 };

  before(async () => {
    pki = createTestPki();
    for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
    broker = await startMosquitto({
      port: ports.plain,
      listener: [
        `listener ${ports.plain} 127.0.0.1`,
        tlsListener(ports.good, pki.server),
        tlsListener(ports.wrongHost, pki.wrongHost),
        tlsListener(ports.expired, pki.expired),
        tlsListener(ports.unknownCa, pki.unknownCa),
        tlsListener(ports.mutual, pki.server, { ca: pki.ca, requireCertificate: true }),
      ].join('\n'),
    });
  });
  after(async () => {
    await broker.stop();
  });

  /** A tail of one event over TLS; the event is published on the plain listener. */
  async function tailOne(args: string[]): Promise<void> {
    const cli = startCli(['tail', ...args, '--ifd', '-C', '1', '-W', '20', '-o', 'ndjson']);
    await waitSubscribed(cli);
    const publisher = await connectPublisher(broker.url);
    await publishAll(publisher, [EVENT]);
    await publisher.endAsync();
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.topic), [EVENT.topic]);
  }

  test('mqtts:// with --cafile: verified, connected, events arrive', async () => {
    await tailOne(['-H', `mqtts://localhost:${ports.good}`, '--cafile', pki.ca]);
  });

  test('by IP address, when the certificate names it', async () => {
    await tailOne(['-H', `mqtts://127.0.0.1:${ports.good}`, '--cafile', pki.ca]);
  });

  const failures: [string, () => string[], RegExp][] = [
    ['without --cafile the test CA is unknown: verification is on by default',
      () => ['-H', `mqtts://localhost:${ports.good}`],
      /the broker's certificate is signed by an unknown CA \(give the CA with --cafile\)/],
    ['a certificate from a CA jetsub was not given',
      () => ['-H', `mqtts://localhost:${ports.unknownCa}`, '--cafile', pki.ca],
      /the broker's certificate is signed by an unknown CA \(give the CA with --cafile\)/],
    ['a certificate for another host name',
      () => ['-H', `mqtts://localhost:${ports.wrongHost}`, '--cafile', pki.ca],
      /the broker's certificate is for another host name \(connect by that name, or give it with --tls-servername\)/],
    ['an expired certificate',
      () => ['-H', `mqtts://localhost:${ports.expired}`, '--cafile', pki.ca],
      /the broker's certificate has expired/],
    ['mutual TLS without a client certificate',
      () => ['-H', `mqtts://localhost:${ports.mutual}`, '--cafile', pki.ca],
      /the broker wants a client certificate \(give --cert and --key\)/],
    ['mqtts:// to a plain MQTT port',
      () => ['-H', `mqtts://localhost:${ports.plain}`, '--cafile', pki.ca],
      /the TLS handshake failed: the broker closed the connection \(is the port a TLS listener\? use mqtt:\/\/ for a plain one\)/],
  ];

  for (const [name, args, reason] of failures) {
    test(`${name}: exit 3 with the reason in words`, async () => {
      const { code, stdout, stderr } = await runCli(['tail', ...args(), '--ifd', '--connect-timeout', '5']);
      assert.equal(code, 3, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, new RegExp(`jetsub: cannot connect to mqtts://localhost:\\d+: ${reason.source}`));
      assert.doesNotMatch(stderr, /allow-clients|\n\s+at /, 'no router hint, no stack trace');
    });
  }

  test('--tls-servername: the name to verify when connecting by another one', async () => {
    await tailOne(['-H', `mqtts://127.0.0.1:${ports.wrongHost}`, '--cafile', pki.ca, '--tls-servername', 'broker.example.net']);
  });

  test('--insecure: connects to an unknown CA, an expired certificate and a wrong host only when asked', async () => {
    for (const port of [ports.unknownCa, ports.expired, ports.wrongHost]) await tailOne(['-H', `mqtts://localhost:${port}`, '--insecure']);
  });

  test('mutual TLS: --cert and --key signed by the CA the broker requires', async () => {
    await tailOne(['-H', `mqtts://localhost:${ports.mutual}`, '--cafile', pki.ca, '--cert', pki.client.cert, '--key', pki.client.key]);
  });
});
