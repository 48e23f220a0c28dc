/**
 * V8 settings for the commands that run a stream of events (tail, top, demo), set once at
 * the start of their action (src/commands/), before the first message: `node bin/jetsub.js`, the npm bin and the single executable
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

/** The flags set at start; the young generation's growth factor is steered after each collection. */
export const HEAP_FLAGS: readonly string[] = [
  '--no-allocation-site-pretenuring', `--heap-growing-percent=${OLD_GENERATION_GROWTH_PERCENT}`,
];

/**
 * V8's defaults for every flag this module sets (HEAP_FLAGS and the steered growth factor):
 * scripts/code-cache.mjs restores them, since V8 takes a code cache only under the flags it was made with.
 */
export const DEFAULT_HEAP_FLAGS: readonly string[] = [
  '--allocation-site-pretenuring', '--heap-growing-percent=0', '--semi-space-growth-factor=2',
];

/** `JETSUB_HEAP_TUNING=off` leaves V8's heap settings as they are (to compare, or when node flags set them). */
export const HEAP_TUNING_VARIABLE = 'JETSUB_HEAP_TUNING';

let tuned = false;

export function isHeapTuningOn(env: NodeJS.ProcessEnv): boolean {
  return env[HEAP_TUNING_VARIABLE]?.toLowerCase() !== 'off';
}

/** Once per process; a no-op with JETSUB_HEAP_TUNING=off in `env`. */
export function tuneHeapForStreams(env: NodeJS.ProcessEnv = {}): void {
  if (tuned || !isHeapTuningOn(env)) return;
  tuned = true;
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
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
