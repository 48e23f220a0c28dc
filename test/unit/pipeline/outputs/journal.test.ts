/**
 * The journal output with a clock of the test's: a new file at each UTC hour, at most
 * --journal-file-size per file (a record larger than that alone in one), closed files
 * gzipped, the lock released at the end, a failed write ending the run with exit 1.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { createJournalOutput } from '../../../../src/pipeline/outputs/journal.js';
import type { ExitCode } from '../../../../src/errors.js';
import type { EventRecord } from '../../../../src/record.js';
import type { RunControl } from '../../../../src/pipeline/types.js';
import { createReporter } from '../../../../src/sink/stderr.js';

const record = (i: number, at: number, filler = ''): EventRecord => ({
  type: 'event', received_at: new Date(at).toISOString(), device: 'mx1', topic: `/junos/events/kernel/interfaces/ifd/change/ge-0/0/${i}`,
  kind: 'ifd', action: 'change', topic_fields: { interface: `ge-0/0/${i}` }, valid: true, event: { 'event-id': 'X', filler },
});

function harness() {
  const finished: [ExitCode, string | undefined][] = [];
  const control: RunControl = { finish: (code, message) => void finished.push([code, message]), finished: false, report() {}, status() {} };
  const lines: string[] = [];
  const stream = { write: (text: string) => lines.push(text) } as unknown as NodeJS.WritableStream;
  const reporter = createReporter(stream, { quiet: false, showDevice: false });
  return { control, reporter, finished, lines };
}

const files = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
const lineCount = (dir: string, name: string) => gunzipSync(readFileSync(join(dir, name))).toString().split('\n').filter(Boolean).length;

describe('the journal output', () => {
  const root = mkdtempSync(join(tmpdir(), 'jetsub-journal-out-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a new file when the UTC hour changes; gzipped when closed; the lock goes at the end', async () => {
    const dir = join(root, 'hours');
    let now = Date.parse('2026-12-02T02:59:59.000Z');
    const { control, reporter } = harness();
    const journal = createJournalOutput({ dir, fileBytes: 1 << 20 }, { control, reporter }, () => now)!;
    journal.write(record(1, now));
    journal.write(record(2, now));
    await journal.flush!();
    now = Date.parse('2026-12-02T03:00:00.500Z');
    journal.write(record(3, now));
    await journal.end!();
    assert.deepEqual(files(dir), ['20261202T025959.000Z.ndjson.gz', '20261202T030000.500Z.ndjson.gz']);
    assert.deepEqual(files(dir).map((f) => lineCount(dir, f)), [2, 1]);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), []);
  });

  it('no file past --journal-file-size, in one batch too; a record larger than it gets a file of its own', async () => {
    const dir = join(root, 'sizes');
    let now = Date.parse('2026-12-02T02:00:00.000Z');
    const { control, reporter } = harness();
    const journal = createJournalOutput({ dir, fileBytes: 1000 }, { control, reporter }, () => now++)!;
    for (let i = 0; i < 10; i++) journal.write(record(i, now));
    journal.write(record(10, now, 'x'.repeat(2000)));
    journal.write(record(11, now));
    await journal.end!();
    const sizes = files(dir).map((f) => gunzipSync(readFileSync(join(dir, f))).length);
    assert.ok(sizes.length >= 4, String(sizes));
    assert.deepEqual(sizes.filter((s) => s > 1000).length, 1, String(sizes));
    const all = files(dir).flatMap((f) => gunzipSync(readFileSync(join(dir, f))).toString().split('\n').filter(Boolean));
    assert.deepEqual(all.map((l) => (JSON.parse(l) as { topic: string }).topic.split('/').at(-1)), Array.from({ length: 12 }, (_, i) => String(i)));
  });

  it('a write that fails ends the run with exit 1 and the reason', async () => {
    const dir = join(root, 'gone');
    const { control, reporter, finished } = harness();
    const journal = createJournalOutput({ dir, fileBytes: 1000 }, { control, reporter })!;
    // The directory replaced by a file under the running writer (root may write anywhere, so no chmod).
    rmSync(dir, { recursive: true });
    writeFileSync(dir, '');
    journal.write(record(1, Date.now()));
    await journal.flush!();
    journal.write(record(2, Date.now()));
    await journal.flush!();
    assert.deepEqual(finished.map(([code]) => code), [1]);
    assert.match(finished[0]![1]!, /^--journal: cannot write to .* \(ENOTDIR\)$/);
  });
});
