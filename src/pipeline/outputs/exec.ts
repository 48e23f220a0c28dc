/**
 * --exec: a command per record, never through a shell (argv from ./argv.ts). The record goes
 * on the command's stdin as one NDJSON line (what -o ndjson prints) and in JETSUB_* variables
 * (./record-env.ts); the command's stdout and stderr go to jetsub's stderr, so that stdout
 * keeps carrying records only. docs/exec.md is the reference.
 *
 * - At most `concurrency` commands run at once, started in the order of the records (with 1:
 *   one after another, in order). Records beyond `queue` waiting ones are dropped for --exec
 *   only (stdout still gets them): counted and reported, never a pause of the stream.
 * - Each command runs in a process group of its own; past `timeoutMs` the group gets SIGTERM,
 *   and SIGKILL 2 s later. A nonzero exit, a signal, a timeout or a failure to start is one
 *   line on stderr with the record's topic (at most 10 per 10 s, the rest counted); the exit
 *   code of jetsub stays what the run says.
 * - At the end of the run the queue is worked through for up to `timeoutMs` more (a signal
 *   cuts that short); what is still running then is killed, what still waits is counted.
 */
import { type ChildProcess, spawn, type StdioOptions } from 'node:child_process';
import { FLAPS_RENDERERS } from '../../render/flaps.js';
import { escapeControl, serializeRecord } from '../../render/index.js';
import type { Io } from '../../io.js';
import type { Output, PipelineRecord, RunControl } from '../types.js';
import { createRateLimiter } from '../../sink/rate-limit.js';
import { createDropReport } from './exec-drops.js';
import { describeRecordEnv } from './record-env.js';

export interface ExecSettings {
  /** The command and its arguments, split from --exec's string. */
  argv: readonly string[];
  concurrency: number;
  /** Records that may wait for a free slot; more are dropped. */
  queue: number;
  timeoutMs: number;
  /** The user's environment without JETSUB_* variables (stripJetsubEnv). */
  env: Readonly<Record<string, string>>;
}

export interface ExecDeps {
  io: Io;
  control: Pick<RunControl, 'report' | 'status'>;
}

/** Between SIGTERM and SIGKILL to a command's process group. */
const KILL_GRACE_MS = 2000;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

interface Running {
  child: ChildProcess;
  record: PipelineRecord;
  timer?: NodeJS.Timeout;
  killTimer?: NodeJS.Timeout;
  /** Why jetsub killed it, if it did. */
  killedFor?: 'timeout' | 'end';
}

export function createExecOutput(settings: ExecSettings | undefined, deps: ExecDeps): Output | null {
  if (settings === undefined) return null;
  const { control } = deps;
  const [command, ...args] = settings.argv as [string, ...string[]];
  const errFd = (deps.io.stderr as { fd?: unknown }).fd;
  const stdio: StdioOptions = typeof errFd === 'number' ? ['pipe', errFd, errFd] : 'pipe';
  const queue: PipelineRecord[] = [];
  const running = new Set<Running>();
  const counts = { run: 0, failed: 0, timedOut: 0, notRun: 0 };
  const drops = createDropReport((line) => control.report(line));
  // A command that fails for every record of a flood: at most BURST lines per 10 s, the rest counted (sink/rate-limit.ts).
  const failures = createRateLimiter((line, device) => control.report(line, device));
  const fail = (problem: string, record: PipelineRecord) => {
    counts.failed++;
    failures.report('--exec failures', `--exec: ${problem} on ${describeSubject(record)}`, record.device);
  };
  let onIdle: (() => void) | undefined;

  const finished = (job: Running, problem: string | undefined) => {
    clearTimeout(job.timer);
    clearTimeout(job.killTimer);
    running.delete(job);
    counts.run++;
    if (problem !== undefined) fail(problem, job.record);
    pump();
  };

  const start = (record: PipelineRecord) => {
    let child: ChildProcess;
    try {
      child = spawn(command, args, { env: { ...settings.env, ...describeRecordEnv(record) }, stdio, detached: true });
    } catch (error) {
      counts.run++;
      fail(`cannot run ${escapeControl(command)}: ${(error as Error).message}`, record);
      return;
    }
    const job: Running = { child, record };
    running.add(job);
    let settled = false;
    const settle = (problem: string | undefined) => {
      if (settled) return;
      settled = true;
      finished(job, problem);
    };
    child.once('error', (error: NodeJS.ErrnoException) => settle(describeSpawnError(command, error)));
    child.once('exit', (code, signal) => settle(describeExit(job, code, signal, settings.timeoutMs)));
    if (stdio === 'pipe') {
      child.stdout?.pipe(deps.io.stderr, { end: false });
      child.stderr?.pipe(deps.io.stderr, { end: false });
    }
    // A command that does not read its stdin closes the pipe early: that is its business.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(toNdjsonLine(record));
    job.timer = setTimeout(() => {
      counts.timedOut++;
      kill(job, 'timeout');
    }, settings.timeoutMs);
  };

  const pump = () => {
    while (running.size < settings.concurrency && queue.length > 0) start(queue.shift()!);
    if (running.size === 0 && queue.length === 0) onIdle?.();
  };

  const stopAll = () => {
    counts.notRun += queue.length;
    queue.length = 0;
    for (const job of running) if (job.killedFor === undefined) kill(job, 'end');
    pump();
  };

  return {
    write(record) {
      if (running.size < settings.concurrency && queue.length === 0) return start(record);
      if (queue.length >= settings.queue) return drops.drop(running.size, queue.length);
      queue.push(record);
    },
    async end() {
      drops.close();
      if (running.size > 0 || queue.length > 0) {
        // Listening first, then saying so: a signal sent on reading the line must find the listener
        // (jetsub's own listeners are gone by now, and an unheard SIGTERM kills the process).
        for (const signal of STOP_SIGNALS) deps.io.signals.on(signal, stopAll);
        const deadline = setTimeout(stopAll, settings.timeoutMs);
        control.status(`--exec: waiting up to ${settings.timeoutMs / 1000} s for ${running.size} running and ${queue.length} waiting `
          + 'commands (a signal stops them now)');
        await new Promise<void>((resolve) => (onIdle = resolve));
        clearTimeout(deadline);
        for (const signal of STOP_SIGNALS) deps.io.signals.off(signal, stopAll);
      }
      failures.close();
      reportSummary(control, { ...counts, dropped: drops.total });
    },
  };
}

