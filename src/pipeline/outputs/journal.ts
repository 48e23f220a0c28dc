/**
 * --journal <dir>: every record the processors let through, as `-o ndjson` prints it, into
 * a directory of files (docs/journal.md). A new file each UTC hour or when --journal-file-size
 * would be passed; a closed file is fsynced, then gzipped in the background (./journal-files.ts).
 * Lines are gathered and written once per turn of the event loop, whole: a kill can cut
 * only the last line, which --read reports and skips. The lock keeps a second writer out.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../errors.js';
import { renderFlaps } from '../../render/flaps.js';
import { serializeRecord } from '../../render/ndjson.js';
import type { Reporter } from '../../sink/stderr.js';
import type { Output, PipelineRecord, RunControl } from '../types.js';
import {
  acquireJournalLock, compressJournalFile, type JournalKeep, nextJournalName, pruneJournal, recoverJournal,
} from './journal-files.js';

/** What the journal needs of OutputDeps (./index.ts). */
export interface JournalDeps {
  control: RunControl;
  reporter: Reporter;
}

export interface JournalSettings {
  dir: string;
  /** Start a new file before one would grow past this many bytes. */
  fileBytes: number;
  keep?: JournalKeep;
}

const HOUR_MS = 3_600_000;

interface OpenFile {
  name: string;
  fd: number;
  bytes: number;
  /** The UTC hour it belongs to (epoch ms of the hour's start). */
  hour: number;
}

export function createJournalOutput(
  settings: JournalSettings | undefined, deps: JournalDeps, clock: () => number = Date.now,
): Output | null {
  if (settings === undefined) return null;
  const { dir, fileBytes, keep } = settings;
  const lock = acquireJournalLock(dir, process.pid);
  let file: OpenFile | undefined;
  if (lock.staleFrom !== undefined) {
    deps.reporter.report(`--journal: took over the lock of jetsub pid ${lock.staleFrom}, which is not running`);
  }
  let compressing: Promise<void> = Promise.resolve();
  const compress = (path: string) => {
    compressing = compressing.then(() => compressJournalFile(path)).then(
      () => prune(),
      (error: unknown) => deps.reporter.report(`--journal: could not gzip ${path} (${(error as Error).message}); it stays as it is`),
    );
  };
  const prune = () => {
    if (keep === undefined) return;
    for (const name of pruneJournal(dir, keep, file?.name, clock())) deps.control.status(`--journal: removed ${name} (--journal-keep)`);
  };
  for (const path of recoverJournal(dir)) compress(path);
  compressing = compressing.then(prune);
  let pending: [line: string, bytes: number][] = [];
  let pendingBytes = 0;
  let scheduled = false;
  let hourTimer: NodeJS.Timeout | undefined;
  let failed = false;

  const close = () => {
    if (file === undefined) return;
    const closing = file;
    file = undefined;
    clearTimeout(hourTimer);
    fsyncSync(closing.fd);
    closeSync(closing.fd);
    compress(join(dir, closing.name));
  };
  let lastName: string | undefined;
  const open = (now: number) => {
    const name = nextJournalName(dir, now, lastName);
    lastName = name;
    file = { name, fd: openSync(join(dir, name), 'a'), bytes: 0, hour: now - (now % HOUR_MS) };
    // An idle journal still closes (and gzips) its file when the hour ends.
    hourTimer = setTimeout(() => guard(close), file.hour + HOUR_MS - now + 1);
    hourTimer.unref();
  };
  const guard = (work: () => void) => {
    if (failed) return;
    try {
      work();
    } catch (error) {
      failed = true;
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      deps.control.finish(EXIT.internal, `--journal: cannot write to ${dir} (${reason})`);
    }
  };
  /** The lines gathered so far, into the open file, a new one first whenever the hour ends or the next line would pass the size. */
  const writePending = () => guard(() => {
    scheduled = false;
    if (pending.length === 0) return;
    const now = clock();
    const lines = pending;
    pending = [];
    pendingBytes = 0;
    let chunk = '';
    let chunkBytes = 0;
    const writeChunk = () => {
      if (chunkBytes === 0) return;
      file!.bytes += writeSync(file!.fd, chunk);
      chunk = '';
      chunkBytes = 0;
    };
    for (const [line, bytes] of lines) {
      const used = file === undefined ? 0 : file.bytes + chunkBytes;
      if (file !== undefined && (now - file.hour >= HOUR_MS || (used > 0 && used + bytes > fileBytes))) {
        writeChunk();
        close();
      }
      if (file === undefined) open(now);
      chunk += line;
      chunkBytes += bytes;
    }
    writeChunk();
  });

  return {
    write(record: PipelineRecord) {
      const line = `${record.type === 'flaps' ? renderFlaps(record, 'ndjson', false).trimEnd() : serializeRecord(record)}\n`;
      const bytes = Buffer.byteLength(line);
      pending.push([line, bytes]);
      pendingBytes += bytes;
      if (pendingBytes >= fileBytes) writePending();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(writePending);
      }
    },
    flush() {
      writePending();
      return Promise.resolve();
    },
    async end() {
      writePending();
      guard(close);
      await compressing;
      lock.release();
    },
  };
}
