import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseShard, selectShard } from '../../../src/options/shard.js';
import { parseTarget } from '../../../src/transport/target.js';

const fleet = (names: string[]) => names.map((n, i) => parseTarget(`${n}=127.0.0.1:${10_000 + i}`));
const devices = (shard: string, names: string[]) => selectShard(fleet(names), parseShard(shard)).map((t) => t.device);

describe('--shard i/n', () => {
  const parsed: [string, { index: number; count: number }][] = [['1/1', { index: 1, count: 1 }], ['2/4', { index: 2, count: 4 }], [' 4/4 ', { index: 4, count: 4 }]];
  for (const [text, shard] of parsed) test(`'${text}' parses`, () => assert.deepEqual(parseShard(text), shard));

  for (const bad of ['0/4', '5/4', '1/0', '1', '1/2/3', 'a/b', '-1/4', '1/20000', '']) {
    test(`'${bad}' is a usage error naming the form`, () => {
      assert.throws(() => parseShard(bad), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /--shard '.*': not a shard of the form i\/n/.test(e.message));
    });
  }

  const names = ['mx5', 'mx1', 'mx4', 'mx2', 'mx3'];
  const dealt: [string, string[]][] = [['1/2', ['mx5', 'mx1', 'mx3']], ['2/2', ['mx4', 'mx2']], ['3/3', ['mx3']], ['1/1', names]];
  for (const [shard, expected] of dealt) {
    test(`${shard} of ${names.join(',')}: sorted by name, dealt round robin, in the file's order`, () => assert.deepEqual(devices(shard, names), expected));
  }

  test('the order of the hosts file does not change any shard', () => {
    const reversed = [...names].reverse();
    for (const shard of ['1/3', '2/3', '3/3']) assert.deepEqual(devices(shard, reversed).sort(), devices(shard, names).sort());
  });

  test('n shards of 1,000 devices cover every device exactly once, sizes within one', () => {
    const all = Array.from({ length: 1000 }, (_, i) => `r${i}`);
    for (const n of [1, 2, 3, 7, 10, 64]) {
      const shards = Array.from({ length: n }, (_, i) => devices(`${i + 1}/${n}`, all));
      const union = shards.flat();
      assert.equal(union.length, all.length, `n=${n}: no device twice`);
      assert.deepEqual(new Set(union), new Set(all), `n=${n}: every device`);
      const sizes = shards.map((s) => s.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `n=${n}: ${sizes.join(',')}`);
    }
  });

  test('a shard that would hold no device is a usage error', () => {
    assert.throws(() => devices('3/3', ['mx1', 'mx2']), /--shard 3\/3: this shard holds no device: the hosts name only 2; use at most 2 shards/);
  });
});
