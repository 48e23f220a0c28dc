/**
 * `npm run bench:profile`: where a drain's time goes, and what it allocates per event.
 *
 * 1. jetsub (the modules of dist/, not the bundle, so that every function keeps its file)
 *    drains `--events` ifd events from an unlimited mosquitto into /dev/null under
 *    `node --cpu-prof`; the profile's self time is split by what the code does (MQTT framing,
 *    MQTT.js, socket reads, UTF-8 + JSON.parse, validation, record building, rendering,
 *    writes, GC, ...), by file and function.
 * 2. The same drain under `--trace-gc-nvp`, twice (`--events` and `--small` events): the bytes
 *    V8 allocated ("allocated=" summed over every collection, plus what is live at exit
 *    is ignored: both runs have it) differ by what the extra events cost, so per event =
 *    (A(events) − A(small)) / (events − small). On the V8 heap only: Buffers' backing stores
 *    are outside it.
 *
 *   npm run bench:profile -- --events 200000 --format ndjson
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Mosquitto } from '../test/helpers/brokers.js';
import { REPO_ROOT } from '../test/helpers/fixtures.js';
import { publishLines, startBenchBroker, waitSubscribed } from './broker.js';
import { writeEvents } from './events.js';
import { SUBSCRIBER_ENV } from './process.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    small: { type: 'string', default: '20000' },
    format: { type: 'string', default: 'ndjson' },
    /** Also validation off, for what validation costs apart. */
    rounds: { type: 'string', default: '2' },
    /** Another build's dist/ (e.g. a checkout of an earlier commit), to compare. */
    dist: { type: 'string', default: join(REPO_ROOT, 'dist') },
  },
});
const events = Number(args.events);
const small = Number(args.small);
const rounds = Number(args.rounds);

