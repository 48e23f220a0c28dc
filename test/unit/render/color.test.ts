import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createChalk, resolveColor, type ColorMode } from '../../../src/render/color.js';

const CASES: readonly [ColorMode, boolean, NodeJS.ProcessEnv, boolean][] = [
  ['never', true, {}, false],
  ['never', true, { FORCE_COLOR: '1' }, false],
  ['always', false, {}, true],
  ['always', false, { NO_COLOR: '1' }, true],
  ['auto', true, {}, true],
  ['auto', false, {}, false],
  ['auto', true, { NO_COLOR: '1' }, false],
  ['auto', true, { NO_COLOR: '' }, true],
  ['auto', false, { FORCE_COLOR: '1' }, true],
  ['auto', false, { FORCE_COLOR: '3' }, true],
  ['auto', false, { FORCE_COLOR: '' }, true],
  ['auto', true, { FORCE_COLOR: '0' }, false],
  ['auto', true, { FORCE_COLOR: 'false' }, false],
  ['auto', false, { FORCE_COLOR: '0' }, false],
  ['auto', false, { FORCE_COLOR: 'false' }, false],
  ['auto', false, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
];

describe('resolveColor', () => {
  for (const [mode, isTTY, env, expected] of CASES) {
    it(`${mode}, ${isTTY ? 'tty' : 'pipe'}, ${JSON.stringify(env)} → ${expected}`, () => {
      assert.equal(resolveColor(mode, isTTY, env), expected);
    });
  }
});

describe('createChalk', () => {
  it('emits no codes when colour is off, whatever the environment says', () => {
    assert.equal(createChalk(false).red.bold('x'), 'x');
  });

  it('emits codes when colour is on, even when the output is not a terminal', () => {
    assert.equal(createChalk(true).red('x'), '\u001b[31mx\u001b[39m');
  });
});
