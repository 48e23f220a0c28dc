/**
 * The built `jetsub schema`: the list, and one schema printed standalone, usable by
 * another validator with nothing else loaded.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runCli } from '../helpers/cli.js';
import { readFixtures } from '../helpers/fixtures.js';

const fixtures = readFixtures();
const payloadOf = (line: number) => JSON.parse(fixtures.find((f) => f.line === line)!.payload) as unknown;

describe('jetsub schema', () => {
  test('lists every schema as JSON when piped', async () => {
    const { code, stdout, stderr } = await runCli(['schema']);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    const names = (JSON.parse(stdout) as { name: string; title: string; file: string }[]).map((s) => s.name);
    for (const name of ['config-update', 'firewall', 'gap', 'ifa', 'ifd', 'iff', 'ifl', 'jet-event', 'record', 'route', 'route-table', 'syslog']) {
      assert.ok(names.includes(name), name);
    }
  });

  test('-o table: one line per schema, name and title', async () => {
    const { code, stdout } = await runCli(['schema', '-o', 'table']);
    assert.equal(code, 0);
    assert.match(stdout, /^ifd +JET ifd event \(physical interface\)$/m);
    assert.match(stdout, /^record +jetsub event record/m);
  });

  test('prints one schema standalone: a fresh validator needs nothing else', async () => {
    const { code, stdout, stderr } = await runCli(['schema', 'ifd']);
    assert.equal(code, 0, stderr);
    const schema = JSON.parse(stdout) as Record<string, any>;
    assert.equal(schema.$id, 'https://jetsub.dev/schemas/ifd.schema.json');
    assert.equal(schema.$defs['jet-event'].$id, 'https://jetsub.dev/schemas/jet-event.schema.json');
    const validate = new Ajv2020({ allowUnionTypes: true }).compile(schema);
    assert.equal(validate(payloadOf(1)), true, JSON.stringify(validate.errors));
    assert.equal(validate(payloadOf(22)), false, 'snmp-id "five hundred" is rejected');
    assert.equal(validate(payloadOf(23)), false, 'a missing time is rejected: the header came along');
  });

  test('a schema without references is printed as it is', async () => {
    const { code, stdout } = await runCli(['schema', 'config-update']);
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout).$defs, undefined);
  });

  test('an unknown schema: exit 2 naming the known ones', async () => {
    const { code, stdout, stderr } = await runCli(['schema', 'ifx']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^jetsub: schema "ifx": no such schema; known schemas: .*\bifd\b.*\brecord\b/);
  });
});
