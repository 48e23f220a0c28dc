/**
 * The replay progress bar: when it shows, what it says, how often it redraws.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROGRESS_MIN_BYTES, createProgress, renderProgress, shouldShowProgress } from '../../../src/capture/progress.js';

describe('shouldShowProgress', () => {
  const rows: [isTTY: boolean, size: number | undefined, expected: boolean][] = [
    [true, PROGRESS_MIN_BYTES, true],
    [true, PROGRESS_MIN_BYTES - 1, false],
    [false, 10 * PROGRESS_MIN_BYTES, false],
    [true, undefined, false],
  ];
  for (const [isTTY, size, expected] of rows) it(`terminal ${isTTY}, ${size} bytes → ${expected}`, () => assert.equal(shouldShowProgress(isTTY, size), expected));
});

describe('renderProgress', () => {
  const rows: [read: number, size: number, sent: number, expected: string][] = [
    [0, 100, 0, 'jetsub: replay [------------------------------]   0% 0 sent'],
    [31, 100, 12034, 'jetsub: replay [#########---------------------]  31% 12034 sent'],
    [100, 100, 5, 'jetsub: replay [##############################] 100% 5 sent'],
    [150, 100, 5, 'jetsub: replay [##############################] 100% 5 sent'],
  ];
  for (const [read, size, sent, expected] of rows) it(expected, () => assert.equal(renderProgress(read, size, sent), expected));
});

describe('createProgress', () => {
  it('redraws in place at most every 100 ms and erases itself at the end', () => {
    let written = '';
    let now = 0;
    const output = { write: (text: string) => ((written += text), true) } as unknown as NodeJS.WritableStream;
    const progress = createProgress(output, 100, () => now);
    progress.update(10, 1);
    now = 50;
    progress.update(20, 2);
    now = 150;
    progress.update(30, 3);
    progress.end();
    assert.equal(written.split('\r').filter(Boolean).length, 3);
    assert.match(written, /^\rjetsub: replay \[###---.*\] {2}10% 1 sent\x1b\[K\rjetsub: replay \[#########-.*\] {2}30% 3 sent\x1b\[K\r\x1b\[K$/);
  });

  it('erases nothing when it never drew', () => {
    let written = '';
    createProgress({ write: (text: string) => ((written += text), true) } as unknown as NodeJS.WritableStream, 100).end();
    assert.equal(written, '');
  });
});
