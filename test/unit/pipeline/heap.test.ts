/**
 * The heap settings of src/pipeline/heap.ts change the whole process, so each case runs in a
 * child node: a workload whose survivors grow V8's young generation to its maximum without
 * them (the control), and stays at the cap with them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HEAP_FLAGS, HEAP_FLAGS, YOUNG_GENERATION_CAP_BYTES, isHeapTuningOn } from '../../../src/pipeline/heap.js';
import { YOUNG_GENERATION_LIMIT_BYTES } from '../../helpers/heap.js';

const HEAP_MODULE = fileURLToPath(new URL('../../../src/pipeline/heap.js', import.meta.url));

/**
 * Allocates in macrotasks (as a stream does, one socket read each), keeping the last 2,000
 * objects alive so that scavenges have survivors; prints the largest young generation seen.
 */
const WORKLOAD = `
const { tuneHeapForStreams, youngGenerationBytes } = await import(${JSON.stringify(HEAP_MODULE)});
if (process.argv[1] === 'tuned') { tuneHeapForStreams(); tuneHeapForStreams(); }
if (process.argv[1] === 'switched-off') tuneHeapForStreams({ JETSUB_HEAP_TUNING: 'off' });
const kept = [];
let largest = youngGenerationBytes();
for (let batch = 0; batch < 300; batch++) {
  for (let i = 0; i < 10000; i++) {
    kept.push({ index: i, text: 'event ' + batch + '/' + i, fields: [batch, i] });
    if (kept.length > 2000) kept.shift();
  }
  await new Promise((resolve) => setImmediate(resolve));
  largest = Math.max(largest, youngGenerationBytes());
}
process.stdout.write(JSON.stringify({ largest }));
`;

function largestYoungGeneration(mode: 'tuned' | 'control' | 'switched-off'): number {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', WORKLOAD, mode], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stderr, '');
  return (JSON.parse(child.stdout) as { largest: number }).largest;
}

describe('tuneHeapForStreams', () => {
  it('without it, the workload grows the young generation past the cap (the control)', () => {
    assert.ok(largestYoungGeneration('control') > YOUNG_GENERATION_CAP_BYTES * 2);
  });

  it('with it (called twice: once counts), the young generation never grows past the cap', () => {
    const largest = largestYoungGeneration('tuned');
    assert.ok(largest <= YOUNG_GENERATION_LIMIT_BYTES, `young generation reached ${largest / 1048576} MiB`);
  });

  it('JETSUB_HEAP_TUNING=off leaves V8 alone: the young generation grows past the cap as in the control', () => {
    assert.ok(largestYoungGeneration('switched-off') > YOUNG_GENERATION_CAP_BYTES * 2);
  });
});

describe('the heap flags', () => {
  it('DEFAULT_HEAP_FLAGS undoes every flag HEAP_FLAGS sets, and the steered growth factor (scripts/code-cache.mjs)', () => {
    const name = (flag: string) => flag.replace(/^--(no-)?/, '').replace(/=.*$/, '');
    assert.deepEqual(new Set(DEFAULT_HEAP_FLAGS.map(name)), new Set([...HEAP_FLAGS.map(name), 'semi-space-growth-factor']));
  });

  it('the switch is off only for "off" (any case)', () => {
    assert.deepEqual([{}, { JETSUB_HEAP_TUNING: 'on' }, { JETSUB_HEAP_TUNING: 'OFF' }, { JETSUB_HEAP_TUNING: 'off' }].map(isHeapTuningOn), [true, true, false, false]);
  });
});
