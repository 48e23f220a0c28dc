/**
 * `jetsub validate`: captured payloads checked offline, through the same record builder
 * and validator as `tail`. Invalid lines on stderr, the summary on stdout.
 */
import { Command, Option } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import { createReporter } from '../sink/stderr.js';
import type { CommandContext } from './context.js';
import { describeExitCodes } from './help.js';

const SUMMARY_FORMATS = ['table', 'json'] as const;
type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

const HELP = `
Input, one message per line, in any mix of:
  {"topic": "...", "payload": "..."}    the payload string is the exact payload (jetsub simulate --dry-run)
  a jetsub NDJSON record                 as written by jetsub tail -o ndjson
  topic payload                          as written by mosquitto_sub -v

Examples:
  jetsub validate capture.ndjson
  mosquitto_sub -h 192.0.2.1 -v -t '/junos/events/#' -C 1000 | jetsub validate -
  jetsub validate capture.ndjson -o json | jq .invalid
`;

export function createValidateCommand(ctx: CommandContext): Command {
  return new Command('validate')
    .summary('check captured payloads against the schemas, offline')
    .description('Validate captured Junos events (a file, or - for standard input) against the JSON Schemas: '
      + 'one line per invalid message on stderr, a summary per kind on stdout.')
    .argument('[file]', 'the capture; - or nothing for standard input')
    .addOption(new Option('-o, --output <format>', 'table or json (default: table on a terminal, json otherwise)').choices(SUMMARY_FORMATS))
    .option('--schemas <dir>', 'extra or overriding JSON Schemas (<kind>.schema.json)')
    .addHelpText('after', HELP + describeExitCodes('validate'))
    .action(async (file: string | undefined, flags: { output?: SummaryFormat; schemas?: string }) => {
      if (file === undefined && ctx.stdinIsTTY) {
        throw new UsageError('validate: no file given and standard input is a terminal; '
          + 'give a capture file, pipe one in, or - to type lines');
      }
      const { openCaptureSource, readCapture } = await import('../capture/index.js');
      const source = openCaptureSource(file, ctx.stdin);
      // ajv and the schemas load here, after the flags are checked.
      const { createValidator } = await import('../validate/index.js');
      const validator = createValidator({ schemaDir: flags.schemas });
      const { tallyCapture } = await import('../capture/verdicts.js');
      const { formatInvalidLine, renderSummary } = await import('../capture/summary.js');
      const reporter = createReporter(ctx.io.stderr, { quiet: false, showDevice: false });
      const tally = await tallyCapture(readCapture(source.chunks), validator, (invalid) => reporter.report(formatInvalidLine(invalid)));
      if (tally.valid + tally.invalid === 0) reporter.report(`no message in ${source.name}: nothing was validated`);
      ctx.io.stdout.write(renderSummary(tally, flags.output ?? (ctx.stdoutIsTTY ? 'table' : 'json')));
      ctx.setExitCode(tally.invalid > 0 ? EXIT.invalid : EXIT.ok);
    });
}
