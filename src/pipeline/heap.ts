/**
 * One V8 setting for the commands that run a stream of events (tail, top), set before the
 * first message. A storm's records live for microseconds, but V8's allocation-site
 * pretenuring may judge from one moment when many of them survived a collection (the pipe
 * to the reader stalled) that every object from their allocation sites lives long, and
 * allocate those in the old generation from then on: the old generation then grows by tens
 * of MiB between major collections. Measured over 1,000,000 events: peak RSS 120–150 MiB in
 * one run in three, against ~100 MiB otherwise; with pretenuring off, ~100 MiB in every run,
 * at the same CPU (BENCHMARKS.md: memory).
 */
import { setFlagsFromString } from 'node:v8';

export function keepRecordsYoung(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
