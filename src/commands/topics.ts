/**
 * `jetsub topics`: the catalogue of Junos event kinds — topic pattern, attributes, and the
 * flags that select each — as a table on a terminal or JSON for scripts.
 */
import { Command, Option } from 'commander';
import { CATALOG } from '../topics/catalog.js';
import type { CommandContext } from './context.js';
import { describeExitCodes } from './help.js';

const FORMATS = ['table', 'json'] as const;

export function createTopicsCommand(ctx: CommandContext): Command {
  return new Command('topics')
    .summary('list the Junos event kinds, their topics and the flags that select them')
    .addOption(new Option('-o, --output <format>', 'table or json (default: table on a terminal, json otherwise)').choices(FORMATS))
    .addHelpText('after', `\nExamples:\n  jetsub topics\n  jetsub topics -o json | jq -r '.[].pattern'\n${describeExitCodes('topics')}`)
    .action(async (flags: { output?: (typeof FORMATS)[number] }) => {
      const format = flags.output ?? (ctx.stdoutIsTTY ? 'table' : 'json');
      ctx.io.stdout.write(format === 'json' ? `${JSON.stringify(CATALOG, null, 2)}\n` : await renderCatalogTable(ctx.columns));
    });
}

async function renderCatalogTable(columns = 120): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const wide = columns >= 120;
  const patternWidth = wide ? 51 : Math.max(30, columns - 44);
  const table = new Table({
    head: wide ? ['kind', 'topic pattern', 'attributes', 'selected by'] : ['kind', 'topic pattern', 'selected by'],
    wordWrap: true,
    colWidths: wide ? [16, patternWidth, 26, 22] : [16, patternWidth, 23],
    style: { head: [], border: [] },
  });
  for (const info of CATALOG) {
    const kind = `${info.kind}${info.confidence === 'assumed' ? ' *' : ''}`;
    const flags = info.flags.join('\n');
    const pattern = wrapAtLevels(info.pattern, patternWidth - 2);
    table.push(wide ? [kind, pattern, info.attributes.join(', '), flags] : [kind, pattern, flags]);
  }
  return `${table.toString()}\n* topic levels and attributes documented by Juniper but not seen on a device\n`;
}

/** A topic pattern broken into lines of at most `width`, between levels. */
function wrapAtLevels(pattern: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const level of pattern.split(/(?=\/)/)) {
    if (line !== '' && line.length + level.length > width) {
      lines.push(line);
      line = '';
    }
    line += level;
  }
  return [...lines, line].join('\n');
}
