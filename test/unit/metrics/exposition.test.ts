import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeLabelValue, formatValue, writeExposition } from '../../../src/metrics/exposition.js';

describe('label values are escaped as the 0.0.4 text format asks', () => {
  // [what, value as received, as written between the quotes]
  const cases: [string, string, string][] = [
    ['plain', 'ge-0/0/1', 'ge-0/0/1'],
    ['a double quote', 'a"b', 'a\\"b'],
    ['a backslash', 'a\\b', 'a\\\\b'],
    ['a line feed', 'a\nb', 'a\\nb'],
    ['all three, in a row', '\\"\n', '\\\\\\"\\n'],
    ['an escape already written stays text', '\\n', '\\\\n'],
    ['a carriage return and a tab are allowed as they are', 'a\r\tb', 'a\r\tb'],
    ['braces, commas and equals signs need nothing', '{a="b",c}', '{a=\\"b\\",c}'],
    ['unicode as is', 'ré-0/0/1 ✓', 'ré-0/0/1 ✓'],
    ['empty', '', ''],
  ];
  for (const [what, value, written] of cases) {
    test(what, () => assert.equal(escapeLabelValue(value), written));
  }
});

describe('values', () => {
  const cases: [number, string][] = [[0, '0'], [3, '3'], [0.25, '0.25'], [-1, '-1'], [1e21, '1e+21'], [NaN, 'NaN'], [Infinity, '+Inf'],
    [-Infinity, '-Inf']];
  for (const [value, text] of cases) test(`${value} → ${text}`, () => assert.equal(formatValue(value), text));
});

describe('writeExposition', () => {
  test('HELP and TYPE once per family, one line per sample, labels in the given order', () => {
    const text = writeExposition([
      { name: 'jetsub_events_total', help: 'Events.', type: 'counter', labels: ['device', 'kind'],
        samples: [{ values: ['mx1', 'ifd'], value: 2 }, { values: ['mx"2', 'syslog'], value: 1 }] },
      { name: 'jetsub_up', help: 'Up.', type: 'gauge', labels: [], samples: [{ values: [], value: 1 }] },
    ]);
    assert.equal(text, [
      '# HELP jetsub_events_total Events.',
      '# TYPE jetsub_events_total counter',
      'jetsub_events_total{device="mx1",kind="ifd"} 2',
      'jetsub_events_total{device="mx\\"2",kind="syslog"} 1',
      '# HELP jetsub_up Up.',
      '# TYPE jetsub_up gauge',
      'jetsub_up 1',
      '',
    ].join('\n'));
  });
  test('a family without samples is left out; nothing at all is the empty text', () => {
    assert.equal(writeExposition([{ name: 'x_total', help: 'x', type: 'counter', labels: ['a'], samples: [] }]), '');
  });
  test('help texts escape backslash and line feed, not quotes', () => {
    const text = writeExposition([{ name: 'x', help: 'a\\b\nc "d"', type: 'gauge', labels: [], samples: [{ values: [], value: 0 }] }]);
    assert.equal(text.split('\n')[0], '# HELP x a\\\\b\\nc "d"');
  });
  test('a hostile label value cannot add a line or a label', () => {
    const text = writeExposition([{ name: 'x_total', help: 'x', type: 'counter', labels: ['device'],
      samples: [{ values: ['a"} 99\nevil_total{device="b'], value: 1 }] }]);
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], 'x_total{device="a\\"} 99\\nevil_total{device=\\"b"} 1');
  });
});
