/**
 * `jetsub topics`: the catalogue as JSON for scripts (the default off a terminal) and as a
 * table; every kind, its pattern and the flags that select it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';

describe('jetsub topics', () => {
  test('JSON off a terminal: every kind with its pattern, attributes and flags', async () => {
    const { code, stdout, stderr } = await runCli(['topics']);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    const catalogue = JSON.parse(stdout) as { kind: string; pattern: string; flags: string[]; attributes: string[] }[];
    assert.deepEqual(catalogue.map((k) => k.kind), ['ifd', 'ifl', 'iff', 'ifa', 'firewall', 'route', 'route-table', 'syslog', 'config-update']);
    const ifa = catalogue.find((k) => k.kind === 'ifa')!;
    assert.equal(ifa.pattern, '/junos/events/kernel/interfaces/ifa/{action}/{ifd}.{unit}/{family}/{address}/{length}');
    assert.ok(ifa.flags.includes('--within'));
    assert.ok(ifa.attributes.includes('local-address'));
    assert.ok(catalogue.every((k) => k.pattern.startsWith('/junos/events/')), 'every pattern has the leading slash');
  });

  test('-o table: one row per kind, assumed ones marked, nothing wider than the table', async () => {
    const { code, stdout, stderr } = await runCli(['topics', '-o', 'table']);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    const rows = stdout.split('\n').filter((line) => /^│ \S/.test(line)).map((line) => line.split('│')[1]!.trim());
    assert.deepEqual(rows, ['kind', 'ifd', 'ifl', 'iff', 'ifa', 'firewall *', 'route *', 'route-table *', 'syslog', 'config-update']);
    assert.match(stdout, /\* topic levels and attributes documented by Juniper but not seen on a device/);
    const widths = new Set(stdout.split('\n').filter((line) => /^[┌│├└]/.test(line)).map((line) => line.length));
    assert.equal(widths.size, 1, 'every table line is as wide as the border');
  });

  test('-o with an unknown format is a usage error', async () => {
    const { code, stdout, stderr } = await runCli(['topics', '-o', 'yaml']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^jetsub: .*'yaml'.*table, json/);
    assert.equal(stderr.trim().split('\n').length, 1);
  });
});
