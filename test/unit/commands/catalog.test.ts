/**
 * selectCommands: the arguments after `jetsub` → the commands declared for them. A table:
 * [argv, expected names, or 'all'].
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMAND_NAMES, isCommandName, selectCommands } from '../../../src/commands/catalog.js';

describe('selectCommands', () => {
  const cases: [string[], string[] | 'all'][] = [
    [['--version'], []],
    [['--bogus'], []],
    [[], 'all'],
    [['--help'], 'all'],
    [['-h'], 'all'],
    [['help'], 'all'],
    [['tail', '--ifd', 'ge-0/0/1', '-o', 'ndjson'], ['tail']],
    [['--version', 'tail'], ['tail']],
    [['tail', '--help'], ['tail']],
    [['help', 'top'], ['top']],
    [['doctor', '-H', 'mx1'], ['doctor']],
    [['completion', 'bash'], ['completion']],
    [['tial'], 'all'],
    [['help', 'tial'], 'all'],
    [['__complete', '--', 'tail', '--'], 'all'],
  ];
  for (const [argv, expected] of cases) {
    it(`${JSON.stringify(argv)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(selectCommands(argv), expected === 'all' ? COMMAND_NAMES : expected);
    });
  }

  it('knows every command by its name, and nothing from Object.prototype', () => {
    assert.ok(COMMAND_NAMES.includes('tail') && COMMAND_NAMES.includes('__complete'));
    assert.equal(isCommandName('toString'), false);
    assert.equal(isCommandName('constructor'), false);
  });
});
