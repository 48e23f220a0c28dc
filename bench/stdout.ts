/**
 * Where a measured subscriber's stdout goes, the same for every subscriber:
 *
 * - `pipe`: a real pipe (a FIFO) that the bench reads, like `| jq` would be. Not Node's
 *   `stdio: 'pipe'`: libuv gives a child a UNIX socketpair there, and a subscriber that
 *   writes once per message (mosquitto_sub flushes after every line) pays the socket's
 *   per-write cost 200,000 times — that is how the first bench read mosquitto_sub.
 * - `cat`: `subscriber | cat`, cat's output read by the bench through another FIFO.
 * - `null`: `/dev/null`. Nothing can be counted there; a burst, whose count is the figure,
 *   goes to a file on tmpfs instead (`file`), which like /dev/null never blocks a write.
 */
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';

export const STDOUT_MODES = ['pipe', 'null', 'cat'] as const;
/** `socketpair`: Node's own `stdio: 'pipe'`, as the first bench read stdout; only on request (--modes). */
export type StdoutMode = (typeof STDOUT_MODES)[number] | 'socketpair';
export const ALL_MODES: readonly StdoutMode[] = [...STDOUT_MODES, 'socketpair'];

export const MODE_LABELS: Record<StdoutMode, string> = {
  pipe: 'stdout a pipe read by the bench',
  null: 'stdout > /dev/null',
  cat: 'stdout | cat',
  socketpair: "stdout Node's stdio 'pipe' (a UNIX socketpair), as the first bench had it",
};

export interface Stdout {
  /** The fd the child gets as its stdout (closed here once the child has it); 'pipe': Node's. */
  fd: number | 'pipe';
  /** The bench's end: data as it arrives; undefined for /dev/null and files. */
  reader?: Socket;
  /** After spawn: close the bench's copies of what the child (and cat) hold. */
  afterSpawn(): void;
}

let sequence = 0;

/**
 * A FIFO opened at both ends without blocking: held read-write for a moment, so that the
 * read end (blocking, as a shell's pipe) and the write end open at once; then unlinked.
 */
function openFifo(dir: string): { read: number; write: number } {
  const path = join(dir, `fifo-${process.pid}-${++sequence}`);
  execFileSync('mkfifo', [path]);
  const hold = openSync(path, constants.O_RDWR);
  const read = openSync(path, constants.O_RDONLY);
  const write = openSync(path, constants.O_WRONLY);
  closeSync(hold);
  rmSync(path);
  return { read, write };
}

function readerOf(fd: number): Socket {
  return new Socket({ fd, readable: true, writable: false });
}

/** `mode`, or a file (for bursts with stdout to nowhere). */
export function openStdout(mode: StdoutMode | { file: string }, dir: string): Stdout {
  if (typeof mode === 'object') {
    const fd = openSync(mode.file, 'w');
    return { fd, afterSpawn: () => closeSync(fd) };
  }
  if (mode === 'socketpair') return { fd: 'pipe', afterSpawn: () => undefined };
  if (mode === 'null') {
    const fd = openSync('/dev/null', 'w');
    return { fd, afterSpawn: () => closeSync(fd) };
  }
  const out = openFifo(dir);
  if (mode === 'pipe') {
    return { fd: out.write, reader: readerOf(out.read), afterSpawn: () => closeSync(out.write) };
  }
  const toCat = openFifo(dir);
  const cat = spawn('cat', [], { stdio: [toCat.read, out.write, 'inherit'] });
  cat.on('error', () => undefined);
  closeSync(toCat.read);
  closeSync(out.write);
  return { fd: toCat.write, reader: readerOf(out.read), afterSpawn: () => closeSync(toCat.write) };
}