/** SIGTERM to the command's process group now, SIGKILL if it is still there after the grace. */
function kill(job: Running, reason: 'timeout' | 'end'): void {
  job.killedFor = reason;
  signalGroup(job.child, 'SIGTERM');
  job.killTimer = setTimeout(() => signalGroup(job.child, 'SIGKILL'), KILL_GRACE_MS);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

function toNdjsonLine(record: PipelineRecord): string {
  return record.type === 'flaps' ? FLAPS_RENDERERS.ndjson(record) : `${serializeRecord(record)}\n`;
}

/** What a failure line names: the event's topic, or which record it was. */
function describeSubject(record: PipelineRecord): string {
  if (record.type === 'event') return escapeControl(record.topic);
  if (record.type === 'flaps') return `the flaps record of ${escapeControl(record.interface)}`;
  return 'a gap record';
}

/** undefined: it exited 0. */
function describeExit(job: Running, code: number | null, signal: NodeJS.Signals | null, timeoutMs: number): string | undefined {
  const how = signal !== null ? `killed (${signal})` : `exited with code ${code}`;
  if (job.killedFor === 'timeout') return `timed out after ${timeoutMs / 1000} s, ${how}`;
  if (job.killedFor === 'end') return `still running when the run ended, ${how}`;
  if (signal !== null) return `killed by ${signal}`;
  return code === 0 ? undefined : `exited with code ${code}`;
}

function describeSpawnError(command: string, error: NodeJS.ErrnoException): string {
  const shown = escapeControl(command);
  if (error.code === 'ENOENT') return `cannot run ${shown}: no such file (ENOENT)`;
  if (error.code === 'EACCES') return `cannot run ${shown}: permission denied (EACCES)`;
  return `cannot run ${shown}: ${error.message}`;
}

function reportSummary(control: ExecDeps['control'], counts: Record<'run' | 'failed' | 'timedOut' | 'dropped' | 'notRun', number>): void {
  const parts = [`${counts.run} ${counts.run === 1 ? 'command' : 'commands'} run`];
  if (counts.failed > 0) parts.push(`${counts.failed} failed${counts.timedOut > 0 ? ` (${counts.timedOut} timed out)` : ''}`);
  if (counts.dropped > 0) parts.push(`${counts.dropped} records dropped (queue full)`);
  if (counts.notRun > 0) parts.push(`${counts.notRun} not run (still waiting when the run ended)`);
  if (parts.length > 1) control.report(`--exec: ${parts.join(', ')}`);
  else if (counts.run > 0) control.status(`--exec: ${parts[0]}, every one exited 0`);
}
