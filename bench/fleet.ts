/**
 * `npm run bench:fleet`: one jetsub holding a fleet of 1,000 routers. One mosquitto listens on
 * 1,000 loopback ports (a `listener` line each: one broker, so every connection needs a
 * client id of its own), and jetsub gets one `--host` per port through `--hosts-file`. One
 * publisher sends a few events per second into the broker, which delivers each to every
 * connection: each "device" then receives that many events per second. Measured, per round:
 *
 * - all connections subscribed (the broker's log), from jetsub's spawn;
 * - CPU (% of one core, /proc) and RSS at rest (keepalives only) and under the trickle;
 * - the broker restarted (every device loses its connection at once): time until every
 *   device is back (its gap record on stdout, --mark-gaps), and that there is exactly one
 *   gap record per device;
 * - then numbered events: every device must print every one of them (none lost);
 * - peak RSS of the whole run (GNU time), and RSS of one jetsub with one device at rest,
 *   for the memory per device;
 * - the floor, in the same round: the same connections and trickle held by a bare Node
 *   program (./bare-subscriber.ts), once only reading the sockets and once also parsing each
 *   event and writing a line for it — what Node itself costs per message, jetsub or not.
 *
 * CPU is the kernel's count of the time the process ran (/proc/<pid>/schedstat, ns), not the
 * tick-sampled utime + stime of /proc/<pid>/stat, which for a process that wakes for tens of
 * microseconds at a time is a sample, not a measure.
 *
 *   npm run bench:fleet                                  # 1,000 devices, 2 events/s each, 2 rounds
 *   npm run bench:fleet -- --devices 100 --rate 5 --rounds 1
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectAsync, type MqttClient } from 'mqtt';
import { REPO_ROOT } from '../test/helpers/fixtures.js';
import { freePort, startMosquitto, type Mosquitto } from '../test/helpers/brokers.js';
import { BENCH_TOPIC, createEvent } from './events.js';
import { now, readUsage, spawnCounted, type Counted } from './process.js';
import { median } from './report.js';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000' },
    /** Events per second that every device receives. */
    rate: { type: 'string', default: '2' },
    /** Seconds over which CPU is sampled, at rest and under the trickle. */
    window: { type: 'string', default: '10' },
    /** Numbered events after the restart, each to be printed by every device. */
    after: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
  },
});
const deviceCount = Number(args.devices);
const rate = Number(args.rate);
const windowSeconds = Number(args.window);
const afterEvents = Number(args.after);
const rounds = Number(args.rounds);
const JETSUB = join(REPO_ROOT, 'bin', 'jetsub.js');
const BARE = join(REPO_ROOT, 'build', 'bench', 'bare-subscriber.js');

interface Round {
  subscribedSeconds: number;
  restCpuPercent: number;
  restRssMiB: number;
  trickleCpuPercent: number;
  trickleRssMiB: number;
  eventsPerSecond: number;
  backSeconds: number;
  gapRecords: number;
  devicesWithOneGap: number;
  afterPrinted: number;
  afterExpected: number;
  peakRssMiB: number;
  cpuSeconds: number;
  load: number;
  /** The floor (./bare-subscriber.ts) under the same trickle: reading only, and parsing and writing too. */
  bareReadCpuPercent: number;
  bareParseCpuPercent: number;
}

function log(line: string): void {
  process.stderr.write(`bench:fleet: ${line}\n`);
}

/** The one child of GNU time, i.e. jetsub. */
function measuredPid(timePid: number): number {
  return Number(readFileSync(`/proc/${timePid}/task/${timePid}/children`, 'utf8').trim().split(/\s+/)[0]);
}

/** ns the process has run on a CPU so far, all its threads (schedstat's first field is the main thread's: summed over tasks). */
function cpuNanoseconds(pid: number): number {
  return readdirSync(`/proc/${pid}/task`).reduce((sum, task) => sum + Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]), 0);
}

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

