/**
 * `jetsub validate`'s words: one line per invalid line (stderr), and the summary (stdout)
 * as a table for eyes or JSON for scripts. Pure: tally in, strings out.
 */
import Table from 'cli-table3';
import { escapeControl } from '../render/index.js';
import type { Count, InvalidLine, Tally, TallyKey } from './verdicts.js';

/** `line 22: /junos/...: /jet-event/attributes/snmp-id: must be integer, got "five hundred"` (escaped: it is untrusted). */
export function formatInvalidLine(invalid: InvalidLine): string {
  const where = invalid.topic === null ? '' : `${escapeControl(invalid.topic)}: `;
  const pointer = invalid.topic === null ? '' : `${invalid.pointer === '' ? 'payload' : invalid.pointer}: `;
  const more = invalid.more > 0 ? ` (and ${invalid.more} more)` : '';
  return `line ${invalid.line}: ${where}${pointer}${escapeControl(invalid.reason)}${more}`;
}

export function renderSummary(tally: Tally, format: 'table' | 'json'): string {
  return format === 'json' ? `${JSON.stringify(tally)}\n` : renderSummaryTable(tally);
}

function renderSummaryTable(tally: Tally): string {
  const table = new Table({
    head: ['kind', 'valid', 'invalid', 'with warnings'],
    colAligns: ['left', 'right', 'right', 'right'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const [kind, count] of Object.entries(tally.kinds) as [TallyKey, Count][]) {
    table.push([kind, count.valid, count.invalid, count.warnings]);
  }
  table.push(['total', tally.valid, tally.invalid, tally.warnings]);
  return `${table.toString()}\n`;
}
