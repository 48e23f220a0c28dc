/**
 * V8 settings for the commands that run a stream of events (tail, top), set from inside
 * before the first message: `node bin/jetsub.js`, the npm bin and the single executable
 * cannot pass node flags, and these three are read by V8 as it runs (BENCHMARKS.md: memory).
 *
 * - No allocation-site pretenuring. A storm's records live for microseconds, but from one
 *   moment when many of them survived a collection (the pipe to the reader stalled) V8 may
 *   judge that every object from their allocation sites lives long and allocate those in
 *   the old generation from then on: it then grows by tens of MiB between major collections
 *   (120–150 MiB peak RSS over 1,000,000 events in one run in three).
 * - A young generation of two 2 MiB semi-spaces instead of V8's 16 (Node 20, 22) or 32
 *   (Node 24). V8 doubles the new space whenever the bytes that survived scavenges since the
 *   last growth exceed its size, so over a long stream it always reaches the maximum, and
 *   the maximum can only be set on node's command line. The growth factor, though, is read
 *   at each growth: after every collection it is 1 at or above the cap and 2 below it (V8
 *   also shrinks the new space when the stream goes quiet, and may grow it back then).
 * - The old generation grows by 20% of what survived a major collection before the next
 *   one, instead of up to 4x: with a small young generation more in-flight output is
 *   promoted, and would otherwise pile up there.
 *
 * Together, on Node 20: peak RSS over 1,000,000 events ~73 MiB instead of ~98, for ~12% more
 * CPU in a long drain (the young generation is collected more often).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** Both semi-spaces together. */
export const YOUNG_GENERATION_CAP_BYTES = 4 * 1024 * 1024;
export const OLD_GENERATION_GROWTH_PERCENT = 20;

let tuned = false;

export function tuneHeapForStreams(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString('--no-allocation-site-pretenuring');
  setFlagsFromString(`--heap-growing-percent=${OLD_GENERATION_GROWTH_PERCENT}`);
  capYoungGeneration(YOUNG_GENERATION_CAP_BYTES);
}

/** The new space's size (both semi-spaces), as V8 reports it. */
export function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

function capYoungGeneration(capBytes: number): void {
  let growing = true;
  const steer = (): void => {
    const below = youngGenerationBytes() < capBytes;
    if (below === growing) return;
    growing = below;
    setFlagsFromString(`--semi-space-growth-factor=${below ? 2 : 1}`);
  };
  steer();
  // A gc observer does not keep the process alive; its callback runs after each collection.
  new PerformanceObserver(steer).observe({ entryTypes: ['gc'] });
}
