/**
 * The bundle's validators (ajv standalone code, generated at build time) say exactly what
 * the run-time compiled ones say, for every fixture against every schema that validates events.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { decodePayload } from '../../../src/decode/index.js';
import { createSchemaRegistry } from '../../../src/validate/compile.js';
import { describeAjvErrors, loadSchemaFiles } from '../../../src/validate/index.js';
import { PRECOMPILED_NAMES, generatePrecompiledModule } from '../../../src/validate/standalone.js';
import { REPO_ROOT, readFixtures, toBytes } from '../../helpers/fixtures.js';

const payloads = [...readFixtures(), ...readFixtures('extra-events.ndjson')]
  .map((fixture) => ({ fixture, decoded: decodePayload(toBytes(fixture.payload)) }))
  .flatMap(({ fixture, decoded }) => (decoded.ok ? [{ note: `${fixture.note} (line ${fixture.line})`, value: decoded.value }] : []));

describe('precompiled validators', () => {
  // Inside the repository, so that the generated module could resolve ajv's run-time helpers.
  const file = join(REPO_ROOT, 'build', `precompiled-${process.pid}.mjs`);
  let precompiled: Record<string, ValidateFunction>;
  before(async () => {
    writeFileSync(file, generatePrecompiledModule(loadSchemaFiles()));
    ({ PRECOMPILED: precompiled } = await import(pathToFileURL(file).href) as { PRECOMPILED: Record<string, ValidateFunction> });
  });
  after(() => rmSync(file, { force: true }));

  it('holds the header and every kind', () => {
    assert.deepEqual(Object.keys(precompiled).sort(), [...PRECOMPILED_NAMES].sort());
  });

  it('gives the same verdicts and issues as the run-time validators, fixture by fixture', () => {
    assert.ok(payloads.length > 20);
    const runtime = createSchemaRegistry(loadSchemaFiles());
    let invalid = 0;
    for (const name of PRECOMPILED_NAMES) {
      for (const { note, value } of payloads) {
        const compiled = runtime.get(name)!;
        const expected = compiled(value);
        const actual = precompiled[name]!(value);
        assert.equal(actual, expected, `${name}: ${note}`);
        if (!expected) {
          invalid++;
          assert.deepEqual(describeAjvErrors(precompiled[name]!.errors ?? []), describeAjvErrors(compiled.errors ?? []), `${name}: ${note}`);
        }
      }
    }
    assert.ok(invalid > 50, `only ${invalid} invalid cases compared`);
  });
});
