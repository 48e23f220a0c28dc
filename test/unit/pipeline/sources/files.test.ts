import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listDirectory, listReadInputs } from '../../../../src/pipeline/sources/files.js';

describe('listReadInputs (--read)', () => {
  const root = mkdtempSync(join(tmpdir(), 'jetsub-files-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const touch = (...names: string[]) => names.forEach((name) => writeFileSync(join(root, name), ''));
  const journal = join(root, 'journal');
  mkdirSync(journal);
  mkdirSync(join(root, 'caps'));
  for (const name of ['20261202T030000.000Z.ndjson', '20261202T010000.000Z.ndjson.gz', '20261202T020000.000Z.ndjson.gz',
    '20261202T020000.000Z.ndjson', '20261202T015959.999Z.ndjson.gz', '20261202T040000.000Z.ndjson.gz.tmp', '.lock']) {
    writeFileSync(join(journal, name), '');
  }
  mkdirSync(join(journal, 'sub'));
  touch('caps/b.ndjson', 'caps/a.ndjson.gz', 'caps/c.txt', 'caps/.hidden.ndjson', 'one.ndjson');

  it('a journal directory: by name (time), the .gz where a file and its .gz are both there, no lock, no .tmp, no directory', () => {
    assert.deepEqual(listDirectory(journal).map((p) => p.slice(journal.length + 1)), [
      '20261202T010000.000Z.ndjson.gz', '20261202T015959.999Z.ndjson.gz', '20261202T020000.000Z.ndjson.gz', '20261202T030000.000Z.ndjson',
    ]);
  });

  it('arguments in the order given; a glob by name, without hidden files; - is stdin', () => {
    const inputs = listReadInputs([join(root, 'one.ndjson'), join(root, 'caps/*.ndjson*'), '-']);
    const shown = inputs.map((i) => [i.name.startsWith(root) ? i.name.slice(root.length + 1) : i.name, i.device, i.path !== undefined]);
    assert.deepEqual(shown, [
      ['one.ndjson', 'one.ndjson', true], ['caps/a.ndjson.gz', 'a.ndjson.gz', true], ['caps/b.ndjson', 'b.ndjson', true], ['stdin', 'stdin', false],
    ]);
  });

  it('a glob over directories', () => {
    assert.deepEqual(listReadInputs([join(root, 'c*/?.ndjson')]).map((i) => i.device), ['b.ndjson']);
  });

  const refusals: [args: string[], message: RegExp][] = [
    [[join(root, 'missing.ndjson')], /no such file or directory; give a capture file, a journal directory, a glob, or - for standard input/],
    [[join(root, 'caps/*.json')], /the glob matches no file/],
    [['-', '-'], /standard input can be read once/],
  ];
  for (const [args, message] of refusals) {
    it(`refuses ${args.map((a) => a.replace(root, '…')).join(' ')} (exit 2)`, () => {
      const isUsage = (error: Error & { exitCode?: number }) => error.exitCode === 2 && message.test(error.message);
      assert.throws(() => listReadInputs(args), isUsage);
    });
  }
});
