import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRenderer } from '../../../src/render/index.js';
import { loadFixtures, makeGap, makeRecord } from '../../helpers/records.js';

describe('json', () => {
  const renderer = createRenderer('json', { color: true });

  it('indents the same object ndjson writes, one per record', () => {
    const ndjson = createRenderer('ndjson', { color: false });
    for (const { record } of [...loadFixtures(), { record: makeGap() }]) {
      const output = renderer.render(record) as string;
      const line = ndjson.render(record) as string;
      assert.equal(output, `${JSON.stringify(JSON.parse(line), null, 2)}\n`);
    }
  });

  it('writes a gap', () => {
    assert.equal(
      renderer.render(makeGap()),
      '{\n  "type": "gap",\n  "device": "mx1",\n  "from": "2026-11-24T10:00:01.000Z",\n  "to": "2026-11-24T10:00:05.000Z"\n}\n',
    );
  });
});

describe('raw', () => {
  const renderer = createRenderer('raw', { color: true });

  it('writes every fixture payload byte for byte, then a newline', () => {
    for (const { payload, record } of loadFixtures()) {
      const output = renderer.render(record);
      assert.ok(output instanceof Uint8Array);
      assert.deepEqual(Buffer.from(output), Buffer.concat([Buffer.from(payload, 'utf8'), Buffer.from('\n')]));
    }
  });

  it('keeps bytes that are not UTF-8', () => {
    const payload = Buffer.from([0xff, 0xfe, 0x00, 0x1b]);
    assert.deepEqual(Buffer.from(renderer.render(makeRecord({ payload }))), Buffer.from([0xff, 0xfe, 0x00, 0x1b, 0x0a]));
  });

  it('prints nothing for a gap', () => {
    assert.equal(renderer.render(makeGap()), '');
  });

  it('falls back to the raw text, then the event, for a record built without its bytes', () => {
    assert.equal(Buffer.from(renderer.render(makeRecord({ raw: 'not json', event: null }))).toString(), 'not json\n');
    assert.equal(Buffer.from(renderer.render(makeRecord({ event: { a: 1 } }))).toString(), '{"a":1}\n');
  });
});
