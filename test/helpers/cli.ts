/**
 * Runs the BUILT jetsub (bin/jetsub.js → dist/) as a child process, the way users do, and
 * captures exit code, stdout and stderr. Tests wait for readiness lines, never sleep.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.js';
import { spawnTracked } from './processes.js';

export const JETSUB_BIN = join(REPO_ROOT, 'bin', 'jetsub.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when stderr (or stdout) matches; rejects after `timeoutMs` with what was seen. */
  waitFor(pattern: RegExp, options?: { stream?: 'stdout' | 'stderr'; timeoutMs?: number }): Promise<void>;
  done: Promise<CliResult>;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdin?: string;
  /** Run another executable instead of `node bin/jetsub.js` (e.g. the standalone build). */
  command?: string[];
}

/**
 * The user's environment (certificates, proxies, locale tools: this network needs them), less
 * what changes what jetsub prints: colour forcing, JETSUB_* defaults, the npm_* variables of
 * an enclosing `npm test`, the test runner's own; and no user config, unless a test asks.
 */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !AFFECTS_JETSUB.test(name)));
  return { ...env, LANG: 'C.UTF-8', XDG_CONFIG_HOME: join(REPO_ROOT, 'build', 'no-config'), ...extra };
}

const AFFECTS_JETSUB = /^(JETSUB_.*|npm_.*|NO_COLOR|FORCE_COLOR|NODE_TEST_CONTEXT|COLUMNS|LINES|LC_ALL)$/;

export function startCli(args: readonly string[], options: CliOptions = {}): CliProcess {
  const [cmd, ...pre] = options.command ?? [process.execPath, JETSUB_BIN];
  const child = spawnTracked(cmd!, [...pre, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? testEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    stdout += chunk;
    watchers.forEach((w) => w());
  });
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
    watchers.forEach((w) => w());
  });
  if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      watchers.forEach((w) => w());
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    done,
    waitFor(pattern, { stream = 'stderr', timeoutMs = 10_000 } = {}) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(stream === 'stderr' ? stderr : stdout)) {
            cleanup();
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            cleanup();
            reject(new Error(`jetsub exited (${child.exitCode ?? child.signalCode}) before ${pattern} on ${stream}\n${describeOutput(stdout, stderr)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern} on ${stream}\n${describeOutput(stdout, stderr)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      });
    },
  };
}

/**
 * What was seen, for a failure: a storm's stdout is tens of MiB, which the test runner would
 * take minutes to report; its end is what tells.
 */
function describeOutput(stdout: string, stderr: string): string {
  const tail = (text: string) => (text.length <= SHOWN_CHARS ? text : `[… ${text.length - SHOWN_CHARS} chars before]${text.slice(-SHOWN_CHARS)}`);
  return `stdout:\n${tail(stdout)}\nstderr:\n${tail(stderr)}`;
}

const SHOWN_CHARS = 4000;

/** A bash script (a pipeline around jetsub, say) run like startCli: waitFor stops at its exit, `done` has its outcome. */
export function startShell(script: string, options: Omit<CliOptions, 'command'> = {}): CliProcess {
  return startCli([], { ...options, command: ['bash', '-c', script] });
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** Every NDJSON line of stdout, parsed. */
export function parseNdjson(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Until stdout's last whole line holds `text` (the last record of a storm): polled, since a
 * pattern over tens of MiB of output at every chunk would cost more than the storm.
 */
export async function waitLastLine(cli: CliProcess, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const lastLine = () => cli.stdout.slice(cli.stdout.lastIndexOf('\n', cli.stdout.length - 2) + 1);
  while (!(cli.stdout.endsWith('\n') && lastLine().includes(text))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for a last line with ${text}; it ends …${cli.stdout.slice(-300)}`);
    if (cli.child.exitCode !== null || cli.child.signalCode !== null) throw new Error(`jetsub exited before a last line with ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the CLI has subscribed to as many filters as it was given. */
export async function waitSubscribed(cli: CliProcess, count = 1, timeoutMs = 10_000): Promise<void> {
  await cli.waitFor(new RegExp(`(subscribed to [^\\n]*\\n[^]*){${count}}`), { timeoutMs });
}
