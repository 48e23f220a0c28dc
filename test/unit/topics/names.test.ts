import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../../src/errors.js';
import { compileGlob, compileNameGlob, hasGlob } from '../../../src/topics/glob.js';
import { type NameLevels, checkName, compileNameLevels, createNameTest, splitUnit } from '../../../src/topics/names.js';

describe('compileNameGlob: with / level by level, without / across levels', () => {
  const cases: [pattern: string, name: string, matches: boolean][] = [
    ['ge-0/0/*', 'ge-0/0/0', true],
    ['ge-0/0/*', 'ge-0/0/10', true],
    ['ge-0/0/*', 'ge-0/0/0:1', true],
    ['ge-0/0/*', 'ge-0/0/0/1', false],
    ['ge-0/0/*', 'ge-0/1/0', false],
    ['ge-0/*', 'ge-0/0/0', false],
    ['ge-?/0/0', 'ge-1/0/0', true],
    ['ge-?/0/0', 'ge-10/0/0', false],
    ['*/0/0', 'xe-1/0/0', true],
    ['*/0/0', 'lo0', false],
    ['ge-*', 'ge-0/0/0', true],
    ['ge-*', 'xe-0/0/0', false],
    ['*', 'ge-0/0/0', true],
    ['*', 'lo0', true],
    ['*0', 'ge-0/0/10', true],
    ['ge-0?0?0', 'ge-0/0/0', true],
    ['ae?', 'ae0', true],
    ['ae?', 'ae10', false],
    // everything else is literal
    ['ae0.1', 'ae0x1', false],
    ['ae0.1', 'ae0.1', true],
    ['a+b', 'a+b', true],
    ['a+b', 'aab', false],
    ['(a|b)', 'a', false],
    ['[ab]', 'a', false],
    ['a\\d', 'a\\d', true],
    ['^$', '^$', true],
    ['x{2}', 'xx', false],
    // no anchoring surprises
    ['ge-0/0/0', 'xge-0/0/0', false],
    ['ge-0/0/0', 'ge-0/0/00', false],
    ['*', 'a\nb', true],
  ];
  for (const [pattern, name, matches] of cases) {
    it(`${pattern} ${matches ? 'matches' : 'does not match'} ${JSON.stringify(name)}`, () => {
      assert.equal(compileNameGlob(pattern).test(name), matches);
      assert.equal(createNameTest(pattern)(name), matches);
    });
  }

  it('compileGlob chooses the reading from its argument alone', () => {
    assert.equal(compileGlob('ge-*', false).test('ge-0/0/0'), false);
    assert.equal(compileGlob('ge-*', true).test('ge-0/0/0'), true);
    assert.equal(compileGlob('?', false).test('/'), false);
    assert.equal(compileGlob('?', true).test('/'), true);
  });

  it('createNameTest never matches a missing name', () => {
    assert.equal(createNameTest('*')(undefined), false);
  });

  it('hasGlob', () => {
    assert.deepEqual(['ge-0/0/*', 'ae?', 'lo0', 'a.b', ''].map(hasGlob), [true, true, false, false, false]);
  });
});

describe('compileNameLevels', () => {
  const cases: [pattern: string | undefined, expected: NameLevels][] = [
    [undefined, { levels: null, exact: true }],
    ['*', { levels: null, exact: true }],
    ['lo0', { levels: ['lo0'], exact: true }],
    ['ge-0/0/0', { levels: ['ge-0', '0', '0'], exact: true }],
    ['ge-0/0/*', { levels: ['ge-0', '0', '+'], exact: true }],
    ['*/*/*', { levels: ['+', '+', '+'], exact: true }],
    ['ge-0/0/1*', { levels: ['ge-0', '0', '+'], exact: false }],
    ['ge-?/0/0', { levels: ['+', '0', '0'], exact: false }],
    ['ge-0/0/**', { levels: ['ge-0', '0', '+'], exact: false }],
    ['ge-*', { levels: null, exact: false }],
    ['ae?', { levels: null, exact: false }],
    ['**', { levels: null, exact: false }],
  ];
  for (const [pattern, expected] of cases) {
    it(`${String(pattern)} → ${expected.levels === null ? '#' : expected.levels.join('/')}${expected.exact ? '' : ' + client check'}`, () => {
      assert.deepEqual(compileNameLevels(pattern), expected);
    });
  }
});

describe('splitUnit', () => {
  const cases: [name: string, ifd: string, unit: string | undefined][] = [
    ['ge-0/0/0', 'ge-0/0/0', undefined],
    ['ge-0/0/0.100', 'ge-0/0/0', '100'],
    ['ae0.*', 'ae0', '*'],
    ['ae0.1?', 'ae0', '1?'],
    ['et-1/0/0:2.100', 'et-1/0/0:2', '100'],
    ['xe-0/0/0:1', 'xe-0/0/0:1', undefined],
    ['a.1/b', 'a.1/b', undefined],
    ['*', '*', undefined],
    ['*.0', '*', '0'],
  ];
  for (const [name, ifd, unit] of cases) {
    it(`${name} → ${ifd} unit ${String(unit)}`, () => {
      assert.deepEqual(splitUnit('--ifl', name), { ifd, unit });
    });
  }
  for (const name of ['ge-0/0/0.x', 'ae0.', 'ae0.1a', 'a.b']) {
    it(`${name} → UsageError naming the flag`, () => {
      assert.throws(() => splitUnit('--ifl', name), (e: unknown) =>
        e instanceof UsageError && e.exitCode === 2 && e.message.startsWith(`--ifl '${name}': `) && /not a logical unit number/.test(e.message));
    });
  }
});

describe('checkName', () => {
  for (const name of ['ge-0/0/0', 'lo0', 'ae0.100', 'ge-0/0/*', 'xe-0/0/0:1', 'protect-re', 'VRF-A.inet.0', 'a$b', 'é']) {
    it(`accepts ${name}`, () => {
      assert.doesNotThrow(() => checkName('--ifl', name, 'ge-0/0/0.*'));
    });
  }
  const bad: [string, RegExp][] = [
    ['ge-0/0/+', /MQTT wildcards/],
    ['#', /MQTT wildcards/],
    ['', /cannot be empty/],
    ['ge 0', /spaces or control characters/],
    ['ge\t0', /spaces or control characters/],
    ['ge\u0000', /control characters/],
    ['ge\u007f', /control characters/],
    ['/ge-0', /cannot start or end with \//],
    ['ge-0/', /cannot start or end with \//],
    ['ge-0//0', /empty level/],
  ];
  for (const [name, problem] of bad) {
    it(`refuses ${JSON.stringify(name)}`, () => {
      assert.throws(() => checkName('--ifl', name, 'ge-0/0/0.*'), (e: unknown) =>
        e instanceof UsageError && e.message.startsWith(`--ifl '${name}': `) && problem.test(e.message) && e.message.includes("'ge-0/0/0.*'"));
    });
  }
});
