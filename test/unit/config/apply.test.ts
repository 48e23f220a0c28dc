/**
 * applyProfile on a real commander command carrying jetsub's shared flag groups: which values
 * the file fills in, which it leaves alone (environment, command line), how device names
 * become `name=host:port`, and the values converted as the command line would give them.
 */
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { describe, it } from 'node:test';
import { applyProfile } from '../../../src/config/apply.js';
import { parseProfile } from '../../../src/config/index.js';
import { UsageError } from '../../../src/errors.js';
import { addConnectionFlags } from '../../../src/options/connection-flags.js';
import { addOutputFlags } from '../../../src/options/output-flags.js';
import { addTopicFlags } from '../../../src/options/topic-flags.js';

const FILE = '/home/noc/.config/jetsub/config.json';
const HOME = { HOME: '/home/noc' };

/** Parses `argv` (with exactly `env` as the JETSUB_* of process.env, where commander reads them), then applies `profile`. */
function run(profile: unknown, argv: string[], env: Record<string, string> = {}): Command {
  const cmd = addConnectionFlags(addOutputFlags(addTopicFlags(new Command('tail')))).exitOverride().action(() => undefined);
  const keys = new Set([...Object.keys(env), ...Object.keys(process.env).filter((key) => key.startsWith('JETSUB_'))]);
  const saved = Object.fromEntries([...keys].map((key) => [key, process.env[key]]));
  for (const key of keys) delete process.env[key];
  Object.assign(process.env, env);
  try {
    cmd.parse(argv, { from: 'user' });
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  applyProfile(cmd, parseProfile(JSON.stringify(profile), FILE), HOME);
  return cmd;
}

/** `key → [value, source]` for the keys asked about. */
function view(cmd: Command, keys: string[]): Record<string, [unknown, string | undefined]> {
  return Object.fromEntries(keys.map((key) => [key, [cmd.getOptionValue(key), cmd.getOptionValueSource(key)]]));
}

describe('applyProfile: precedence', () => {
  const cases: [string, unknown, string[], Record<string, string>, Record<string, [unknown, string | undefined]>][] = [
    ['no profile values: built-in defaults stay', {}, [], {},
      { protocolVersion: ['3.1.1', 'default'], output: [undefined, undefined], host: [undefined, undefined] }],
    ['the file fills in defaults and unset flags', { defaults: { 'protocol-version': '5', output: 'table', qos: 1 } }, [], {},
      { protocolVersion: ['5', 'config'], output: ['table', 'config'], qos: ['1', 'config'] }],
    ['the environment beats the file', { defaults: { output: 'table', qos: 1 } }, [], { JETSUB_OUTPUT: 'json', JETSUB_QOS: '2' },
      { output: ['json', 'env'], qos: ['2', 'env'] }],
    ['flags beat the environment and the file', { defaults: { output: 'table' } }, ['-o', 'raw'], { JETSUB_OUTPUT: 'json' },
      { output: ['raw', 'cli'] }],
    ['a repeatable flag from the file is a list', { defaults: { family: ['inet', 'inet6'] } }, [], {},
      { family: [['inet', 'inet6'], 'config'] }],
    ['a repeatable flag on the command line replaces the file\'s list', { defaults: { family: ['inet', 'inet6'] } }, ['--family', 'mpls'], {},
      { family: [['mpls'], 'cli'] }],
  ];
  for (const [name, profile, argv, env, expected] of cases) {
    it(name, () => assert.deepEqual(view(run(profile, argv, env), Object.keys(expected)), expected));
  }

  it('flag values are converted as the command line would: names, booleans, numbers, paths', () => {
    const cmd = run({ defaults: { ifd: true, ifl: 'ge-0/0/0', 'config-update': true, all: false, keepalive: 30, 'password-file': '~/.secrets/mx1', schemas: 'schemas' } }, []);
    assert.deepEqual(view(cmd, ['ifd', 'ifl', 'configUpdate', 'all', 'keepalive', 'passwordFile', 'schemas']), {
      ifd: [[true], 'config'],
      ifl: [['ge-0/0/0'], 'config'],
      configUpdate: [true, 'config'],
      all: [undefined, undefined],
      keepalive: ['30', 'config'],
      passwordFile: ['/home/noc/.secrets/mx1', 'config'],
      schemas: ['/home/noc/.config/jetsub/schemas', 'config'],
    });
  });
});

describe('applyProfile: devices', () => {
  const devices = {
    mx1: { host: '192.0.2.1', port: 2883, username: 'noc', 'password-env': 'MX1_PASSWORD' },
    mx2: { host: 'mqtts://broker.example.net' },
    v6: { host: '2001:db8::1' },
    peer: { host: '192.0.2.9', username: 'other' },
  };
  const cases: [string, unknown, string[], Record<string, string>, Record<string, [unknown, string | undefined]>][] = [
    ['--host mx1 becomes name=url with its port, and brings its settings', { devices }, ['-H', 'mx1'], {},
      { host: [['mx1=mqtt://192.0.2.1:2883'], 'cli'], username: ['noc', 'config'], passwordEnv: ['MX1_PASSWORD', 'config'] }],
    ['devices and plain hosts mix', { devices }, ['-H', 'mx2', '-H', '192.0.2.7', '-H', 'v6'], {},
      { host: [['mx2=mqtts://broker.example.net:8883', '192.0.2.7', 'v6=mqtt://[2001:db8::1]:1883'], 'cli'] }],
    ['JETSUB_HOST names a device', { devices }, [], { JETSUB_HOST: 'mx1' }, { host: [['mx1=mqtt://192.0.2.1:2883'], 'env'] }],
    ['"defaults": {"host"} names a device', { defaults: { host: 'mx2' }, devices }, [], {}, { host: [['mx2=mqtts://broker.example.net:8883'], 'config'] }],
    ['-p beats the device port', { devices }, ['-H', 'mx1', '-p', '1884'], {}, { host: [['mx1=mqtt://192.0.2.1:1884'], 'cli'] }],
    ['the device port beats "defaults": {"port"}', { defaults: { port: 1999 }, devices }, ['-H', 'mx1', '-H', 'v6'], {},
      { host: [['mx1=mqtt://192.0.2.1:2883', 'v6=mqtt://[2001:db8::1]:1999'], 'cli'] }],
    ['device settings beat "defaults"', { defaults: { username: 'everyone' }, devices }, ['-H', 'mx1'], {}, { username: ['noc', 'config'] }],
    ['a flag beats the device settings', { devices }, ['-H', 'mx1', '-u', 'me'], {}, { username: ['me', 'cli'] }],
    ['a password from the command line keeps the profile\'s away', { devices }, ['-H', 'mx1', '--password-file', '/p'], {},
      { passwordEnv: [undefined, undefined], passwordFile: ['/p', 'cli'] }],
  ];
  for (const [name, profile, argv, env, expected] of cases) {
    it(name, () => assert.deepEqual(view(run(profile, argv, env), Object.keys(expected)), expected));
  }
});

describe('applyProfile: refusals (exit 2, naming the file)', () => {
  const cases: [string, unknown, string[], string][] = [
    ['a key that is no flag of any command', { defaults: { colour: 'never' } }, [],
      'defaults.colour: not a jetsub flag; use a flag\'s long name without the dashes, e.g. "output" for --output'],
    ['a key that is no flag, in a device', { devices: { mx1: { host: 'x', usernme: 'noc' } } }, [],
      'devices.mx1.usernme: not a jetsub flag; use a flag\'s long name without the dashes, e.g. "output" for --output'],
    ['a value for a flag without one', { defaults: { 'config-update': 'yes' } }, [],
      '"config-update": --config-update takes no value, so give true or false; write it as on the command line, e.g. "config-update": true'],
    ['no value for a flag that needs one', { defaults: { output: true } }, [],
      '"output": --output needs a value; write it as on the command line, e.g. "output": "..."'],
    ['a list for a flag that takes one value', { defaults: { output: ['table', 'json'] } }, [],
      '"output": --output takes one value, not a list; write it as on the command line, e.g. "output": "..."'],
    ['a device host that is no host', { devices: { mx1: { host: 'ftp://x' } } }, ['-H', 'mx1'],
      "devices.mx1.host: --host 'ftp://x': 'ftp://' is not supported; use host[:port], mqtt://host:port or mqtts://host:port"],
    ['two devices that disagree', { devices: { a: { host: 'x', username: 'u1' }, b: { host: 'y', username: 'u2' } } }, ['-H', 'a', '-H', 'b'],
      'devices a and b set different "username", and one jetsub uses one setting for all its hosts; run one jetsub per device, or give --username'],
  ];
  for (const [name, profile, argv, message] of cases) {
    it(name, () => {
      assert.throws(() => run(profile, argv), (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.equal(error.message, `${FILE}: ${message}`);
        return true;
      });
    });
  }

  it('two devices that agree are fine', () => {
    const cmd = run({ devices: { a: { host: 'x', username: 'noc' }, b: { host: 'y', username: 'noc' } } }, ['-H', 'a', '-H', 'b']);
    assert.deepEqual(view(cmd, ['host', 'username']), { host: [['a=mqtt://x:1883', 'b=mqtt://y:1883'], 'cli'], username: ['noc', 'config'] });
  });
});
