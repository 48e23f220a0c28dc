import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveConnectionSettings } from '../../../src/options/connection-flags.js';

const DEFAULTS = { protocolVersion: '3.1.1', qos: '0', keepalive: '60', connectTimeout: '10' };

describe('-V spellings (mosquitto_sub\'s too)', () => {
  const cases: [string, number][] = [
    ['3.1.1', 4], ['311', 4], ['mqttv311', 4], ['MQTTv311', 4], ['5', 5], ['mqttv5', 5], ['3.1', 3], ['mqttv31', 3],
  ];
  for (const [spelling, version] of cases) {
    test(`-V ${spelling} is MQTT protocol level ${version}`, () => {
      assert.equal(resolveConnectionSettings({ ...DEFAULTS, protocolVersion: spelling }, {}).protocolVersion, version);
    });
  }
  test('an unknown version names the flag and the spellings', () => {
    assert.throws(() => resolveConnectionSettings({ ...DEFAULTS, protocolVersion: '4.0' }, {}), /--protocol-version '4\.0': unknown MQTT version; use 3\.1\.1 \(311, mqttv311\) or 5 \(mqttv5\)/);
  });
  test('the default client id is unique per process run', () => {
    const a = resolveConnectionSettings(DEFAULTS, {}).clientId;
    const b = resolveConnectionSettings(DEFAULTS, {}).clientId;
    assert.match(a, /^jetsub-[0-9a-z]+$/);
    assert.notEqual(a, b);
    assert.ok(a.length <= 23, 'MQTT 3.1 servers may refuse longer ids');
  });
});
