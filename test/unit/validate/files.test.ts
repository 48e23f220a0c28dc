/**
 * Built-in schema discovery and the `--schemas` directory: overrides, additions, and the
 * UsageErrors (exit 2) a broken directory must produce before anything connects.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EXIT, UsageError } from '../../../src/errors.js';
import {
  createValidator, listSchemas, loadSchemaFiles, locateBuiltinSchemaDir, readSchema,
} from '../../../src/validate/index.js';
import { REPO_ROOT } from '../../helpers/fixtures.js';

const BUILTIN = [
  'config-update', 'firewall', 'flaps', 'gap', 'ifa', 'ifd', 'iff', 'ifl', 'jet-event', 'record', 'route',
  'route-table', 'syslog', 'top',
];
const HEADER = { 'event-id': 'KERNEL_EVENT_IFD_ADD', hostname: 'mx1', time: '2026-11-24-09:15:02', severity: 'info', facility: 'KERNEL' };
const ifd = (attributes: Record<string, unknown>) => ({ 'jet-event': { ...HEADER, attributes } });

const root = mkdtempSync(join(tmpdir(), 'jetsub-schemas-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A fresh directory holding `files` (name → content; objects are written as JSON). */
function makeSchemaDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(root, 'dir-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

/** An ifd schema stricter than the built-in: only known attributes, names from a list. */
const STRICT_IFD = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['jet-event'],
  properties: {
    'jet-event': {
      $ref: 'jet-event.schema.json#/$defs/header',
      properties: {
        attributes: {
          type: 'object',
          properties: { name: { enum: ['ge-0/0/0', 'ge-0/0/1'] }, 'snmp-id': { type: 'integer', maximum: 1000 }, flags: {} },
          additionalProperties: false,
        },
      },
    },
  },
};

describe('built-in schemas', () => {
  it('are found above the compiled module, in <repo>/schemas', () => {
    assert.equal(locateBuiltinSchemaDir(), join(REPO_ROOT, 'schemas'));
  });

  it('are all loaded, sorted by name, none marked as user files', () => {
    const files = loadSchemaFiles();
    assert.deepEqual(files.map((file) => file.name), BUILTIN);
    assert.ok(files.every((file) => !file.user && file.file === join(REPO_ROOT, 'schemas', `${file.name}.schema.json`)));
  });

  it('are listed with their titles', () => {
    const list = listSchemas();
    assert.deepEqual(list.map((entry) => entry.name), BUILTIN);
    assert.equal(list.find((entry) => entry.name === 'ifa')?.title, 'JET ifa event (interface address)');
  });

  it('can be read whole by name', () => {
    assert.equal(readSchema('syslog').$id, 'https://jetsub.dev/schemas/syslog.schema.json');
  });

  it('refuse an unknown name with a UsageError listing the known ones', () => {
    assert.throws(() => readSchema('ifx'), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.exitCode, EXIT.usage);
      assert.equal(error.message, `schema "ifx": no such schema; known schemas: ${BUILTIN.join(', ')}`);
      return true;
    });
  });
});

