import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import fc from 'fast-check';
import { drawPlainRow } from '../../../src/render/table.js';

const chalk = new Chalk({ level: 1 });
const paints = [(t: string) => t, chalk.red, chalk.red.bold, chalk.yellow, chalk.dim, chalk.magenta, chalk.bold];

/** The row as a one-row cli-table3 table draws it (what table.ts did for every row before). */
function drawWithTable(cells: readonly string[], widths: readonly number[]): string {
  const table = new Table({
    head: [], colWidths: widths.map((w) => w + 2), wordWrap: false,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
  });
  table.push([...cells]);
  return table.toString().split('\n').slice(1, -1).join('\n');
}

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('a', 'é', '漢', '😀', ' ', '-', '/', '字', '\u0301'), maxLength: 30 }),
);
const cell = fc.array(fc.tuple(text, fc.nat(paints.length - 1)), { maxLength: 3 })
  .map((parts) => parts.map(([t, p]) => paints[p]!(t)).join(' '));

describe('drawPlainRow', () => {
  it('draws exactly what cli-table3 draws, for coloured, wide and overlong cells', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(cell, fc.integer({ min: 3, max: 30 })), { minLength: 1, maxLength: 7 }),
      (columns) => {
        const cells = columns.map(([c]) => c.replace(/\n/g, ' '));
        const widths = columns.map(([, w]) => w);
        assert.equal(drawPlainRow(cells, widths), drawWithTable(cells, widths));
      },
    ), { numRuns: 3000 });
  });
});
