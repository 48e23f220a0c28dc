/**
 * `npm run bench:fanin`: one jetsub tailing many brokers at once (fan-in), the way one jump
 * host watches a fleet. Starts N real mosquitto brokers (unlimited queues, so every event
 * is delivered), one jetsub with a hosts file naming them all, then publishes the same
 * number of ~200-byte events into every broker at the same time (mosquitto_pub -l each).
 * Measures, per round: time for the N connections to be subscribed, wall time from the
 * first publish to the last record on stdout, events/s, CPU seconds and peak RSS of jetsub
 * (GNU time), and the RSS of jetsub idle with N connections. Medians over the rounds.
 *
 *   npm run bench:fanin                                   # 50 brokers × 4,000 events, 3 rounds
 *   npm run bench:fanin -- --brokers 10 --events 1000 --rounds 1
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../test/helpers/fixtures.js';
import type { Mosquitto } from '../test/helpers/brokers.js';
import { publishLines, startBenchBroker, waitSubscribed } from './broker.js';
import { writeEvents } from './events.js';
import { now, readUsage, spawnCounted } from './process.js';
import { median } from './report.js';

const { values: args } = parseArgs({
  options: {
    brokers: { type: 'string', default: '50' },
    events: { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '3' },
  },
});
const brokerCount = Number(args.brokers);
const perBroker = Number(args.events);
const rounds = Number(args.rounds);

interface Round {
  subscribeMs: number;
  idleRssMiB: number;
  wallSeconds: number;
  eventsPerSecond: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

/** RSS of the process GNU time runs (the one child of `timePid`). */
function childRssMiB(timePid: number): number {
  const child = readFileSync(`/proc/${timePid}/task/${timePid}/children`, 'utf8').trim().split(/\s+/)[0];
  const status = readFileSync(`/proc/${child}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function runRound(brokers: Mosquitto[], hostsFile: string, eventsFile: string, workDir: string, round: number): Promise<Round> {
  const usageFile = join(workDir, `usage-${round}.txt`);
  const clientId = `jetsub-fanin-${round}`;
  const total = brokerCount * perBroker;
  const started = now();
  const jetsub = spawnCounted(
    [process.execPath, join(REPO_ROOT, 'bin', 'jetsub.js'), 'tail', '--hosts-file', hostsFile, '-i', clientId, '--ifd', '-o', 'ndjson', '--quiet'],
    { usageFile, watchLines: [total] },
  );
  await Promise.all(brokers.map((b) => waitSubscribed(b, clientId, 60_000)));
  const subscribeMs = now() - started;
  await new Promise((r) => setTimeout(r, 300));
  const idleRssMiB = childRssMiB(jetsub.child.pid!);
  const publishAt = now() - started;
  await Promise.all(brokers.map((b) => publishLines(b, eventsFile)));
  await jetsub.waitLines(total, 600_000);
  const wallSeconds = (jetsub.lineAt(total)! - publishAt) / 1000;
  jetsub.stop();
  await jetsub.exited;
  const usage = readUsage(usageFile);
  return {
    subscribeMs, idleRssMiB, wallSeconds, eventsPerSecond: total / wallSeconds, cpuSeconds: usage.cpuSeconds, peakRssMiB: usage.peakRssMiB,
  };
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'jetsub-fanin-'));
  const brokers: Mosquitto[] = [];
  try {
    for (let i = 0; i < brokerCount; i++) brokers.push(await startBenchBroker('unlimited'));
    const hostsFile = join(workDir, 'hosts');
    writeFileSync(hostsFile, brokers.map((b, i) => `mx${i + 1}=127.0.0.1:${b.port}\n`).join(''));
    const eventsFile = join(workDir, 'events.txt');
    await writeEvents(eventsFile, perBroker);
    const results: Round[] = [];
    for (let round = 1; round <= rounds; round++) {
      const result = await runRound(brokers, hostsFile, eventsFile, workDir, round);
      results.push(result);
      console.error(`round ${round}: ${JSON.stringify(result)}`);
    }
    const summary = Object.fromEntries((Object.keys(results[0]!) as (keyof Round)[]).map((k) => [k, median(results.map((r) => r[k]))]));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const resultsDir = join(REPO_ROOT, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const report = [
      `# Fan-in: one jetsub, ${brokerCount} brokers, ${perBroker} events each (${brokerCount * perBroker} in all), ${rounds} rounds, medians`,
      '',
      '| metric | median |',
      '|---|---|',
      `| all ${brokerCount} connections subscribed | ${summary.subscribeMs!.toFixed(0)} ms |`,
      `| RSS idle with ${brokerCount} connections | ${summary.idleRssMiB!.toFixed(1)} MiB |`,
      `| wall time, first publish → last record | ${summary.wallSeconds!.toFixed(2)} s |`,
      `| events/s | ${summary.eventsPerSecond!.toFixed(0)} |`,
      `| CPU seconds (whole run) | ${summary.cpuSeconds!.toFixed(2)} s |`,
      `| peak RSS | ${summary.peakRssMiB!.toFixed(1)} MiB |`,
      '',
      `Command: \`npm run bench:fanin -- --brokers ${brokerCount} --events ${perBroker} --rounds ${rounds}\``,
      '',
    ].join('\n');
    writeFileSync(join(resultsDir, `fanin-${stamp}.json`), `${JSON.stringify({ brokerCount, perBroker, rounds, results, summary }, null, 2)}\n`);
    writeFileSync(join(resultsDir, `fanin-${stamp}.md`), report);
    console.log(report);
  } finally {
    await Promise.all(brokers.map((b) => b.stop()));
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
