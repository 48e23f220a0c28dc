/**
 * Child processes of tests never outlive them. Every process a test starts goes through
 * `spawnTracked`: it runs in a process group of its own (so a shell pipeline, npm and
 * whatever they start go together), and every group still running when the test file's
 * process ends — normally, after a test timed out, or by --test-force-exit — is killed.
 * A test that is done with a process stops it itself (`stopGroup`); this is the backstop.
 */
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';

const running = new Set<ChildProcess>();

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

/** `spawn`, in a process group of its own, killed with its group when this process ends. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
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
export function runBounded(command: string, args: readonly string[], options: SpawnOptions & { timeoutMs: number }): Promise<BoundedResult> {
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
export async function execBounded(command: string, args: readonly string[], options: SpawnOptions & { timeoutMs?: number } = {}): Promise<{ stdout: string; stderr: string }> {
  const result = await runBounded(command, args, { ...options, timeoutMs: options.timeoutMs ?? 60_000 });
  if (result.code === 0) return { stdout: result.stdout, stderr: result.stderr };
  const error = new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${tail(result.stdout)}${tail(result.stderr)}`) as ExecError;
  Object.assign(error, result);
  throw error;
}
