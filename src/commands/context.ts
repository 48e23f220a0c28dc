/**
 * What a command gets from the outside world: streams, environment, terminal facts, and
 * a way to report its exit code. Commands never read process.* themselves.
 */
import type { Io } from '../io.js';
import type { Terminal } from '../top/screen.js';

export interface CommandContext {
  io: Io;
  /** Standard input, for commands that read `-` (replay, validate). */
  stdin?: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Whether standard input is a terminal (someone would have to type the input). */
  stdinIsTTY: boolean;
  /** Terminal columns of stdout, when it is a terminal. */
  columns?: number;
  /** Keyboard and screen, present only when stdin and stdout are both terminals (`jetsub top`). */
  terminal?: Terminal;
  setExitCode(code: number): void;
  /** Reads a password without echo; present only when stdin and stderr are terminals. */
  readPassword?(prompt: string): Promise<string>;
}

/**
 * The process entry of a command that streams (tail, top, demo): V8's heap settings for a
 * long stream, once, before the first message (src/pipeline/heap.ts; JETSUB_HEAP_TUNING=off
 * turns them off). Loaded here only: other commands never pay for node:v8 and perf_hooks.
 */
export async function tuneHeap(env: NodeJS.ProcessEnv): Promise<void> {
  (await import('../pipeline/heap.js')).tuneHeapForStreams(env);
}