async function sampleCpu(pid: number, seconds: number): Promise<number> {
  const before = cpuNanoseconds(pid);
  const started = now();
  await sleep(seconds * 1000);
  return (100 * (cpuNanoseconds(pid) - before)) / 1e9 / ((now() - started) / 1000);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the broker has logged `count` subscriptions by client ids starting with `prefix` since `from`. */
async function waitSubscriptions(broker: Mosquitto, prefix: string, count: number, from: number, timeoutMs: number): Promise<void> {
  const pattern = new RegExp(`: ${prefix}\\S* \\d `, 'g');
  const deadline = now() + timeoutMs;
  for (;;) {
    const seen = broker.log().slice(from).match(pattern)?.length ?? 0;
    if (seen >= count) return;
    if (now() > deadline) throw new Error(`${seen} of ${count} subscribed within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Publishes `perSecond` events a second until stopped; numbered from `first`. */
function startTrickle(publisher: MqttClient, perSecond: number, first: number): { stop(): number } {
  let next = first;
  const timer = setInterval(() => publisher.publish(BENCH_TOPIC, createEvent(next++)), 1000 / perSecond);
  return { stop: () => (clearInterval(timer), next) };
}

function connect(broker: Mosquitto): Promise<MqttClient> {
  return connectAsync(broker.url, { reconnectPeriod: 0, clientId: `fleet-pub-${process.pid}-${Math.random().toString(36).slice(2, 8)}` });
}

interface Tally {
  gaps: Map<string, number>;
  /** device → generation numbers seen at or above `from` */
  numbered: Map<string, Set<number>>;
  from: number;
}

function createTally(): { tally: Tally; onData(chunk: Buffer): void } {
  const tally: Tally = { gaps: new Map(), numbered: new Map(), from: Number.POSITIVE_INFINITY };
  let rest = '';
  return {
    tally,
    onData(chunk) {
      const text = rest + chunk.toString('utf8');
      const end = text.lastIndexOf('\n');
      rest = text.slice(end + 1);
      for (const line of text.slice(0, end).split('\n')) {
        if (line.startsWith('{"type":"gap"')) {
          const { device } = JSON.parse(line) as { device: string };
          tally.gaps.set(device, (tally.gaps.get(device) ?? 0) + 1);
          continue;
        }
        const generation = /"generation-number":(\d+)/.exec(line);
        if (generation === null || Number(generation[1]) < tally.from) continue;
        const device = /"device":"([^"]+)"/.exec(line)![1]!;
        let seen = tally.numbered.get(device);
        if (!seen) tally.numbered.set(device, (seen = new Set()));
        seen.add(Number(generation[1]));
      }
    },
  };
}

async function runRound(broker: Mosquitto, hostsFile: string, workDir: string, round: number): Promise<Omit<Round, 'bareReadCpuPercent' | 'bareParseCpuPercent'>> {
  const clientId = `fleet${round}-${process.pid}`;
  const usageFile = join(workDir, `fleet-${round}.time`);
  const { tally, onData } = createTally();
  const logFrom = broker.log().length;
  const started = now();
  const jetsub = spawnCounted([process.execPath, JETSUB, 'tail', '--hosts-file', hostsFile, '-i', clientId, '--ifd', 'ge-0/0/1', '-o', 'ndjson', '--mark-gaps', '--quiet'], { usageFile, onData });
  try {
    await waitSubscriptions(broker, clientId, deviceCount, logFrom, 120_000);
    const subscribedSeconds = (now() - started) / 1000;
    log(`round ${round}: ${deviceCount} subscribed in ${subscribedSeconds.toFixed(2)} s`);
    const pid = measuredPid(jetsub.child.pid!);
    await sleep(2000);
    const restCpuPercent = await sampleCpu(pid, windowSeconds);
    const restRssMiB = rssMiB(pid);
    let publisher = await connect(broker);
    const trickle = startTrickle(publisher, rate, 0);
    await sleep(2000);
    const linesBefore = jetsub.lines;
    const trickleStarted = now();
    const trickleCpuPercent = await sampleCpu(pid, windowSeconds);
    const eventsPerSecond = (jetsub.lines - linesBefore) / ((now() - trickleStarted) / 1000);
    const trickleRssMiB = rssMiB(pid);
    const next = trickle.stop();
    publisher.end(true);
    log(`round ${round}: at rest ${restCpuPercent.toFixed(2)}% ${restRssMiB.toFixed(1)} MiB; ${eventsPerSecond.toFixed(0)} events/s ${trickleCpuPercent.toFixed(2)}% ${trickleRssMiB.toFixed(1)} MiB`);

    await broker.stop();
    await broker.start();
    const restarted = now();
    for (;;) {
      if (tally.gaps.size >= deviceCount) break;
      if (now() - restarted > 120_000) throw new Error(`${tally.gaps.size} of ${deviceCount} back within 120 s`);
      await sleep(20);
    }
    const backSeconds = (now() - restarted) / 1000;
    log(`round ${round}: every device back ${backSeconds.toFixed(2)} s after the restart`);
    publisher = await connect(broker);
    tally.from = next;
    for (let i = 0; i < afterEvents; i++) {
      publisher.publish(BENCH_TOPIC, createEvent(next + i));
      await sleep(1000 / rate);
    }
    const afterExpected = deviceCount * afterEvents;
    const printed = () => [...tally.numbered.values()].reduce((sum, seen) => sum + seen.size, 0);
    for (const waitStarted = now(); printed() < afterExpected && now() - waitStarted < 10_000;) await sleep(50);
    await sleep(1000);
    publisher.end(true);
    const gapCounts = [...tally.gaps.values()];
    return {
      subscribedSeconds,
      restCpuPercent,
      restRssMiB,
      trickleCpuPercent,
      trickleRssMiB,
      eventsPerSecond,
      backSeconds,
      gapRecords: gapCounts.reduce((a, b) => a + b, 0),
      devicesWithOneGap: gapCounts.filter((n) => n === 1).length,
      afterPrinted: printed(),
      afterExpected,
      ...(await stopAndMeasure(jetsub, usageFile)),
      load: loadavg()[0]!,
    };
  } catch (error) {
    jetsub.stop();
    await jetsub.exited;
    throw error;
  }
}

async function stopAndMeasure(jetsub: Counted, usageFile: string): Promise<{ peakRssMiB: number; cpuSeconds: number }> {
  jetsub.stop();
  await jetsub.exited;
  const { peakRssMiB, cpuSeconds } = readUsage(usageFile);
  return { peakRssMiB, cpuSeconds };
}

/** The floor's two ways (./bare-subscriber.ts). */
type BareMode = 'read' | 'parse';

/** CPU of the bare subscriber in `mode` holding every device under the same trickle as jetsub's. */
async function measureBare(broker: Mosquitto, hostsFile: string, mode: BareMode, round: number): Promise<number> {
  const prefix = `bare${round}${mode}-${process.pid}`;
  const from = broker.log().length;
  const bare = spawnCounted([process.execPath, BARE, hostsFile, BENCH_TOPIC, prefix, mode]);
  try {
    await waitSubscriptions(broker, prefix, deviceCount, from, 120_000);
    await sleep(2000);
    const publisher = await connect(broker);
    const trickle = startTrickle(publisher, rate, 0);
    await sleep(2000);
    const cpuPercent = await sampleCpu(bare.child.pid!, windowSeconds);
    trickle.stop();
    publisher.end(true);
    log(`round ${round}: bare Node (${mode}) ${cpuPercent.toFixed(2)}%`);
    return cpuPercent;
  } finally {
    bare.stop();
    await bare.exited;
  }
}

/** RSS of one jetsub holding one device at rest: the base that per-device memory is counted from. */
async function measureOneDevice(broker: Mosquitto, port: number): Promise<number> {
  const clientId = `fleet-one-${process.pid}`;
  const from = broker.log().length;
  const jetsub = spawnCounted([process.execPath, JETSUB, 'tail', '-H', `127.0.0.1:${port}`, '-i', clientId, '--ifd', 'ge-0/0/1', '-o', 'ndjson', '--quiet'], { usageFile: join(tmpdir(), `${clientId}.time`) });
  await waitSubscriptions(broker, clientId, 1, from, 30_000);
  await sleep(2000);
  const rss = rssMiB(measuredPid(jetsub.child.pid!));
  jetsub.stop();
  await jetsub.exited;
  return rss;
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'jetsub-fleet-'));
  // freePort closes its probe, so the kernel may hand the same port out twice: keep distinct ones.
  const distinct = new Set<number>();
  while (distinct.size < deviceCount) distinct.add(await freePort());
  const ports = [...distinct];
  const broker = await startMosquitto({
    port: ports[0],
    listener: ports.map((p) => `listener ${p} 127.0.0.1`).join('\n'),
    extraConfig: ['log_type subscribe', 'max_connections -1'].join('\n'),
  });
  const loadAtStart = loadavg()[0]!;
  try {
    const hostsFile = join(workDir, 'hosts');
    writeFileSync(hostsFile, ports.map((p, i) => `r${String(i).padStart(4, '0')}=127.0.0.1:${p}\n`).join(''));
    const oneDeviceRssMiB = await measureOneDevice(broker, ports[0]!);
    const results: Round[] = [];
    const measureFloor = async (round: number) => ({
      bareReadCpuPercent: await measureBare(broker, hostsFile, 'read', round),
      bareParseCpuPercent: await measureBare(broker, hostsFile, 'parse', round),
    });
    for (let round = 1; round <= rounds; round++) {
      // Side by side, alternating: jetsub first in odd rounds, the floor first in even ones.
      const floorFirst = round % 2 === 0 ? await measureFloor(round) : undefined;
      const jetsub = await runRound(broker, hostsFile, workDir, round);
      const result: Round = { ...jetsub, ...(floorFirst ?? await measureFloor(round)) };
      results.push(result);
      log(`round ${round}: ${JSON.stringify(result)}`);
    }
    const keys = Object.keys(results[0]!) as (keyof Round)[];
    const summary = Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r[k]))])) as unknown as Round;
    const perDeviceKiB = ((summary.restRssMiB - oneDeviceRssMiB) * 1024) / (deviceCount - 1);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const command = `npm run bench:fleet -- --devices ${deviceCount} --rate ${rate} --window ${windowSeconds} --after ${afterEvents} --rounds ${rounds}`;
    const row = (name: string, value: string, target = '', met?: boolean) => `| ${name} | ${value} | ${target} | ${met === undefined ? '' : met ? 'yes' : '**no**'} |`;
    const all = (pick: (r: Round) => number, digits: number) => results.map((r) => pick(r).toFixed(digits)).join(' / ');
    const report = [
      `# Fleet: one jetsub, ${deviceCount} devices (one mosquitto, ${deviceCount} listeners), ${rate} events/s to each, ${rounds} rounds`,
      '',
      `\`${command}\`; load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end`,
      '',
      '| metric | median (each round) | target | met |',
      '|---|---|---|:---:|',
      row(`all ${deviceCount} subscribed, from spawn`, `${summary.subscribedSeconds.toFixed(2)} s (${all((r) => r.subscribedSeconds, 2)})`, '≤ 10 s', summary.subscribedSeconds <= 10),
      row('CPU at rest (keepalives only)', `${summary.restCpuPercent.toFixed(2)}% of a core (${all((r) => r.restCpuPercent, 2)})`, '≤ 3%', summary.restCpuPercent <= 3),
      row(`CPU with ${rate} events/s per device`, `${summary.trickleCpuPercent.toFixed(2)}% of a core (${all((r) => r.trickleCpuPercent, 2)}) at ${summary.eventsPerSecond.toFixed(0)} events/s`, '≤ 3%', summary.trickleCpuPercent <= 3),
      row(`bare Node holding the same ${deviceCount} connections, reading only`, `${summary.bareReadCpuPercent.toFixed(2)}% of a core (${all((r) => r.bareReadCpuPercent, 2)})`),
      row('bare Node, also each event parsed and a line written', `${summary.bareParseCpuPercent.toFixed(2)}% of a core (${all((r) => r.bareParseCpuPercent, 2)})`),
      row('jetsub ÷ bare Node parsing and writing', `${median(results.map((r) => r.trickleCpuPercent / r.bareParseCpuPercent)).toFixed(2)} (${all((r) => r.trickleCpuPercent / r.bareParseCpuPercent, 2)})`),
      row('RSS at rest', `${summary.restRssMiB.toFixed(1)} MiB (${all((r) => r.restRssMiB, 1)})`, '≤ 200 MiB', summary.restRssMiB <= 200),
      row(`RSS with ${rate} events/s per device`, `${summary.trickleRssMiB.toFixed(1)} MiB (${all((r) => r.trickleRssMiB, 1)})`, '≤ 200 MiB', summary.trickleRssMiB <= 200),
      row('peak RSS, whole run (GNU time)', `${summary.peakRssMiB.toFixed(1)} MiB (${all((r) => r.peakRssMiB, 1)})`, '≤ 200 MiB', summary.peakRssMiB <= 200),
      row('broker restarted: every device back (gap records)', `${summary.backSeconds.toFixed(2)} s (${all((r) => r.backSeconds, 2)})`, '≤ 30 s', summary.backSeconds <= 30),
      row('gap records / devices with exactly one', `${all((r) => r.gapRecords, 0)} / ${all((r) => r.devicesWithOneGap, 0)}`, `${deviceCount} / ${deviceCount}`, results.every((r) => r.gapRecords === deviceCount && r.devicesWithOneGap === deviceCount)),
      row(`events after the restart printed (${afterEvents} × ${deviceCount})`, all((r) => r.afterPrinted, 0), String(deviceCount * afterEvents), results.every((r) => r.afterPrinted === r.afterExpected)),
      row('CPU seconds, whole round', all((r) => r.cpuSeconds, 2)),
      row('RSS of one jetsub with one device at rest', `${oneDeviceRssMiB.toFixed(1)} MiB`),
      row('memory per device at rest', `${perDeviceKiB.toFixed(0)} KiB ((RSS at rest − one device) / ${deviceCount - 1})`),
      '',
    ].join('\n');
    const resultsDir = join(REPO_ROOT, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `fleet-${stamp}.json`), `${JSON.stringify({ command, deviceCount, rate, rounds, oneDeviceRssMiB, results, summary }, null, 1)}\n`);
    writeFileSync(join(resultsDir, `fleet-${stamp}.md`), report);
    process.stdout.write(`${report}\nwritten: bench/results/fleet-${stamp}.json and .md\n`);
  } finally {
    await broker.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
