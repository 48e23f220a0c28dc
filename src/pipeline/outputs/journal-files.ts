/**
 * The journal's files (docs/journal.md): their names (the UTC time the file was opened,
 * `20261202T020000.123Z.ndjson`, so that name order is time order), the lock that keeps a
 * second jetsub out, gzipping a closed file without ever leaving half a `.gz`, and pruning
 * by age or total size. The writer is ./journal.ts.
 */
import { createReadStream, createWriteStream, existsSync, fsyncSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync,
  renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { usageError } from '../../errors.js';

const SUFFIX = '.ndjson';
const GZ = '.gz';
const TMP = '.tmp';
const LOCK_NAME = '.lock';

/** `2026-12-02T02:00:00.123Z` → `20261202T020000.123Z.ndjson`. */
export function formatJournalName(at: number): string {
  return `${new Date(at).toISOString().replace(/[-:]/g, '')}${SUFFIX}`;
}

/** The name a file sorts by: a gzipped file where it was before it was closed. */
export function journalOrderKey(name: string): string {
  return name.endsWith(GZ) ? name.slice(0, -GZ.length) : name;
}

/** Half-written `.gz` of a run that died while compressing: never read, removed by the next writer. */
export function isJournalLeftover(name: string): boolean {
  return name.endsWith(TMP);
}

/** A name for a file opened at `at` that is after `after` (a name) and not taken in `dir`. */
export function nextJournalName(dir: string, at: number, after: string | undefined): string {
  let ms = at;
  for (;;) {
    const name = formatJournalName(ms);
    const taken = existsSync(join(dir, name)) || existsSync(join(dir, name + GZ));
    if (!taken && (after === undefined || name > after)) return name;
    ms++;
  }
}

export interface JournalLock {
  release(): void;
  /** The pid of a jetsub that died holding the lock, taken over. */
  staleFrom?: number;
}

/**
 * `<dir>/.lock` holds the writer's pid, created exclusively. A lock whose pid is not running
 * (a jetsub killed) is taken over; one whose pid runs is a usage error: one writer per journal.
 */
export function acquireJournalLock(dir: string, pid: number): JournalLock {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw usageError(`--journal '${dir}'`, `cannot create it (${code})`, 'give a writable directory');
  }
  const path = join(dir, LOCK_NAME);
  let staleFrom: number | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return { release: () => releaseLock(path, pid), ...(staleFrom === undefined ? {} : { staleFrom }) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw usageError(`--journal '${dir}'`, `cannot write its lock (${code ?? 'error'})`, 'give a writable directory');
      }
    }
    const holder = readLockPid(path);
    if (holder !== null && isRunning(holder)) {
      throw usageError(`--journal '${dir}'`, `another jetsub (pid ${holder}) writes this journal (lock: ${path})`,
        'give each jetsub its own --journal directory; if no process has that pid, remove the lock file');
    }
    staleFrom = holder ?? undefined;
    unlinkQuietly(path);
  }
  throw usageError(`--journal '${dir}'`, 'another jetsub took its lock at the same time', 'give each jetsub its own --journal directory');
}

function readLockPid(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseLock(path: string, pid: number): void {
  if (readLockPid(path) === pid) unlinkQuietly(path);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already.
  }
}

/** `X.ndjson` → `X.ndjson.gz`: written as `.gz.tmp`, fsynced, renamed, then the original removed. */
export async function compressJournalFile(path: string): Promise<void> {
  const tmp = `${path}${GZ}${TMP}`;
  await pipeline(createReadStream(path), createGzip(), createWriteStream(tmp));
  const fd = openSync(tmp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, `${path}${GZ}`);
  unlinkSync(path);
}

/**
 * What a writer finds at start from a run that ended without closing (killed): `.tmp` removed,
 * a file with its `.gz` beside it removed (the crash fell between rename and unlink), and the
 * other `.ndjson` files returned, to be compressed.
 */
export function recoverJournal(dir: string): string[] {
  const names = readdirSync(dir);
  const open: string[] = [];
  for (const name of names) {
    if (isJournalLeftover(name)) unlinkQuietly(join(dir, name));
    else if (name.endsWith(SUFFIX) && names.includes(name + GZ)) unlinkQuietly(join(dir, name));
    else if (name.endsWith(SUFFIX)) open.push(join(dir, name));
  }
  return open.sort();
}

/** --journal-keep: closed files older than this (by their last write), or beyond this total size, oldest first. */
export interface JournalKeep {
  maxAgeMs?: number;
  maxBytes?: number;
}

/** Removes closed files (never `open`) the keep setting no longer keeps; returns their names. */
export function pruneJournal(dir: string, keep: JournalKeep, open: string | undefined, now: number): string[] {
  const files = readdirSync(dir)
    .filter((name) => (name.endsWith(SUFFIX) || name.endsWith(SUFFIX + GZ)) && name !== open)
    .sort((a, b) => (journalOrderKey(a) < journalOrderKey(b) ? -1 : 1))
    .map((name) => ({ name, ...readSize(join(dir, name)) }));
  let total = files.reduce((sum, f) => sum + f.size, 0);
  const removed: string[] = [];
  for (const file of files) {
    const tooOld = keep.maxAgeMs !== undefined && now - file.mtimeMs > keep.maxAgeMs;
    const tooBig = keep.maxBytes !== undefined && total > keep.maxBytes;
    if (!tooOld && !tooBig) continue;
    unlinkQuietly(join(dir, file.name));
    total -= file.size;
    removed.push(file.name);
  }
  return removed;
}

function readSize(path: string): { size: number; mtimeMs: number } {
  try {
    const stat = statSync(path);
    return { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return { size: 0, mtimeMs: Number.POSITIVE_INFINITY };
  }
}
