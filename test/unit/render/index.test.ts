import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OUTPUT_FORMATS, RENDERERS, createRenderer, isOutputFormat, parseTemplate, type OutputFormat } from '../../../src/render/index.js';
import { makeGap } from '../../helpers/records.js';

const GAP_LINE = '── gap on mx1: connection lost 10:00:01Z, back 10:00:05Z (4.0 s) ──';

/** What each format makes of a gap record. */
const GAPS: Readonly<Record<OutputFormat, (output: string) => boolean>> = {
  pretty: (output) => output === `${GAP_LINE}\n`,
  table: (output) => output.split('\n').at(-2) === `│ ${GAP_LINE}${' '.repeat(50)}│`,
  ndjson: (output) => output === '{"type":"gap","device":"mx1","from":"2026-11-24T10:00:01.000Z","to":"2026-11-24T10:00:05.000Z"}\n',
  json: (output) => (JSON.parse(output) as { type: string }).type === 'gap' && output.startsWith('{\n  "type": "gap"'),
  raw: (output) => output === '',
  csv: (output) => output === '',
  template: (output) => output === '',
};

describe('the format registry', () => {
  it('lists the formats from the map of renderers', () => {
    assert.deepEqual(OUTPUT_FORMATS, ['pretty', 'table', 'ndjson', 'json', 'raw', 'csv', 'template']);
    assert.deepEqual(OUTPUT_FORMATS, Object.keys(RENDERERS));
    assert.ok(Object.isFrozen(OUTPUT_FORMATS));
  });

  for (const [value, expected] of [['table', true], ['raw', true], ['yaml', false], ['toString', false], ['__proto__', false], ['', false]] as const) {
    it(`isOutputFormat(${JSON.stringify(value)}) is ${expected}`, () => {
      assert.equal(isOutputFormat(value), expected);
    });
  }

  for (const format of OUTPUT_FORMATS) {
    it(`${format} renders a gap record`, () => {
      const output = createRenderer(format, { color: false, template: parseTemplate('%t') }).render(makeGap());
      assert.equal(typeof output, 'string');
      assert.ok(GAPS[format](output as string), JSON.stringify(output));
    });
  }
});
