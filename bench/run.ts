/**
 * `npm run bench`: jetsub side by side with mosquitto_sub (raw and -F %J) and the MQTT.js
 * CLI against brokers it starts itself. Writes every sample to bench/results/<time>.json,
 * the medians to bench/results/<time>.md (and prints them).
 *
 *   npm run bench                       # the full run (a few minutes)
 *   npm run bench -- --rounds 1 --events 50000 --memory-events 50000,200000   # a quick look
 *   npm run bench -- --node /path/to/another/node     # jetsub (and `node -e 0`, `mqtt sub`) on another Node
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../test/helpers/fixtures.js';
import { publishRetained, startBenchBroker } from './broker.js';
import { createEvent, writeEvents } from './events.js';
import { GNU_TIME } from './process.js';
import { renderReport, type Sample } from './report.js';
import { ALL_MODES, STDOUT_MODES, type StdoutMode } from './stdout.js';
import { type Subscriber, createSubscribers } from './subscribers.js';
import { runBurst, runDrain, runFirstRetained, runStartup } from './suites.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'startup-rounds': { type: 'string', default: '15' },
    events: { type: 'string', default: '200000' },
    'memory-events': { type: 'string', default: '100000,1000000' },
    node: { type: 'string', default: process.execPath },
    /** Where the subscribers' stdout goes (bench/stdout.ts); every figure is measured in each. */
    modes: { type: 'string', default: STDOUT_MODES.join(',') },
    /** Only these subscribers (names as in results: jetsub-ndjson, mosquitto_sub-J, ...). */
    subscribers: { type: 'string' },
  },
});
const rounds = Number(args.rounds);
const startupRounds = Number(args['startup-rounds']);
const events = Number(args.events);
const memoryEvents = args['memory-events'].split(',').map(Number);
const modes = args.modes.split(',').map((m) => {
  if (!(ALL_MODES as readonly string[]).includes(m)) throw new Error(`--modes: '${m}' is not one of ${ALL_MODES.join(', ')}`);
  return m as StdoutMode;
});
/** The Node that runs the subscribers written in JavaScript; first on PATH for `mqtt sub`'s `#!/usr/bin/env node`. */
const nodeBinary = args.node;
process.env.PATH = `${dirname(nodeBinary)}${delimiter}${process.env.PATH}`;

const loadAtStart = loadavg()[0]!.toFixed(2);

