/**
 * `--shard i/n`: one of n processes that split a fleet's devices between them, each given
 * the same --host flags and --hosts-file. The split is by device name, sorted, dealt round
 * robin: every device lands in exactly one shard, the shards differ in size by at most one,
 * and the order of the file's lines does not matter. Pure.
 */
import { usageError } from '../errors.js';
import type { Target } from '../transport/target.js';

export interface Shard {
  /** 1-based, as in `--shard 1/4`. */
  index: number;
  count: number;
}

const MAX_SHARDS = 10_000;

export function parseShard(text: string): Shard {
  const match = /^(\d{1,5})\/(\d{1,5})$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    const fix = 'e.g. --shard 1/4 … --shard 4/4 for four processes';
    throw usageError(`--shard '${text}'`, 'not a shard of the form i/n with 1 <= i <= n', fix);
  }
  return { index, count };
}

/** The targets of shard `shard`; a usage error when it would hold none. */
export function selectShard(targets: readonly Target[], shard: Shard): Target[] {
  const byName = [...targets].sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : 0));
  const mine = new Set(byName.filter((_, position) => position % shard.count === shard.index - 1));
  if (mine.size === 0) {
    throw usageError(`--shard ${shard.index}/${shard.count}`, `this shard holds no device: the hosts name only ${targets.length}`,
      `use at most ${targets.length} shards`);
  }
  // The file's order otherwise: status lines and connections come in the order the user wrote.
  return targets.filter((t) => mine.has(t));
}
