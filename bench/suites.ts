/**
 * One measurement each: a burst against a default broker, a drain against an unlimited
 * one, the first retained event, and `--version`. Every function runs one subscriber once,
 * with its stdout as `mode` says (./stdout.ts), and returns plain numbers — the publisher's
 * own rate and the load average among them; rounds and medians are the caller's business.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Mosquitto } from '../test/helpers/brokers.js';
import { publishLines, waitSubscribed } from './broker.js';
import { GNU_TIME, TIME_FORMAT, now, readUsage, runTimed, spawnCounted } from './process.js';
import type { StdoutMode } from './stdout.js';
import type { Subscriber } from './subscribers.js';

export interface BurstResult {
  received: number;
  sent: number;
  /** How long mosquitto_pub took to publish them, and so its rate. */
  publishSeconds: number;
  publishRate: number;
  load: number;
}

export interface DrainResult {
  events: number;
  cpuSeconds: number;
  userSeconds: number;
  systemSeconds: number;
  /** From the publisher's start to the last event out (read from the pipe, or the exit with /dev/null). */
  wallSeconds: number;
  peakRssMiB: number;
  publishRate: number;
  load: number;
}

let sequence = 0;
const clientId = (subscriber: Subscriber) => `bench-${subscriber.name}-${process.pid}-${++sequence}`;
const load = () => loadavg()[0]!;

/** Default broker: publish `sent` events at full speed and count what arrives. */
export async function runBurst(
  subscriber: Subscriber, broker: Mosquitto, file: string, sent: number, mode: StdoutMode,
): Promise<BurstResult> {
  const id = clientId(subscriber);
  // Nothing can be counted in /dev/null: a file on tmpfs takes its place (never blocks either).
  const outFile = mode === 'null' ? join('/dev/shm', `${id}.out`) : undefined;
  const proc = spawnCounted(subscriber.command(broker.port, id, undefined), { stdout: outFile === undefined ? mode : { file: outFile } });
  await waitSubscribed(broker, id);
  const loadAtStart = load();
  const started = now();
  await publishLines(broker, file);
  const publishSeconds = (now() - started) / 1000;
  // Whatever the broker kept for this subscriber arrives within moments; a second of silence ends it.
  await proc.waitQuiet(1000, sent + subscriber.headerLines);
  proc.stop();
  await proc.exited;
  if (outFile !== undefined) rmSync(outFile, { force: true });
  const received = Math.max(0, proc.lines - subscriber.headerLines);
  return { received, sent, publishSeconds, publishRate: sent / publishSeconds, load: loadAtStart };
}

/** Unlimited broker: publish `events` and time the subscriber until the last one is out. */
export async function runDrain(subscriber: Subscriber, broker: Mosquitto, file: string, events: number, workDir: string, mode: StdoutMode = 'pipe'): Promise<DrainResult> {
  const id = clientId(subscriber);
  const usageFile = join(workDir, `${id}.time`);
  const proc = spawnCounted(subscriber.command(broker.port, id, events), { usageFile, stdout: mode });
  await waitSubscribed(broker, id);
  const loadAtStart = load();
  const started = now();
  let publishSeconds = 0;
  const published = publishLines(broker, file).then(() => (publishSeconds = (now() - started) / 1000));
  let wallSeconds: number;
  if (mode === 'null') {
    if (!subscriber.exitsAtCount) throw new Error(`${subscriber.name} cannot be drained into /dev/null: it does not exit at a count`);
    await proc.exited;
    wallSeconds = (now() - started) / 1000;
  } else {
    await proc.waitLines(events + subscriber.headerLines, 300_000);
    wallSeconds = (now() - started) / 1000;
  }
  if (!subscriber.exitsAtCount) proc.stop();
  const [code] = await Promise.all([proc.exited, published]);
  if (subscriber.exitsAtCount && code !== 0) throw new Error(`${subscriber.name} exited ${code}\n${proc.stderr}`);
  const usage = readUsage(usageFile);
  rmSync(usageFile, { force: true });
  return { events, wallSeconds, ...usage, publishRate: events / publishSeconds, load: loadAtStart };
}

/**
 * A retained event is on the topic: ms from spawn to its line on stdout (with /dev/null, to
 * the exit after it: -C 1), and the CPU the process used in all (less sensitive than wall
 * time to a busy machine).
 */
export async function runFirstRetained(subscriber: Subscriber, broker: Mosquitto, workDir: string, mode: StdoutMode = 'pipe'): Promise<{ ms: number; cpuSeconds: number; load: number }> {
  const line = subscriber.headerLines + 1;
  const id = clientId(subscriber);
  const usageFile = join(workDir, `${id}.time`);
  const loadAtStart = load();
  const proc = spawnCounted(subscriber.command(broker.port, id, 1), { watchLines: [line], usageFile, stdout: mode });
  if (mode === 'null') await proc.exited;
  else await proc.waitLines(line, 30_000);
  const ms = mode === 'null' ? proc.exitedAt! : proc.lineAt(line)!;
  if (!subscriber.exitsAtCount) proc.stop();
  await proc.exited;
  const { cpuSeconds } = readUsage(usageFile);
  rmSync(usageFile, { force: true });
  return { ms, cpuSeconds, load: loadAtStart };
}

/** ms from spawn to exit, and CPU seconds (GNU time adds its own ~1 ms to the wall time of all alike). */
export async function runStartup(argv: readonly string[], workDir: string): Promise<{ ms: number; cpuSeconds: number }> {
  const usageFile = join(workDir, `startup-${process.pid}-${++sequence}.time`);
  const { code, ms } = await runTimed([GNU_TIME, '-f', TIME_FORMAT, '-o', usageFile, ...argv]);
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}`);
  const { cpuSeconds } = readUsage(usageFile);
  rmSync(usageFile, { force: true });
  return { ms, cpuSeconds };
}
