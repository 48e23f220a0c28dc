/**
 * Counts bucketed by the second they were received in: `[epoch second, count]`, oldest
 * first. Windows over them stay bounded (one entry per second) however fast events come,
 * and are exact to the second.
 */

export type SecondCount = [second: number, count: number];
export type SecondCounts = readonly (readonly [second: number, count: number])[];

export function toSecond(milliseconds: number): number {
  return Math.floor(milliseconds / 1000);
}

/** A copy holding only the entries from `fromSecond` on: the start of a batch of additions. */
export function copyFrom(counts: SecondCounts, fromSecond: number): SecondCount[] {
  return counts.filter(([second]) => second >= fromSecond).map(([second, count]) => [second, count]);
}

/** Adds `n` at `second` to an array owned by the caller (a copy from copyFrom), keeping it sorted. */
export function addCount(counts: SecondCount[], second: number, n: number): void {
  let i = counts.length;
  while (i > 0 && counts[i - 1]![0] > second) i--;
  const before = counts[i - 1];
  if (before !== undefined && before[0] === second) before[1] += n;
  else counts.splice(i, 0, [second, n]);
}

/** The sum of the counts from `fromSecond` on. */
export function sumFrom(counts: SecondCounts, fromSecond: number): number {
  let total = 0;
  for (const [second, count] of counts) if (second >= fromSecond) total += count;
  return total;
}

/** One count per second for the `n` seconds that end with `lastSecond`, oldest first. */
export function spreadSeconds(counts: SecondCounts, lastSecond: number, n: number): number[] {
  const series = new Array<number>(n).fill(0);
  const first = lastSecond - n + 1;
  for (const [second, count] of counts) {
    if (second >= first && second <= lastSecond) series[second - first]! += count;
  }
  return series;
}
