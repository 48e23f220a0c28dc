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
  [120, { time: 20, router: 10, kind: 11, action: 6, subject: 21, severity: 8, details: 22 }],
  [100, { time: 9, router: 10, kind: 11, action: 6, subject: 20, severity: 8, details: 14 }],
  [80, { time: 9, router: 6, kind: 6, action: 6, subject: 13, severity: 8, details: 10 }],
];

describe('fitColumns', () => {
  for (const [width, expected] of CASES) {
    it(`fits ${width} columns`, () => {
      assert.deepEqual(fitColumns(width), expected);
    });
  }

  it('fills every width from 43 to 300 exactly', () => {
    for (let width = 43; width <= 300; width += 1) {
      assert.equal(tableWidth(fitColumns(width)), width, `width ${width}`);
    }
  });
});
