/**
 * Memory in a storm: the built jetsub drains 50,000 events from a real mosquitto while a
 * preload (NODE_OPTIONS=--require) watches its heap after every collection. V8's young
 * generation would grow to 32 MiB within the first second of such a stream; jetsub keeps it
 * at src/pipeline/heap.ts's cap (BENCHMARKS.md: memory). Every event still arrives.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { YOUNG_GENERATION_CAP_BYTES } from '../../src/pipeline/heap.js';
import { publishLines, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { YOUNG_GENERATION_LIMIT_BYTES } from '../helpers/heap.js';
import { startCli, testEnv, waitSubscribed } from '../helpers/cli.js';
import { STORM_TOPIC, stormLines } from '../helpers/events.js';

const EVENTS = 50_000;

/** Records the largest new space seen after any collection, and how many there were. */
const WATCHER = `
const { PerformanceObserver } = require('node:perf_hooks');
const { getHeapSpaceStatistics } = require('node:v8');
const { writeFileSync } = require('node:fs');
let largest = 0;
let collections = 0;
new PerformanceObserver((list) => {
  collections += list.getEntries().length;
  const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
  largest = Math.max(largest, young);
}).observe({ entryTypes: ['gc'] });
process.on('exit', () => writeFileSync(process.env.JETSUB_TEST_HEAP_REPORT, JSON.stringify({ largest, collections })));
`;

describe('memory in a storm', () => {
  let broker: Mosquitto;
  let dir: string;
  let events: string;
  before(async () => {
    broker = await startMosquitto({ extraConfig: 'max_queued_messages 0' });
    dir = mkdtempSync(join(tmpdir(), 'jetsub-storm-memory-'));
    writeFileSync(join(dir, 'watch-heap.cjs'), WATCHER);
    events = join(dir, 'events.txt');
    writeFileSync(events, stormLines(0, EVENTS));
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test(`jetsub tail keeps V8's young generation at ${YOUNG_GENERATION_CAP_BYTES / 1048576} MiB while draining ${EVENTS} events, and prints them all`, async () => {
    const report = join(dir, 'heap.json');
    const env = testEnv({ NODE_OPTIONS: `--require ${join(dir, 'watch-heap.cjs')}`, JETSUB_TEST_HEAP_REPORT: report });
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', 'ge-0/0/1', '-o', 'ndjson', '-C', String(EVENTS)], { env });
    await waitSubscribed(cli);
    const [{ code, stdout, stderr }, published] = await Promise.all([cli.done, publishLines(broker.port, STORM_TOPIC, events)]);

    assert.equal(published, 0);
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, EVENTS);
    assert.match(lines.at(-1)!, new RegExp(`"generation-number":${EVENTS - 1}\\}`));
    const { largest, collections } = JSON.parse(readFileSync(report, 'utf8')) as { largest: number; collections: number };
    assert.ok(collections > 10, `only ${collections} collections: the storm did not exercise the young generation`);
    assert.ok(largest <= YOUNG_GENERATION_LIMIT_BYTES, `young generation reached ${largest / 1048576} MiB`);
  });
});
