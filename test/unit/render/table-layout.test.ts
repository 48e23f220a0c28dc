import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CELL_PADDING, TABLE_COLUMNS, fitColumns, type ColumnWidths } from '../../../src/render/table-layout.js';

const BORDERS = TABLE_COLUMNS.length + 1;

function tableWidth(widths: ColumnWidths): number {
  return TABLE_COLUMNS.reduce((total, column) => total + widths[column] + CELL_PADDING, BORDERS);
}

const CASES: readonly [number, ColumnWidths][] = [
  [200, { time: 20, router: 12, kind: 13, action: 6, subject: 30, severity: 9, details: 88 }],
  [151, { time: 20, router: 12, kind: 13, action: 6, subject: 30, severity: 9, details: 39 }],
  [140, { time: 9, router: 12, kind: 13, action: 6, subject: 30, severity: 9, details: 39 }],
  [120, { time: 9, router: 9, kind: 13, action: 6, subject: 21, severity: 8, details: 32 }],
  [100, { time: 9, router: 6, kind: 6, action: 6, subject: 21, severity: 8, details: 22 }],
  [80, { time: 9, router: 6, kind: 6, action: 6, subject: 12, severity: 8, details: 11 }],
];

describe('fitColumns', () => {
  for (const [width, expected] of CASES) {
    it(`fits ${width} columns`, () => {
      assert.deepEqual(fitColumns(width), expected);
    });
  }

  it('the columns that are the same row after row (the date, router, kind, severity) shrink before subject and details', () => {
    for (let width = 90; width <= 150; width += 1) {
      const widths = fitColumns(width);
      // details gives up its first 6 columns only (still 34, room for an ifd change's flags) before the date goes.
      if (widths.details < 34 || widths.subject < 30) {
        assert.equal(widths.time, 9, `width ${width}: the date goes before details or subject shrink`);
        assert.ok(widths.router <= 9 && widths.severity <= 8, `width ${width}: ${JSON.stringify(widths)}`);
      }
    }
  });

  it('fills every width from 43 to 300 exactly', () => {
    for (let width = 43; width <= 300; width += 1) {
      assert.equal(tableWidth(fitColumns(width)), width, `width ${width}`);
    }
  });
});
