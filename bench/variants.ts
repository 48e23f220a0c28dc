/**
 * What a flag costs: the built jetsub drains N ifd events from an unlimited mosquitto
 * (`-o ndjson`) once per variant (extra flags), in alternating order, several rounds; the
 * medians of throughput and CPU, each against the first variant (none). Shared by
 * bench/where.ts and bench/metrics.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../test/helpers/fixtures.js';
import { startBenchBroker } from './broker.js';
import { writeEvents } from './events.js';
import { median } from './report.js';
import { type DrainResult, runDrain } from './suites.js';
import type { Subscriber } from './subscribers.js';

/** A variant's name and the flags it adds to `jetsub tail --ifd ge-0/0/1 -o ndjson`; the first is the baseline. */
export type Variant = [name: string, extra: string[]];

function jetsubWith(name: string, extra: string[]): Subscriber {
  return {
    name,
    label: name,
    command: (port, clientId, count) => [
      process.execPath, join(REPO_ROOT, 'bin', 'jetsub.js'), 'tail', '-H', '127.0.0.1', '-p', String(port), '-i', clientId,
      '--ifd', 'ge-0/0/1', '-o', 'ndjson', ...extra, ...(count === undefined ? [] : ['-C', String(count)]),
    ],
    headerLines: 0,
    exitsAtCount: true,
  };
}

const loads = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** Runs the rounds (progress on stderr) and returns the markdown: the run's line (load), and the table, a row per variant. */
export async function drainVariants(
  variants: readonly Variant[], events: number, rounds: number,
): Promise<{ run: string; table: string }> {
  const workDir = mkdtempSync(join(tmpdir(), 'jetsub-bench-variants-'));
  const file = join(workDir, 'events.txt');
  await writeEvents(file, events);
  const broker = await startBenchBroker('unlimited');
  const loadAtStart = loads();
  const results = new Map<string, DrainResult[]>(variants.map(([name]) => [name, []]));
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const [name, extra] of round % 2 === 0 ? [...variants].reverse() : variants) {
        const result = await runDrain(jetsubWith(name, extra), broker, file, events, workDir);
        results.get(name)!.push(result);
        process.stderr.write(`round ${round} ${name}: ${(events / result.wallSeconds).toFixed(0)} events/s, cpu ${result.cpuSeconds.toFixed(2)} s\n`);
      }
    }
  } finally {
    await broker.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  const rate = (name: string) => median(results.get(name)!.map((r) => events / r.wallSeconds));
  const cpu = (name: string) => median(results.get(name)!.map((r) => r.cpuSeconds));
  const [baseline] = variants[0]!;
  const rows = variants.map(([name]) => `| ${name} | ${rate(name).toFixed(0)} | ${(rate(name) / rate(baseline)).toFixed(3)}x `
    + `| ${cpu(name).toFixed(2)} | ${(cpu(name) / cpu(baseline)).toFixed(3)}x |\n`);
  return {
    run: `\n${events} events × ${rounds} rounds, Node ${process.version}; load average ${loadAtStart} at start, ${loads()} at end\n\n`,
    table: `| variant | median events/s | vs ${baseline} | median CPU s | vs ${baseline} |\n|---|---|---|---|---|\n${rows.join('')}`,
  };
}
