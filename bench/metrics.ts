/**
 * What --metrics costs: the built jetsub drains N ifd events from mosquitto (`-o ndjson`),
 * without and with `--metrics 127.0.0.1:0` (every event counted: events, link state, flaps),
 * in alternating order, several rounds. Prints medians of throughput and CPU.
 *
 *   npm run bench:metrics -- [events] [rounds]
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

const [eventsArg, roundsArg] = process.argv.slice(2);
const events = Number(eventsArg ?? 100_000);
const rounds = Number(roundsArg ?? 5);

const VARIANTS: [string, string[]][] = [['none', []], ['metrics', ['--metrics', '127.0.0.1:0']]];

function subscriber(name: string, extra: string[]): Subscriber {
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

const workDir = mkdtempSync(join(tmpdir(), 'jetsub-bench-metrics-'));
const file = join(workDir, 'events.txt');
await writeEvents(file, events);
const broker = await startBenchBroker('unlimited');
const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
const results = new Map<string, DrainResult[]>(VARIANTS.map(([name]) => [name, []]));
try {
  for (let round = 1; round <= rounds; round++) {
    for (const [name, extra] of round % 2 === 0 ? [...VARIANTS].reverse() : VARIANTS) {
      const result = await runDrain(subscriber(name, extra), broker, file, events, workDir);
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
process.stdout.write(`\n${events} events × ${rounds} rounds, Node ${process.version}; load average ${loadAtStart} at start, `
  + `${loadavg().map((l) => l.toFixed(2)).join(' ')} at end\n\n| variant | median events/s | vs none | median CPU s | vs none |\n|---|---|---|---|---|\n`);
for (const [name] of VARIANTS) {
  process.stdout.write(`| ${name} | ${rate(name).toFixed(0)} | ${(rate(name) / rate('none')).toFixed(3)}x | ${cpu(name).toFixed(2)} | `
    + `${(cpu(name) / cpu('none')).toFixed(3)}x |\n`);
}
