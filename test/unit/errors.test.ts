import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXIT, UsageError, usageError } from '../../src/errors.js';

describe('usageError', () => {
  const CASES: readonly [flag: string, expected: string | undefined][] = [
    ["--output 'xml'", '--output'],
    ['--max-payload', '--max-payload'],
    ['--cafile, --key', '--cafile'],
    ["scenario 'nope'", undefined],
    ['-o x', undefined],
  ];
  for (const [flag, expected] of CASES) {
    it(`${JSON.stringify(flag)} carries flag ${expected ?? 'none'}`, () => {
      const error = usageError(flag, 'what is wrong', 'the fix');
      assert.ok(error instanceof UsageError);
      assert.equal(error.flag, expected);
      assert.equal(error.message, `${flag}: what is wrong; the fix`);
      assert.equal(error.exitCode, EXIT.usage);
    });
  }

  it('a UsageError made directly names its flag only when told', () => {
    assert.equal(new UsageError('--schemas: bad').flag, undefined);
    assert.equal(new UsageError('--schemas: bad', '--schemas').flag, '--schemas');
  });
});
