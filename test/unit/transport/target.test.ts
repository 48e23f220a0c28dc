import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageError } from '../../../src/errors.js';
import { type Target, formatTarget, parsePort, parseTarget } from '../../../src/transport/target.js';

describe('--host values', () => {
  const cases: [string, number | undefined, Target][] = [
    ['localhost', undefined, { device: 'localhost', protocol: 'mqtt', host: 'localhost', port: 1883 }],
    ['192.0.2.1', undefined, { device: '192.0.2.1', protocol: 'mqtt', host: '192.0.2.1', port: 1883 }],
    ['192.0.2.1:1884', undefined, { device: '192.0.2.1:1884', protocol: 'mqtt', host: '192.0.2.1', port: 1884 }],
    ['192.0.2.1', 1999, { device: '192.0.2.1:1999', protocol: 'mqtt', host: '192.0.2.1', port: 1999 }],
    ['192.0.2.1:1884', 1999, { device: '192.0.2.1:1884', protocol: 'mqtt', host: '192.0.2.1', port: 1884 }],
    ['mx1=192.0.2.1', undefined, { device: 'mx1', protocol: 'mqtt', host: '192.0.2.1', port: 1883 }],
    ['mx1=mqtt://r1.example.net:1883', undefined, { device: 'mx1', protocol: 'mqtt', host: 'r1.example.net', port: 1883 }],
    ['mqtts://broker.example.net', undefined, { device: 'broker.example.net', protocol: 'mqtts', host: 'broker.example.net', port: 8883 }],
    ['MQTTS://broker:9883/', undefined, { device: 'broker:9883', protocol: 'mqtts', host: 'broker', port: 9883 }],
    ['2001:db8::1', undefined, { device: '2001:db8::1', protocol: 'mqtt', host: '2001:db8::1', port: 1883 }],
    ['[2001:db8::1]:1884', undefined, { device: '[2001:db8::1]:1884', protocol: 'mqtt', host: '2001:db8::1', port: 1884 }],
    ['lab=[::1]', undefined, { device: 'lab', protocol: 'mqtt', host: '::1', port: 1883 }],
  ];
  for (const [text, port, expected] of cases) {
    test(`${text}${port ? ` with -p ${port}` : ''}`, () => assert.deepEqual(parseTarget(text, port), expected));
  }

  const bad: [string, RegExp][] = [
    ['ws://broker', /'ws:\/\/' is not supported/],
    ['192.0.2.1:0', /--host '0': not a TCP port/],
    ['192.0.2.1:70000', /not a TCP port/],
    ['192.0.2.1:http', /not a TCP port/],
    ['[192.0.2.1]:1883', /a bracketed host must be an IPv6 address/],
    ['mx1=', /no host name or address/],
    ['user@host', /^--host 'user@host': credentials do not go in the host; give -u user and the password/],
    ['mqtt://u:s3cret@h:1883', /^--host 'mqtt:\/\/u:\*\*\*@h:1883': credentials do not go in the host/],
    ['mx1=u:p@ss:w0rd@192.0.2.1', /^--host 'mx1=u:\*\*\*@192\.0\.2\.1': /],
  ];
  for (const [text, message] of bad) {
    test(`rejects ${text}`, () => assert.throws(() => parseTarget(text), (e: Error) => e instanceof UsageError && message.test(e.message)));
  }

  test('ports and the URL form', () => {
    assert.equal(parsePort('--port', '1883'), 1883);
    assert.throws(() => parsePort('--port', '-1'), /--port '-1': not a TCP port; give a number from 1 to 65535/);
    assert.equal(formatTarget(parseTarget('[2001:db8::1]:1884')), 'mqtt://[2001:db8::1]:1884');
  });
});