async function main(): Promise<void> {
  ensureTools();
  const jetsubBin = join(REPO_ROOT, 'bin', 'jetsub.js');
  const only = args.subscribers?.split(',');
  const subscribers = createSubscribers(REPO_ROOT, nodeBinary).filter((s) => only === undefined || only.includes(s.name));
  const workDir = mkdtempSync(join(tmpdir(), 'jetsub-bench-'));
  const samples: Sample[] = [];
  const record = (sample: Sample) => {
    samples.push(sample);
    log(`${sample.metric} ${sample.subject}${sample.mode ? ` ${sample.mode}` : ''} #${sample.round}: ${Object.entries(sample.values).map(([k, v]) => `${k}=${Number(v.toFixed(3))}`).join(' ')}`);
  };
  const files = new Map<number, string>();
  for (const count of new Set([events, ...memoryEvents])) {
    const file = join(workDir, `events-${count}.txt`);
    await writeEvents(file, count);
    files.set(count, file);
  }
  const defaultBroker = await startBenchBroker('default');
  const unlimited = await startBenchBroker('unlimited');
  const interrupted = () => {
    void Promise.all([defaultBroker.stop(), unlimited.stop()]).then(() => process.exit(130));
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    log(`retained (${startupRounds} rounds)`);
    await publishRetained(defaultBroker, createEvent(0));
    for (let round = 1; round <= startupRounds; round++) {
      for (const mode of rotate(modes, round)) {
        for (const s of rotate(measurable(subscribers, mode), round)) record({ metric: 'retained', subject: s.name, mode, round, values: await runFirstRetained(s, defaultBroker, workDir, mode) });
      }
    }
    await publishRetained(defaultBroker, null);

    log(`start-up (${startupRounds} rounds)`);
    const startups: [string, string[]][] = [
      ['node -e 0', [nodeBinary, '-e', '0']],
      ['jetsub --version', [nodeBinary, jetsubBin, '--version']],
      ['jetsub tail --help', [nodeBinary, jetsubBin, 'tail', '--help']],
    ];
    for (let round = 1; round <= startupRounds; round++) {
      for (const [subject, argv] of rotate(startups, round)) record({ metric: 'startup', subject, round, values: await runStartup(argv, workDir) });
    }

    for (let round = 1; round <= rounds; round++) {
      for (const mode of rotate(modes, round)) {
        log(`round ${round} of ${rounds}, ${mode}: burst and drain, ${events} events`);
        for (const s of rotate(subscribers, round)) {
          record({ metric: 'burst', subject: s.name, mode, round, values: { ...(await runBurst(s, defaultBroker, files.get(events)!, events, mode)) } });
        }
        for (const s of rotate(measurable(subscribers, mode), round)) {
          record({ metric: 'drain', subject: s.name, mode, round, values: { ...(await runDrain(s, unlimited, files.get(events)!, events, workDir, mode)) } });
        }
        const ndjson = subscribers.find((s) => s.name === 'jetsub-ndjson')!;
        for (const count of memoryEvents) {
          record({ metric: 'memory', subject: `${ndjson.name}-${count}`, mode, round, values: { ...(await runDrain(ndjson, unlimited, files.get(count)!, count, workDir, mode)) } });
        }
      }
    }
  } finally {
    await Promise.all([defaultBroker.stop(), unlimited.stop()]);
    rmSync(workDir, { recursive: true, force: true });
  }

  const report = renderReport({ samples, subscribers, events, memoryEvents, modes });
  const environment = describeEnvironment();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultsDir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  writeFileSync(join(resultsDir, `${stamp}.json`), `${JSON.stringify({ command, environment, rounds, startupRounds, events, memoryEvents, modes, samples }, null, 1)}\n`);
  const header = `## ${stamp}\n\n\`${command}\` — ${environment.cpu} × ${environment.cores}, Linux ${environment.kernel}, Node ${environment.node}, ${environment.mosquitto}, jetsub ${environment.commit}; load average ${environment.loadAtStart} at start, ${environment.loadAtEnd} at end\n\n`;
  writeFileSync(join(resultsDir, `${stamp}.md`), header + report);
  process.stdout.write(`\n${header}${report}\nwritten: bench/results/${stamp}.json and .md\n`);
}

/** With stdout to /dev/null, a subscriber's end can only be seen as its exit at a count. */
function measurable(subscribers: readonly Subscriber[], mode: StdoutMode): Subscriber[] {
  return mode === 'null' ? subscribers.filter((s) => s.exitsAtCount) : [...subscribers];
}

function rotate<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

/** mosquitto, its clients and GNU time; installed with apt-get when missing and we may. */
function ensureTools(): void {
  const missing = [['mosquitto', 'mosquitto'], ['mosquitto_pub', 'mosquitto-clients'], ['mosquitto_sub', 'mosquitto-clients']]
    .filter(([tool]) => !hasCommand(tool!)).map(([, pkg]) => pkg!);
  if (!existsSync(GNU_TIME)) missing.push('time');
  if (missing.length > 0) {
    const packages = [...new Set(missing)];
    if (process.getuid?.() !== 0) throw new Error(`the bench needs: apt-get install ${packages.join(' ')}`);
    log(`installing ${packages.join(' ')}`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli.js'))) throw new Error('jetsub is not built: npm run build');
}

function hasCommand(name: string): boolean {
  process.env.PATH = `${process.env.PATH}:/usr/sbin:/sbin`;
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function describeEnvironment() {
  const mosquitto = execFileSync('sh', ['-c', 'mosquitto -h 2>&1 | head -1 || true'], { encoding: 'utf8' }).trim();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['-C', REPO_ROOT, 'describe', '--always', '--dirty'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, kernel: release(), node: execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim(), mosquitto, commit, loadAtStart, loadAtEnd: loadavg()[0]!.toFixed(2) };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
