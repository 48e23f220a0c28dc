import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import {
  acquireJournalLock, compressJournalFile, formatJournalName, nextJournalName, pruneJournal, recoverJournal,
} from '../../../../src/pipeline/outputs/journal-files.js';

const T = Date.parse('2026-12-02T02:00:00.123Z');

describe('journal files', () => {
  const root = mkdtempSync(join(tmpdir(), 'jetsub-journal-files-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const dir = () => {
    const path = join(root, String(n++));
    acquireJournalLock(path, process.pid).release();
    return path;
  };

  it('names are the UTC opening time, and name order is time order', () => {
    assert.equal(formatJournalName(T), '20261202T020000.123Z.ndjson');
    const times = [T, T + 1, T + 999, T + 3_600_000, Date.parse('2027-01-01T00:00:00Z')];
    const names = times.map(formatJournalName);
    assert.deepEqual([...names].sort(), names);
  });

  it('a name taken (as .ndjson or .gz), or not after the last, moves on a millisecond', () => {
    const d = dir();
    writeFileSync(join(d, formatJournalName(T)), '');
    writeFileSync(join(d, `${formatJournalName(T + 1)}.gz`), '');
    assert.equal(nextJournalName(d, T, undefined), '20261202T020000.125Z.ndjson');
    assert.equal(nextJournalName(d, T - 5000, '20261202T020000.200Z.ndjson'), '20261202T020000.201Z.ndjson');
  });

  it('the lock: one writer; a lock of a pid that is not running is taken over; released only by its owner', () => {
    const d = dir();
    const lock = acquireJournalLock(d, process.pid);
    assert.throws(() => acquireJournalLock(d, process.pid), (error: Error & { exitCode?: number }) => error.exitCode === 2
      && /another jetsub \(pid \d+\) writes this journal \(lock: .*\.lock\); give each jetsub its own --journal directory/.test(error.message));
    lock.release();
    assert.equal(existsSync(join(d, '.lock')), false);
    writeFileSync(join(d, '.lock'), '999999999\n');
    const taken = acquireJournalLock(d, process.pid);
    assert.equal(taken.staleFrom, 999999999);
    assert.equal(readFileSync(join(d, '.lock'), 'utf8'), `${process.pid}\n`);
    taken.release();
  });

  it('gzips a closed file whole and removes it; recovery after a crash', async () => {
    const d = dir();
    const closed = join(d, formatJournalName(T));
    writeFileSync(closed, 'a\nb\n');
    await compressJournalFile(closed);
    assert.deepEqual(readdirSync(d).sort(), [`${formatJournalName(T)}.gz`]);
    assert.equal(gunzipSync(readFileSync(`${closed}.gz`)).toString(), 'a\nb\n');
    // A crash between rename and unlink, a half .gz, and a file left open by a kill.
    writeFileSync(closed, 'a\nb\n');
    writeFileSync(join(d, `${formatJournalName(T + 1)}.gz.tmp`), 'half');
    writeFileSync(join(d, formatJournalName(T + 2)), 'c\n{"torn');
    assert.deepEqual(recoverJournal(d), [join(d, formatJournalName(T + 2))]);
    assert.deepEqual(readdirSync(d).sort(), [`${formatJournalName(T)}.gz`, formatJournalName(T + 2)]);
  });

  it('--journal-keep: by age (last write) and by total size, oldest first, never the open file', () => {
    const d = dir();
    const now = T + 10 * 86_400_000;
    const files = [0, 1, 2, 3].map((i) => {
      const name = `${formatJournalName(T + i * 86_400_000)}${i < 3 ? '.gz' : ''}`;
      writeFileSync(join(d, name), Buffer.alloc(1000));
      const at = new Date(T + i * 86_400_000 + 3_600_000);
      utimesSync(join(d, name), at, at);
      return name;
    });
    assert.deepEqual(pruneJournal(d, { maxAgeMs: 9 * 86_400_000 }, files[3], now), [files[0]]);
    assert.deepEqual(pruneJournal(d, { maxBytes: 1500 }, files[3], now), [files[1]]);
    assert.deepEqual(readdirSync(d).filter((f) => !f.startsWith('.')).sort(), [files[2], files[3]]);
    assert.deepEqual(pruneJournal(d, { maxAgeMs: 1 }, files[3], now), [files[2]]);
    assert.deepEqual(readdirSync(d).filter((f) => !f.startsWith('.')), [files[3]]);
  });
});
