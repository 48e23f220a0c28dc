/**
 * What the stdout output says when its reader falls behind depends on the source: a broker's
 * stream is paused (QoS 0 may be dropped by the broker) or read ahead into --buffer; files
 * (--read) simply wait, and nothing about a broker is said.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { createStdoutOutput, type StdoutSettings } from '../../../../src/pipeline/outputs/stdout.js';
import { createRecordBuilder } from '../../../../src/pipeline/record.js';
import { parseTopic } from '../../../../src/topics/parse.js';

const TOPIC = '/junos/events/kernel/interfaces/ifd/change/ge-0/0/0';

/** Writes enough to a stdout that never drains for the sink to refuse, waits past the blip threshold, returns stderr. */
async function behindWords(settings: Partial<StdoutSettings>): Promise<string[]> {
  const said: string[] = [];
  const stalled = new Writable({ highWaterMark: 1024, write: () => undefined });
  const output = createStdoutOutput({ output: 'ndjson', color: false, ...settings }, {
    stdout: stalled,
    flow: { pause: () => undefined, resume: () => undefined },
    control: { finish: () => undefined },
    reporter: { status: () => undefined, report: (line: string) => void said.push(line) },
  });
  const build = createRecordBuilder(null);
  const payload = Buffer.from(JSON.stringify({ 'jet-event': { 'event-id': 'IFD_CHANGE', attributes: { text: 'x'.repeat(2000) } } }));
  for (let i = 0; i < 2000; i++) {
    output.write(build({ device: 'mx1', topic: TOPIC, parsed: parseTopic(TOPIC), payload, receivedAt: new Date() }));
  }
  await new Promise((resolve) => setTimeout(resolve, 400));
  return said.filter((line) => line.startsWith('stdout is behind'));
}

describe('stdout output: the words of "behind" follow the source', () => {
  test('a broker, no --buffer: reading from the broker is paused', async () => {
    assert.deepEqual(await behindWords({}), [
      'stdout is behind: the reader is slower than the stream, so reading from the broker is paused (a broker drops QoS 0 events it cannot queue)',
    ]);
  });

  test('a broker with --buffer: events wait in memory first', async () => {
    const [line] = await behindWords({ buffer: 5000 });
    assert.match(line!, /wait in memory \(--buffer 5000\), and reading from the broker pauses only if that fills up$/);
  });

  test('--read: the input waits; no broker is named, --buffer does not apply', async () => {
    assert.deepEqual(await behindWords({ fromFiles: true, buffer: 5000 }), [
      'stdout is behind: the reader is slower than the input, so reading it is paused',
    ]);
  });
});
