/**
 * `jetsub schema [name]`: the JSON Schemas jetsub validates with — listed, or one printed
 * standalone (the header schema it refers to embedded) for editors and other validators.
 */
import { Command, Option } from 'commander';
import type { CommandContext } from './context.js';
import { describeExitCodes } from './help.js';

const FORMATS = ['table', 'json'] as const;

const HELP = `
Examples:
  jetsub schema                              # the schemas: name, title, file
  jetsub schema ifd > ifd.schema.json        # one schema, standalone
  jetsub schema record                       # the NDJSON record tail -o ndjson writes
`;

export function createSchemaCommand(ctx: CommandContext): Command {
  return new Command('schema')
    .summary('list the JSON Schemas, or print one')
    .description('List the JSON Schemas (2020-12) jetsub validates with, or print one: a kind (ifd, route, syslog, ...), '
      + 'jet-event, record or gap. A printed schema is standalone: the schemas it refers to are embedded under $defs.')
    .argument('[name]', 'the schema to print')
    .addOption(new Option('-o, --output <format>', 'the list as table or json (default: table on a terminal, json otherwise)')
      .choices(FORMATS))
    .option('--schemas <dir>', 'extra or overriding JSON Schemas (<kind>.schema.json), as for tail')
    .addHelpText('after', HELP + describeExitCodes('schema'))
    .action(async (name: string | undefined, flags: { output?: (typeof FORMATS)[number]; schemas?: string }) => {
      const { listSchemas, loadSchemaFiles, readSchema } = await import('../validate/index.js');
      if (name !== undefined) {
        readSchema(name, { schemaDir: flags.schemas });
        const { bundleSchema } = await import('../validate/bundle.js');
        ctx.io.stdout.write(`${JSON.stringify(bundleSchema(name, loadSchemaFiles(flags.schemas)), null, 2)}\n`);
        return;
      }
      const schemas = listSchemas({ schemaDir: flags.schemas });
      if ((flags.output ?? (ctx.stdoutIsTTY ? 'table' : 'json')) === 'json') {
        ctx.io.stdout.write(`${JSON.stringify(schemas, null, 2)}\n`);
        return;
      }
      const width = Math.max(...schemas.map((s) => s.name.length));
      ctx.io.stdout.write(schemas.map((s) => `${s.name.padEnd(width)}  ${s.title}\n`).join(''));
    });
}
