/**
 * The seeded PRNG: fixed output per seed (so --seed means the same events on every
 * release and Node version), and the draws stay in range.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom } from '../../../src/simulate/random.js';

describe('createRandom', () => {
  const draw = (seed: number) => {
    const random = createRandom(seed);
    return Array.from({ length: 8 }, () => random.int(0, 1_000_000));
  };

  it('gives the same sequence for the same seed, another for another', () => {
    assert.deepEqual(draw(1), draw(1));
    assert.notDeepEqual(draw(1), draw(2));
  });

  const rows: [seed: number, expected: number[]][] = [
    [0, [0.1377, 0.6373, 0.0251]],
    [1, [0.1845, 0.7486, 0.0373]],
    [4294967295, [0.0935, 0.1898, 0.3809]],
  ];
  for (const [seed, expected] of rows) {
    it(`seed ${seed} starts ${expected.join(', ')}`, () => {
      const random = createRandom(seed);
      assert.deepEqual(expected.map(() => Number(random.next().toFixed(4))), expected);
    });
  }

  it('int, pick, weighted and shuffle stay in range and cover it', () => {
    const random = createRandom(9);
    const ints = new Set(Array.from({ length: 2000 }, () => random.int(3, 7)));
    assert.deepEqual([...ints].sort(), [3, 4, 5, 6, 7]);
    const picks = new Set(Array.from({ length: 200 }, () => random.pick(['a', 'b'])));
    assert.deepEqual([...picks].sort(), ['a', 'b']);
    const draws = Array.from({ length: 4000 }, () => random.weighted({ rare: 1, common: 9 }));
    const rare = draws.filter((d) => d === 'rare').length / draws.length;
    assert.ok(rare > 0.07 && rare < 0.13, `rare share ${rare}`);
    assert.deepEqual(random.shuffle([1, 2, 3, 4, 5]).sort(), [1, 2, 3, 4, 5]);
    assert.throws(() => random.pick([]), /empty/);
  });
});
