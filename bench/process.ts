/**
 * Child processes as the bench sees them: stdout lines counted as they arrive where the bench
 * is the reader (./stdout.ts: a pipe, or `| cat`), the moment a given line arrived, and — run
 * under GNU time — CPU seconds and peak RSS from the kernel's own accounting (wait4 rusage).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { type StdoutMode, openStdout } from './stdout.js';

export const GNU_TIME = '/usr/bin/time';
/** elapsed s, user s, system s, max RSS KiB */
export const TIME_FORMAT = 'jetsub-bench %e %U %S %M';

/**
 * Every subscriber runs with the same environment, TZ set: without TZ, glibc's localtime()
 * (mosquitto_sub's %J timestamps) stats /etc/localtime on every call, ~0.35 CPU s of system
 * time per 200,000 messages here, which a machine with TZ set does not pay. jetsub's times are UTC.
 */
export const SUBSCRIBER_ENV: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };

export interface Usage {
  userSeconds: number;
  systemSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

export interface Counted {
  child: ChildProcess;
  /** Lines read so far (0 where stdout is not read: /dev/null, a file until it is counted). */
  readonly lines: number;
  readonly stderr: string;
  /** ms since spawn at which line `n` (1-based) arrived, once it has. */
  lineAt(n: number): number | undefined;
  /** Resolves once `n` lines have arrived; rejects on timeout or an early exit. */
  waitLines(n: number, timeoutMs: number): Promise<void>;
  /** Resolves when no output has arrived for `quietMs` (or `n` lines have). */
  waitQuiet(quietMs: number, n: number): Promise<void>;
  /** Resolves once the process has exited and its output has been read to the end. */
  exited: Promise<number | null>;
  /** ms since spawn at which the process exited. */
  readonly exitedAt: number | undefined;
  /** SIGTERM to the measured process (under GNU time: its child, so that time still reports). */
  stop(): void;
}

export function now(): number {
  return performance.now();
}

export interface SpawnOptions {
  usageFile?: string;
  watchLines?: number[];
  /** Default: a pipe the bench reads. */
  stdout?: StdoutMode | { file: string };
  /** Sees every chunk read from stdout (where the bench reads it). */
  onData?: (chunk: Buffer) => void;
}

export function spawnCounted(argv: readonly string[], options: SpawnOptions = {}): Counted {
  const full = options.usageFile === undefined ? [...argv] : [GNU_TIME, '-f', TIME_FORMAT, '-o', options.usageFile, ...argv];
  const stdout = openStdout(options.stdout ?? 'pipe', tmpdir());
  const file = typeof options.stdout === 'object' ? options.stdout.file : undefined;
  const started = now();
  const child = spawn(full[0]!, full.slice(1), { stdio: ['ignore', stdout.fd, 'pipe'], env: SUBSCRIBER_ENV });
  stdout.afterSpawn();
  const reader = stdout.reader ?? (stdout.fd === 'pipe' ? child.stdout! : undefined);
  let lines = 0;
  let lastOutputAt = started;
  let lastSize = 0;
  let exitedAt: number | undefined;
  let stderr = '';
  const watched = new Map<number, number>();
  const watch = new Set(options.watchLines ?? []);
  const waiters = new Set<() => void>();
  reader?.on('data', (chunk: Buffer) => {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
      lines++;
      if (watch.has(lines)) watched.set(lines, now() - started);
    }
    lastOutputAt = now();
    options.onData?.(chunk);
    waiters.forEach((check) => check());
  });
  const readToEnd = reader === undefined ? Promise.resolve() : new Promise<void>((resolve) => reader.once('close', () => resolve()));
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    if (stderr.length < 100_000) stderr += text;
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => {
    exitedAt = now() - started;
    resolve(code);
  }));
  const exited = Promise.all([closed, readToEnd]).then(([code]) => {
    if (file !== undefined) lines = countLines(file);
    waiters.forEach((check) => check());
    return code;
  });
  /** A file's output shows as its size growing. */
  const pollFile = () => {
    if (file === undefined) return;
    const size = statSync(file).size;
    if (size !== lastSize) {
      lastSize = size;
      lastOutputAt = now();
    }
  };
  const wait = (done: () => boolean, timeoutMs: number, what: string) => new Promise<void>((resolve, reject) => {
    const check = () => {
      pollFile();
      if (done()) finish(resolve);
      else if (exitedAt !== undefined) finish(() => reject(new Error(`${argv[0]} exited before ${what} (${lines} lines)\n${stderr}`)));
    };
    const timer = setInterval(check, 20);
    const deadline = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${what} (${lines} lines) from ${argv.join(' ')}\n${stderr}`))), timeoutMs);
    const finish = (then: () => void) => {
      clearInterval(timer);
      clearTimeout(deadline);
      waiters.delete(check);
      then();
    };
    waiters.add(check);
    check();
  });
  return {
    child,
    get lines() {
      return lines;
    },
    get stderr() {
      return stderr;
    },
    get exitedAt() {
      return exitedAt;
    },
    lineAt: (n) => watched.get(n),
    waitLines: (n, timeoutMs) => wait(() => lines >= n, timeoutMs, `${n} lines`),
    waitQuiet: (quietMs, n) => wait(() => lines >= n || now() - lastOutputAt >= quietMs, 600_000, 'quiet'),
    exited,
    stop() {
      const pid = options.usageFile === undefined ? child.pid : childOf(child.pid);
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    },
  };
}

function countLines(file: string): number {
  const data = readFileSync(file);
  let lines = 0;
  for (let at = data.indexOf(10); at !== -1; at = data.indexOf(10, at + 1)) lines++;
  return lines;
}

/** The one child of `pid` (GNU time's measured command). */
function childOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return undefined;
  const first = readFileSync(file, 'utf8').trim().split(/\s+/)[0];
  return first ? Number(first) : undefined;
}

export function readUsage(file: string): Usage {
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('jetsub-bench '));
  if (line === undefined) throw new Error(`no GNU time report in ${file}: ${readFileSync(file, 'utf8')}`);
  const [, , user, system, rssKiB] = line.split(' ').map(Number);
  return { userSeconds: user!, systemSeconds: system!, cpuSeconds: user! + system!, peakRssMiB: rssKiB! / 1024 };
}

/** Runs to completion; resolves with the exit code and ms from spawn to exit. */
export function runTimed(argv: readonly string[]): Promise<{ code: number | null; ms: number }> {
  const started = now();
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'], env: SUBSCRIBER_ENV });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, ms: now() - started })));
}