/** What the code does, from where it is. First match wins. */
const CATEGORIES: [string, (url: string, fn: string) => boolean][] = [
  ['GC', (_u, f) => f === '(garbage collector)'],
  ['idle', (_u, f) => f === '(idle)'],
  ['V8 and Node runtime (program)', (_u, f) => f === '(program)'],
  ['start-up (module loading and compiling)', (u, f) => /node:internal\/modules\//.test(u) || /^(wrapSafe|compileFunction|compileSourceTextModule)$/.test(f)],
  ['MQTT framing (mqtt-packet, bl; jetsub\'s frames)', (u, f) => /node_modules\/(mqtt-packet|bl)\//.test(u) || /dist\/transport\/frames\.js$/.test(u) || f === 'compareOffset'],
  ['MQTT.js client and its streams', (u) => /node_modules\/(mqtt|readable-stream|process-nextick-args|debug|number-allocator|rfdc|buffer|events|inherits)\//.test(u)],
  ['UTF-8 decode + JSON.parse (decodePayload)', (u, f) => /dist\/decode\/payload\.js$/.test(u) && f === 'decodePayload'],
  ['payload checks, event text cut', (u) => /dist\/decode\//.test(u)],
  // The built-in validators are ajv's standalone code, compiled from a string: no file.
  ['validation', (u, f) => /dist\/validate\//.test(u) || /^validate\d+$/.test(f) || /node_modules\/ajv\//.test(u)],
  ['record building (topic parse, record)', (u) => /dist\/(pipeline\/record|topics)\//.test(u) || /dist\/pipeline\/record\.js$/.test(u)],
  ['rendering', (u) => /dist\/render\//.test(u)],
  ['writes (sink, stream, socket writes)', (u, f) => /dist\/sink\//.test(u) || /node:internal\/(streams\/writable|fs\/|stream_base_commons)/.test(u) || /^(writev|writeUtf8String|writeBuffer|writeSync|writeString)$/.test(f)],
  ['socket reads (Node)', (u, f) => /node:(net|internal\/streams\/readable|internal\/stream_base_commons)/.test(u) || f === 'onStreamRead'],
  ['jetsub stream and transport glue', (u) => /dist\/(pipeline|transport)\//.test(u)],
  ['Node internals, other', (u) => u.startsWith('node:')],
  ['other', () => true],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

interface Split {
  categories: Map<string, number>;
  functions: Map<string, number>;
  members: Map<string, Map<string, number>>;
  totalUs: number;
}

function splitProfile(profile: Profile): Split {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  const members = new Map<string, Map<string, number>>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const { functionName, url } = byId.get(id)!.callFrame;
    const category = CATEGORIES.find(([, match]) => match(url, functionName))![0];
    categories.set(category, (categories.get(category) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
    let inCategory = members.get(category);
    if (!inCategory) members.set(category, (inCategory = new Map()));
    inCategory.set(key, (inCategory.get(key) ?? 0) + us);
    if (category !== 'idle') totalUs += us;
  });
  return { categories, functions, members, totalUs };
}

/** Resolves with stderr, or with the allocated bytes V8's --trace-gc-nvp printed on stdout (`nvp`). */
function runDrain(
  broker: Mosquitto, file: string, count: number, nodeFlags: string[], workDir: string, extra: string[] = [],
): Promise<string> {
  const nvp = nodeFlags.includes('--trace-gc-nvp');
  const runner = join(workDir, 'modules.mjs');
  writeFileSync(runner, `import(${JSON.stringify(join(args.dist!, 'cli.js'))}).then((cli) => cli.run());\n`);
  const id = `profile-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const child = spawn(process.execPath, [...nodeFlags, runner, 'tail', '-H', '127.0.0.1', '-p', String(broker.port), '-i', id, '--ifd', 'ge-0/0/1', '-o', args.format!, '-C', String(count), ...extra],
    { stdio: ['ignore', nvp ? 'pipe' : 'ignore', 'pipe'], env: SUBSCRIBER_ENV, cwd: workDir });
  let stderr = '';
  let allocated = 0;
  let rest = '';
  // V8 prints the trace on stdout, between the records: only its lines are kept.
  child.stdout?.setEncoding('latin1');
  child.stdout?.on('data', (text: string) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line.startsWith('pause=') || line.includes(' allocated=')) allocated += Number(/\ballocated=(\d+)/.exec(line)?.[1] ?? 0);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const done = new Promise<string>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(nvp ? `allocated=${allocated}` : stderr) : reject(new Error(`jetsub exited ${code}: ${stderr.slice(-2000)}`)))));
  return waitSubscribed(broker, id).then(() => publishLines(broker, file)).then(() => done);
}

function allocatedBytes(trace: string): number {
  let sum = 0;
  for (const match of trace.matchAll(/\ballocated=(\d+)/g)) sum += Number(match[1]);
  return sum;
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'jetsub-profile-'));
  const broker = await startBenchBroker('unlimited');
  const lines: string[] = [];
  const loadAtStart = loadavg()[0]!;
  try {
    const bigFile = join(workDir, 'big.txt');
    const smallFile = join(workDir, 'small.txt');
    await writeEvents(bigFile, events);
    await writeEvents(smallFile, small);
    const profileDir = join(workDir, 'prof');
    await runDrain(broker, bigFile, events, ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-interval', '200'], workDir);
    const profile = JSON.parse(readFileSync(join(profileDir, readdirSync(profileDir)[0]!), 'utf8')) as Profile;
    const { categories, functions, members, totalUs } = splitProfile(profile);
    const pct = (us: number) => `${((100 * us) / totalUs).toFixed(1)}%`;
    lines.push(`### Where a drain's CPU goes: jetsub -o ${args.format}, validation on, ${events} events into /dev/null`, '');
    lines.push(`Active (non-idle) time in the profile: ${(totalUs / 1e6).toFixed(2)} s (the profiler adds its own).`, '');
    lines.push('| what | share of active time | µs per event | its largest functions |', '|---|---:|---:|---|');
    for (const [name, us] of [...categories].filter(([n]) => n !== 'idle').sort((a, b) => b[1] - a[1])) {
      const top = [...members.get(name)!].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([f, fus]) => `\`${f.trim()}\` ${pct(fus)}`).join(', ');
      lines.push(`| ${name} | ${pct(us)} | ${(us / events).toFixed(2)} | ${top} |`);
    }
    lines.push('', '| function (self time, top 25) | share |', '|---|---:|');
    for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).filter(([n]) => !n.startsWith('(idle)')).slice(0, 25)) lines.push(`| \`${name}\` | ${pct(us)} |`);

    lines.push('', `### Bytes allocated on the V8 heap per event (--trace-gc-nvp, ${events} − ${small} events, ${rounds} rounds)`, '');
    lines.push('| validation | per event (each round) |', '|---|---|');
    for (const [label, extra] of [['on (default)', []], ['off (--validate off)', ['--validate', 'off']]] as [string, string[]][]) {
      const perEvent: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const big = allocatedBytes(await runDrain(broker, bigFile, events, ['--trace-gc-nvp'], workDir, extra));
        const little = allocatedBytes(await runDrain(broker, smallFile, small, ['--trace-gc-nvp'], workDir, extra));
        perEvent.push((big - little) / (events - small));
      }
      lines.push(`| ${label} | ${perEvent.map((b) => `${(b / 1024).toFixed(2)} KiB`).join(' / ')} |`);
    }
  } finally {
    await broker.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const command = `npm run bench:profile -- --events ${events} --small ${small} --format ${args.format} --rounds ${rounds}${args.dist === join(REPO_ROOT, 'dist') ? '' : ` --dist ${args.dist}`}`;
  const report = `## profile ${stamp}\n\n\`${command}\`; load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end\n\n${lines.join('\n')}\n`;
  const resultsDir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `profile-${stamp}.md`), report);
  process.stdout.write(`${report}\nwritten: bench/results/profile-${stamp}.md\n`);
}

await main();
