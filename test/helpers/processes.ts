/**
 * Child processes of tests never outlive them. Every process a test starts goes through
 * `spawnTracked`: it runs in a process group of its own (so a shell pipeline, npm and
 * whatever they start go together). A group started while a test runs is killed when that
 * test ends, passed, failed or timed out (in a suite that runs tests concurrently: when the
 * last of them ends); one started by a `before` hook, or with scope 'file' (a broker the suite
 * restarts), lives until the test file's process ends, and is killed then whatever the way it ends. A test that is done
 * with a process stops it itself; this is the backstop.
 */
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { afterEach, beforeEach } from 'node:test';

const running = new Set<ChildProcess>();
const startedByTests = new Set<ChildProcess>();
let testsRunning = 0;

beforeEach(() => {
  testsRunning += 1;
});
afterEach(() => {
  testsRunning -= 1;
  if (testsRunning > 0) return;
  for (const child of startedByTests) killGroup(child, 'SIGKILL');
  startedByTests.clear();
});

const killAll = () => {
  for (const child of running) killGroup(child, 'SIGKILL');
};
process.on('exit', killAll);
// Ctrl-C or a kill of the test run: the groups are not in the terminal's foreground group, so
// they are ended here, and the signal then takes its usual course.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

export interface TrackedOptions extends SpawnOptions {
  /**
   * 'test' (the default): killed when the test that started it ends. 'file': a process the
   * suite manages itself, such as a broker that a test restarts for the tests after it.
   */
  scope?: 'test' | 'file';
}

/** `spawn`, in a process group of its own, killed with its group when its test or this process ends. */
export function spawnTracked(command: string, args: readonly string[], options: TrackedOptions = {}): ChildProcess {
  const { scope = 'test', ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: true });
  running.add(child);
  if (scope === 'test' && testsRunning > 0) startedByTests.add(child);
  const forget = () => {
    running.delete(child);
    startedByTests.delete(child);
  };
  child.once('exit', forget);
  child.once('error', forget);
  return child;
}

/** Signals the whole group of a tracked child (the child alone when it has none). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

export interface BoundedResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end within `timeoutMs`; past that its whole group is killed and the
 * promise rejects with what it printed, so a hang fails in time and says why.
 */
export function runBounded(
  command: string, args: readonly string[], options: SpawnOptions & { timeoutMs: number },
): Promise<BoundedResult> {
  const { timeoutMs, ...spawnOptions } = options;
  const child = spawnTracked(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: still running after ${timeoutMs / 1000} s, killed; it printed:\n${tail(stdout)}${tail(stderr)}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function tail(text: string, max = 4000): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}

export interface ExecError extends Error {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Like a promisified `execFile` (rejects when the exit code is not 0, with `code`, `stdout`
 * and `stderr` on the error), but tracked and bounded: `timeoutMs` (default 60 s) kills the group.
 */
export async function execBounded(
  command: string, args: readonly string[], options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  const result = await runBounded(command, args, { ...options, timeoutMs: options.timeoutMs ?? 60_000 });
  if (result.code === 0) return { stdout: result.stdout, stderr: result.stderr };
  const error = new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${tail(result.stdout)}${tail(result.stderr)}`) as ExecError;
  Object.assign(error, result);
  throw error;
}
