/**
 * A renderer that throws on one record costs that record, reported on stderr, never the
 * stream: the records after it are written. (The renderers are meant never to throw; this is
 * the net under them, for a payload that finds a case they miss.)
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { createStdoutOutput } from '../../../../src/pipeline/outputs/stdout.js';
import { OUTPUT_FORMATS } from '../../../../src/render/index.js';
import type { EventRecord } from '../../../../src/record.js';
import { makeRecord } from '../../../helpers/records.js';

describe('stdout output: a record that cannot be rendered', () => {
  for (const format of OUTPUT_FORMATS.filter((f) => f !== 'template')) {
    test(`-o ${format}: it is reported and skipped, and the next record is written`, async () => {
      const written: string[] = [];
      const said: string[] = [];
      const stdout = new Writable({ write: (chunk: Buffer, _encoding, done) => void (written.push(chunk.toString()), done()) });
      const output = createStdoutOutput({ output: format, color: false }, {
        stdout,
        flow: { pause: () => undefined, resume: () => undefined },
        control: { finish: () => undefined },
        reporter: { status: () => undefined, report: (line: string) => void said.push(line) },
      });
      // An event and topic fields whose every read throws: what a renderer bug looks like from outside.
      const boom = (): never => {
        throw new Error('boom');
      };
      const hostile = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom });
      const broken = makeRecord({ event: hostile as EventRecord['event'], topic_fields: hostile as EventRecord['topic_fields'] });
      const fine = makeRecord({ event: { 'event-id': 'KERNEL_EVENT_IFD_ADD', attributes: { name: 'ge-0/0/0', 'snmp-id': 520 } } });
      output.write(broken);
      output.write(fine);
      await output.end!();
      assert.deepEqual(said, [`a record on /junos/events/kernel/interfaces/ifd/add/ge-0/0/0 could not be shown as ${format} (boom); it is skipped`]);
      assert.match(written.join(''), /ge-0\/0\/0/);
    });
  }
});
