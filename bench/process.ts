/**
 * Child processes as the bench sees them: stdout lines counted as they arrive (the bench is
 * the pipe's reader, like `| jq` would be), the moment a given line arrived, and — run under
 * GNU time — CPU seconds and peak RSS from the kernel's own accounting (wait4 rusage).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const GNU_TIME = '/usr/bin/time';
/** elapsed s, user s, system s, max RSS KiB */
export const TIME_FORMAT = 'jetsub-bench %e %U %S %M';

export interface Usage {
  userSeconds: number;
  systemSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

export interface Counted {
  child: ChildProcess;
  readonly lines: number;
  readonly stderr: string;
  /** ms since spawn at which line `n` (1-based) arrived, once it has. */
  lineAt(n: number): number | undefined;
  /** Resolves once `n` lines have arrived; rejects on timeout or an early exit. */
  waitLines(n: number, timeoutMs: number): Promise<void>;
  /** Resolves when no line has arrived for `quietMs` (or `n` have arrived). */
  waitQuiet(quietMs: number, n: number): Promise<void>;
  exited: Promise<number | null>;
  /** SIGTERM to the measured process (under GNU time: its child, so that time still reports). */
  stop(): void;
}

export function now(): number {
  return performance.now();
}

export function spawnCounted(argv: readonly string[], options: { usageFile?: string; watchLines?: number[] } = {}): Counted {
  const full = options.usageFile === undefined ? [...argv] : [GNU_TIME, '-f', TIME_FORMAT, '-o', options.usageFile, ...argv];
  const started = now();
  const child = spawn(full[0]!, full.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let lines = 0;
  let lastLineAt = started;
  let stderr = '';
  const watched = new Map<number, number>();
  const watch = new Set(options.watchLines ?? []);
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
      lines++;
      if (watch.has(lines)) watched.set(lines, now() - started);
    }
    lastLineAt = now();
    waiters.forEach((check) => check());
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    if (stderr.length < 100_000) stderr += text;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => {
    waiters.forEach((check) => check());
    resolve(code);
  }));
  const wait = (done: () => boolean, timeoutMs: number, what: string) => new Promise<void>((resolve, reject) => {
    const check = () => {
      if (done()) finish(resolve);
      else if (child.exitCode !== null || child.signalCode !== null) finish(() => reject(new Error(`${argv[0]} exited before ${what} (${lines} lines)\n${stderr}`)));
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
    lineAt: (n) => watched.get(n),
    waitLines: (n, timeoutMs) => wait(() => lines >= n, timeoutMs, `${n} lines`),
    waitQuiet: (quietMs, n) => wait(() => lines >= n || now() - lastLineAt >= quietMs, 600_000, 'quiet'),
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
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'] });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, ms: now() - started })));
}
