/**
 * The profile file: where it is, which shapes are accepted, and the exit-2 message (file,
 * problem, fix) for each shape that is not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateProfile, parseProfile } from '../../../src/config/index.js';
import { EXIT, UsageError } from '../../../src/errors.js';

const FILE = '/home/noc/.config/jetsub/config.json';

describe('locateProfile', () => {
  const cases: [string, NodeJS.ProcessEnv, string | undefined][] = [
    ['XDG_CONFIG_HOME', { XDG_CONFIG_HOME: '/xdg', HOME: '/home/noc' }, '/xdg/jetsub/config.json'],
    ['HOME when XDG_CONFIG_HOME is unset', { HOME: '/home/noc' }, '/home/noc/.config/jetsub/config.json'],
    ['HOME when XDG_CONFIG_HOME is empty', { XDG_CONFIG_HOME: '', HOME: '/home/noc' }, '/home/noc/.config/jetsub/config.json'],
    ['a relative XDG_CONFIG_HOME is ignored (XDG base directory spec)', { XDG_CONFIG_HOME: 'rel', HOME: '/home/noc' }, '/home/noc/.config/jetsub/config.json'],
    ['neither', {}, undefined],
  ];
  for (const [name, env, expected] of cases) it(name, () => assert.equal(locateProfile(env), expected));
});

describe('parseProfile: accepted shapes', () => {
  it('defaults and devices, with every kind of flag value', () => {
    const profile = parseProfile(JSON.stringify({
      $schema: 'ignored',
      defaults: { output: 'table', qos: 1, 'hide-chatter': true, 'event-id': ['SNMP_*', 'UI_*'] },
      devices: {
        mx1: { host: '192.0.2.1', port: 1883 },
        'hub.example': { host: 'mqtts://broker.example.net', username: 'noc', 'password-env': 'HUB_PASSWORD' },
      },
    }), FILE);
    assert.equal(profile.file, FILE);
    assert.deepEqual([...profile.defaults], [['output', 'table'], ['qos', 1], ['hide-chatter', true], ['event-id', ['SNMP_*', 'UI_*']]]);
    assert.deepEqual([...profile.devices.keys()], ['mx1', 'hub.example']);
    assert.deepEqual(profile.devices.get('mx1'), { name: 'mx1', host: '192.0.2.1', port: 1883, settings: new Map() });
    assert.deepEqual([...profile.devices.get('hub.example')!.settings], [['username', 'noc'], ['password-env', 'HUB_PASSWORD']]);
  });

  it('an empty object is an empty profile', () => {
    const profile = parseProfile('{}', FILE);
    assert.deepEqual([profile.defaults.size, profile.devices.size], [0, 0]);
  });
});

describe('parseProfile: refused shapes are UsageErrors naming the file, the place, the problem and the fix', () => {
  // V8 words JSON errors differently across Node versions: only jetsub's part is compared exactly.
  const JSON_FIX = '\\); fix it \\(JSON allows no comments or trailing commas\\), or move the file away$';
  const cases: [string, string, string | RegExp][] = [
    ['trailing comma', '{"defaults": {"output": "table",}}', new RegExp(`^not valid JSON \\(.*position 32: line 1, column 33${JSON_FIX}`)],
    ['line and column on a later line', '{\n  "defaults": {\n    "output" "table"\n  }\n}', new RegExp(`^not valid JSON \\(.*position 31: line 3, column 14${JSON_FIX}`)],
    ['not an object', '[]', 'the file: is not a JSON object; write {"defaults": {...}, "devices": {...}}'],
    ['unknown top-level key', '{"device": {}}', '"device": unknown key; use "defaults" and "devices"'],
    ['defaults not an object', '{"defaults": "table"}', 'defaults: is not an object; write "defaults": {"output": "table"}'],
    ['devices not an object', '{"devices": []}', 'devices: is not an object; write "devices": {"mx1": {"host": "192.0.2.1"}}'],
    ['device not an object', '{"devices": {"mx1": "192.0.2.1"}}', 'devices.mx1: is not an object; write "mx1": {"host": "192.0.2.1", "port": 1883}'],
    ['device name with a space', '{"devices": {"mx 1": {"host": "x"}}}', 'devices.mx 1: not a usable device name; use letters, digits, ".", "_" and "-"'],
    ['device without host', '{"devices": {"mx1": {"port": 1883}}}', 'devices.mx1.host: missing or not a string; write "host": "192.0.2.1"'],
    ['port out of range', '{"devices": {"mx1": {"host": "x", "port": 70000}}}', 'devices.mx1.port: 70000 is not a TCP port; write a number from 1 to 65535, e.g. "port": 1883'],
    ['port as a string', '{"devices": {"mx1": {"host": "x", "port": "1883"}}}', 'devices.mx1.port: "1883" is not a TCP port; write a number from 1 to 65535, e.g. "port": 1883'],
    ['a password in clear in a device', '{"devices": {"mx1": {"host": "x", "password": "s3cret"}}}',
      'devices.mx1.password: a password in clear; never store a password in the file: use "password-env": "MX1_PASSWORD" (an environment variable) or "password-file": "~/.secrets/mx1"'],
    ['a password in clear in defaults', '{"defaults": {"password": "s3cret"}}',
      'defaults.password: a password in clear; never store a password in the file: use "password-env": "MX1_PASSWORD" (an environment variable) or "password-file": "~/.secrets/mx1"'],
    ['an object as a flag value', '{"defaults": {"output": {"format": "table"}}}',
      'defaults.output: {"format":"table"} is not a flag value; use a string, a number, true, or a list of strings for a repeatable flag'],
    ['null as a flag value', '{"defaults": {"qos": null}}',
      'defaults.qos: null is not a flag value; use a string, a number, true, or a list of strings for a repeatable flag'],
    ['an empty list', '{"defaults": {"event-id": []}}',
      'defaults.event-id: [] is not a flag value; use a string, a number, true, or a list of strings for a repeatable flag'],
  ];
  for (const [name, text, message] of cases) {
    it(name, () => {
      assert.throws(() => parseProfile(text, FILE), (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.equal(error.exitCode, EXIT.usage);
        if (typeof message === 'string') assert.equal(error.message, `${FILE}: ${message}`);
        else assert.match(error.message.slice(`${FILE}: `.length), message);
        return true;
      });
    });
  }
});
