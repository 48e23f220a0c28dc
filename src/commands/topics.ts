/**
 * `jetsub topics`: the catalogue of Junos event kinds — topic pattern, attributes, and the
 * flags that select each — as a table on a terminal or JSON for scripts.
 */
import { Command, Option } from 'commander';
import { CATALOG } from '../topics/catalog.js';
import type { CommandContext } from './context.js';

const FORMATS = ['table', 'json'] as const;

export function createTopicsCommand(ctx: CommandContext): Command {
  return new Command('topics')
    .summary('list the Junos event kinds, their topics and the flags that select them')
    .addOption(new Option('-o, --output <format>', 'table or json (default: table on a terminal, json otherwise)').choices(FORMATS))
    .addHelpText('after', '\nExamples:\n  jetsub topics\n  jetsub topics -o json | jq -r \'.[].pattern\'\n')
    .action(async (flags: { output?: (typeof FORMATS)[number] }) => {
      const format = flags.output ?? (ctx.stdoutIsTTY ? 'table' : 'json');
      ctx.io.stdout.write(format === 'json' ? `${JSON.stringify(CATALOG, null, 2)}\n` : await renderCatalogTable(ctx.columns));
    });
}

async function renderCatalogTable(columns = 120): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const wide = columns >= 120;
  const table = new Table({
    head: wide ? ['kind', 'topic pattern', 'attributes', 'selected by'] : ['kind', 'topic pattern', 'selected by'],
    wordWrap: true,
    wrapOnWordBoundary: false,
    colWidths: wide ? [14, 44, 30, 30] : [12, Math.max(30, columns - 40), 24],
    style: { head: [], border: [] },
  });
  for (const info of CATALOG) {
    const kind = `${info.kind}${info.confidence === 'assumed' ? ' *' : ''}`;
    const flags = info.flags.join('\n');
    table.push(wide ? [kind, info.pattern, info.attributes.join(', '), flags] : [kind, info.pattern, flags]);
  }
  return `${table.toString()}\n* topic levels and attributes documented by Juniper but not seen on a device\n`;
}