describe('--schemas directory', () => {
  it('replaces a built-in by file name and adds new ones', () => {
    const dir = makeSchemaDir({
      'ifd.schema.json': STRICT_IFD,
      'ipsec.schema.json': { title: 'IPsec tunnel', type: 'object' },
      'README.md': 'ignored: not a *.schema.json file',
    });
    const files = loadSchemaFiles(dir);
    assert.deepEqual(files.map((file) => file.name), [...BUILTIN, 'ipsec'].sort());
    const replaced = files.find((file) => file.name === 'ifd');
    assert.deepEqual([replaced?.user, replaced?.file], [true, join(dir, 'ifd.schema.json')]);
    assert.equal(readSchema('ipsec', { schemaDir: dir }).title, 'IPsec tunnel');
    assert.equal(listSchemas({ schemaDir: dir }).find((entry) => entry.name === 'ipsec')?.title, 'IPsec tunnel');
  });

  it('is used by check, with references to the built-in header still resolving', () => {
    const validator = createValidator({ schemaDir: makeSchemaDir({ 'ifd.schema.json': STRICT_IFD }) });
    const cases: [attributes: Record<string, unknown>, errors: { pointer: string; message: string }[]][] = [
      [{ name: 'ge-0/0/0', 'snmp-id': 520 }, []],
      [{ name: 'ge-0/0/9' }, [{ pointer: '/jet-event/attributes/name', message: 'must be one of "ge-0/0/0", "ge-0/0/1", got "ge-0/0/9"' }]],
      [{ 'snmp-id': 5000 }, [{ pointer: '/jet-event/attributes/snmp-id', message: 'must be <= 1000, got 5000' }]],
      [{ speed: 1 }, [{ pointer: '/jet-event/attributes/speed', message: 'is not allowed' }]],
    ];
    for (const [attributes, errors] of cases) {
      assert.deepEqual(validator.check('ifd', ifd(attributes)).errors, errors, JSON.stringify(attributes));
    }
    assert.equal(validator.check('ifd', { 'jet-event': { ...HEADER, severity: 'loud', attributes: {} } }).valid, false);
    assert.equal(validator.check('ifl', ifd({ speed: 1 })).valid, true, 'other kinds keep the built-in schema');
  });

  it('may define the kind other', () => {
    const dir = makeSchemaDir({ 'other.schema.json': { type: 'object', required: ['source'] } });
    const validator = createValidator({ schemaDir: dir });
    assert.deepEqual(validator.check('other', {}).errors, [{ pointer: '/source', message: 'is required' }]);
    assert.equal(validator.check('other', { source: 'x' }).valid, true);
  });

  const BROKEN: [name: string, make: () => string, mentions: string[]][] = [
    ['a directory that does not exist', () => join(root, 'missing'), ['cannot read directory', join(root, 'missing')]],
    ['a file instead of a directory', () => join(makeSchemaDir({ 'ifd.schema.json': {} }), 'ifd.schema.json'), ['cannot read directory']],
    ['a directory without schema files', () => makeSchemaDir({ 'ifd.json': STRICT_IFD }), ['no *.schema.json files', 'ifd.schema.json']],
    ['a file that is not JSON', () => makeSchemaDir({ 'ifd.schema.json': '{"type": "object",' }), ['ifd.schema.json', 'cannot read']],
    ['a file holding a JSON array', () => makeSchemaDir({ 'ifd.schema.json': [] }), ['ifd.schema.json', 'does not hold a JSON object']],
    ['an invalid schema', () => makeSchemaDir({ 'ifd.schema.json': { type: 'nope' } }), ['ifd.schema.json', 'not a usable JSON Schema']],
    ['a misspelt keyword', () => makeSchemaDir({ 'ifd.schema.json': { requried: ['jet-event'] } }), ['ifd.schema.json', 'requried']],
    ['a reference to nothing', () => makeSchemaDir({ 'ipsec.schema.json': { $ref: 'nowhere.schema.json' } }), ['ipsec.schema.json', 'nowhere']],
    ['a duplicate $id', () => makeSchemaDir({ 'copy.schema.json': { $id: 'https://jetsub.dev/schemas/ifd.schema.json' } }), ['copy.schema.json']],
    ['a header replaced under another $id', () => makeSchemaDir({ 'jet-event.schema.json': { $id: 'https://example.com/h.json', type: 'object' } }), ['built-in', 'no longer compiles']],
  ];
  for (const [name, make, mentions] of BROKEN) {
    it(`fails with a UsageError naming --schemas for ${name}`, () => {
      const dir = make();
      assert.throws(() => createValidator({ schemaDir: dir }), (error: unknown) => {
        assert.ok(error instanceof UsageError, String(error));
        assert.equal(error.exitCode, EXIT.usage);
        assert.ok(error.message.startsWith('--schemas: '), error.message);
        for (const text of mentions) assert.ok(error.message.includes(text), `"${error.message}" lacks "${text}"`);
        return true;
      });
    });
  }

  it('reports an unreadable directory from listSchemas too', () => {
    mkdirSync(join(root, 'empty'));
    assert.throws(() => listSchemas({ schemaDir: join(root, 'empty') }), UsageError);
  });
});
