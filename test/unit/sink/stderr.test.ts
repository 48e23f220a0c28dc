/**
 * The stderr reporter: one line per status and report when stderr is not a terminal; on a
 * terminal (`live`), the start-up status lines rewrite one line in place until settle().
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createReporter, type ReporterOptions } from '../../../src/sink/stderr.js';

const CLEAR = '\r\x1b[K';

/** A stream that records every write, with the terminal width a TTY stream has. */
function createFakeStream(columns?: number): Writable & { chunks: string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { chunks, columns });
}

type Step = ['status' | 'report', string, string?] | ['settle'];

function play(options: ReporterOptions, steps: Step[], columns?: number): string[] {
  const stream = createFakeStream(columns);
  const reporter = createReporter(stream, options);
  for (const [kind, line, device] of steps) {
    if (kind === 'settle') reporter.settle();
    else reporter[kind](line!, device);
  }
  return stream.chunks;
}

describe('createReporter', () => {
  const start: Step[] = [['status', 'connecting'], ['status', 'connected'], ['status', 'subscribed'], ['settle'], ['status', 'lost; reconnecting'], ['report', 'gap']];
  const cases: [string, ReporterOptions, Step[], string[]][] = [
    ['not a terminal: one line each, settle writes nothing', { quiet: false, showDevice: false }, start,
      ['jetsub: connecting\n', 'jetsub: connected\n', 'jetsub: subscribed\n', 'jetsub: lost; reconnecting\n', 'jetsub: gap\n']],
    ['a terminal: one line rewritten in place, cleared by settle, then one line each', { quiet: false, showDevice: false, live: true }, start,
      [`${CLEAR}jetsub: connecting`, `${CLEAR}jetsub: connected`, `${CLEAR}jetsub: subscribed`, CLEAR, 'jetsub: lost; reconnecting\n', 'jetsub: gap\n']],
    ['a terminal: a report clears the status line first and stands on its own line', { quiet: false, showDevice: false, live: true },
      [['status', 'connecting'], ['report', 'cannot connect'], ['status', 'connecting again'], ['settle'], ['settle']],
      [`${CLEAR}jetsub: connecting`, CLEAR, 'jetsub: cannot connect\n', `${CLEAR}jetsub: connecting again`, CLEAR]],
    ['--quiet on a terminal: no status at all, reports still', { quiet: true, showDevice: false, live: true },
      [['status', 'connecting'], ['settle'], ['report', 'gap']], ['jetsub: gap\n']],
    ['several devices: the device in brackets, escaped', { quiet: false, showDevice: true, live: true },
      [['status', 'connecting', 'mx\x1b1'], ['settle'], ['report', 'gap', 'mx2']],
      [`${CLEAR}jetsub: [mx\\x1b1] connecting`, CLEAR, 'jetsub: [mx2] gap\n']],
  ];
  for (const [name, options, steps, expected] of cases) {
    it(name, () => assert.deepEqual(play(options, steps, 120), expected));
  }

  it('a live line never wraps: cut to the terminal width (80 when the terminal does not say)', () => {
    const long = 'x'.repeat(200);
    assert.deepEqual(play({ quiet: false, showDevice: false, live: true }, [['status', long]], 30), [`${CLEAR}jetsub: ${'x'.repeat(20)}…`]);
    assert.equal(play({ quiet: false, showDevice: false, live: true }, [['status', long]], 0)[0]!.length, CLEAR.length + 79);
    assert.deepEqual(play({ quiet: false, showDevice: false }, [['status', long]], 30), [`jetsub: ${long}\n`]);
  });
});
