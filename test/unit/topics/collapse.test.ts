import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Collapsed, collapseFilters } from '../../../src/topics/collapse.js';

const I = '/junos/events/kernel/interfaces';

describe('collapseFilters', () => {
  const cases: [label: string, input: string[], expected: Collapsed][] = [
    ['nothing to do', ['a/b', 'a/c'], { filters: ['a/b', 'a/c'], merges: [] }],
    ['duplicates', ['a/b', 'a/b', 'a/b'], { filters: ['a/b'], merges: [] }],
    ['covered, in either order', ['a/b', 'a/#', 'a/+/c'], { filters: ['a/#'], merges: [] }],
    ['# covers all but $ topics', ['$SYS/#', '#', 'x/y'], { filters: ['$SYS/#', '#'], merges: [] }],
    ['overlap merged', ['a/+/c', 'a/b/+'], { filters: ['a/+/+'], merges: [['a/+/c', 'a/b/+', 'a/+/+']] }],
    ['a merge that covers another filter', ['a/+/c', 'a/b/+', 'a/d/e'], { filters: ['a/+/+'], merges: [['a/+/c', 'a/b/+', 'a/+/+']] }],
    ['merges chain', ['a/+', 'a/b/#', 'c'], {
      filters: ['c', 'a/+/#'] , merges: [['a/+', 'a/b/#', 'a/+/#']],
    }],
    ['interface filters of different classes do not overlap',
      [`${I}/ifd/+/ge-0/0/0`, `${I}/ifl/+/ge-0/0/+`, `${I}/iff/+/ge-0/0/+/+`], {
        filters: [`${I}/ifd/+/ge-0/0/0`, `${I}/ifl/+/ge-0/0/+`, `${I}/iff/+/ge-0/0/+/+`], merges: [],
      }],
    ['a raw filter across the classes', [`${I}/ifd/+/ge-0/0/0`, `${I}/+/add/#`], {
      filters: [`${I}/+/+/#`], merges: [[`${I}/ifd/+/ge-0/0/0`, `${I}/+/add/#`, `${I}/+/+/#`]],
    }],
  ];
  for (const [label, input, expected] of cases) {
    it(label, () => {
      assert.deepEqual(collapseFilters(input), expected);
    });
  }

  it('does not modify its input', () => {
    const input = Object.freeze(['a/+/c', 'a/b/+']);
    collapseFilters(input);
    assert.deepEqual(input, ['a/+/c', 'a/b/+']);
  });
});
