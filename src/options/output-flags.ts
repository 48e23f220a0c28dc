/**
 * Output, validation and scripting flags: declarations and their resolved values.
 */
import { type Command, Option } from 'commander';
import { usageError } from '../errors.js';
import type { CommandContext } from '../commands/context.js';
import type { OutputSettings } from '../pipeline/settings.js';
import { VALIDATE_MODES } from '../validate/modes.js';
import {
  COLOR_MODES, type ColorMode, DEFAULT_COLUMNS, OUTPUT_FORMATS, type OutputFormat, TIME_MODES, type TimeMode, isOutputFormat, parseColumns,
  parseTemplate, resolveColor,
} from '../render/index.js';
import { ExpressionError, expressionUsageError } from '../filter/index.js';
import { FLAPS_FORMATS, isFlapsFormat } from '../render/flaps.js';

export function addOutputFlags(cmd: Command): Command {
  cmd.optionsGroup('Output and scripting:');
  const formats = `${OUTPUT_FORMATS.join(', ')} (default: pretty on a terminal, ndjson otherwise)`;
  cmd.addOption(new Option('-o, --output <format>', formats).env('JETSUB_OUTPUT'));
  cmd.option('--time <clock>', `${TIME_MODES.join(', ')}: pretty/table show the router's time (no zone; default), `
    + 'the received time (UTC, Z), or received with the device time and skew');
  cmd.addOption(new Option('--color <when>', `${COLOR_MODES.join(', ')}; NO_COLOR and FORCE_COLOR are honoured`).default('auto'));
  const format = `print each event with a mosquitto_sub-style template, e.g. '%I %t %{event.attributes.interface-name}' (docs/output.md)`;
  cmd.option('-F, --format <template>', format);
  cmd.option('--columns <paths>', `-o csv's columns, comma-separated record paths (default: ${DEFAULT_COLUMNS})`);
  cmd.option('-C, --count <n>', 'exit 0 after n printed events');
  cmd.option('-W, --timeout <seconds>', 'exit 4 if --count is not met in time (without --count: if no event came)');
  const modes = `${VALIDATE_MODES.join(', ')}: warn prints invalid events marked, drop skips them, strict exits 5`;
  cmd.option('--validate <mode>', modes, 'warn');
  cmd.option('--schemas <dir>', 'extra or overriding JSON Schemas (<kind>.schema.json)');
  cmd.option('--max-payload <bytes>', 'skip (and report) larger payloads; k/M suffixes allowed', '1M');
  cmd.option('--mark-gaps', 'write a {"type":"gap"} record when a connection was lost and came back');
  cmd.option('--collapse-flaps <seconds>',
    'link traps of one interface within this window become one "flapped 7 times" line (a {"type":"flaps"} record in ndjson/json)');
  cmd.option('--dry-run', 'print the MQTT filters, one per line, and exit without connecting');
  cmd.option('--quiet', 'no status lines on stderr (lost or invalid data is still reported)');
  return cmd;
}

export function positiveNumber(flag: string, text: string, integer: boolean, example: string): number {
  const value = Number(text);
  const ok = integer ? /^\d+$/.test(text) && value > 0 : /^\d+(\.\d+)?$/.test(text) && value > 0;
  if (!ok) throw usageError(`${flag} '${text}'`, `not a positive ${integer ? 'whole number' : 'number'}`, `e.g. ${flag} ${example}`);
  return value;
}

export function parseBytes(flag: string, text: string): number {
  const match = /^(\d+)\s*(k|kb|kib|m|mb|mib)?$/i.exec(text);
  if (!match || Number(match[1]) === 0) throw usageError(`${flag} '${text}'`, 'not a size in bytes', `e.g. ${flag} 1048576 or ${flag} 1M`);
  const unit = (match[2] ?? '').toLowerCase();
  return Number(match[1]) * (unit.startsWith('m') ? 1024 * 1024 : unit.startsWith('k') ? 1024 : 1);
}

export function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw usageError(`${flag} '${text}'`, 'unknown value', `use one of ${allowed.join(', ')}`);
  }
  return text as T;
}

export function resolveOutput(flags: Record<string, unknown>, ctx: CommandContext): OutputSettings {
  const outputText = flags.output as string | undefined;
  if (outputText !== undefined && !isOutputFormat(outputText)) {
    throw usageError(`--output '${outputText}'`, 'unknown format', `use one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  const colorMode = oneOf<ColorMode>('--color', String(flags.color), COLOR_MODES);
  const formatText = flags.format as string | undefined;
  // -o from JETSUB_OUTPUT yields to an -F on the command line.
  const fromEnv = outputText !== undefined && outputText === ctx.env.JETSUB_OUTPUT;
  if (formatText !== undefined && outputText !== undefined && outputText !== 'template' && !fromEnv) {
    throw usageError(`-F with -o ${outputText}`, '-F is an output format of its own', 'drop -o (or give -o template)');
  }
  const chosen = (outputText as OutputFormat | undefined) ?? (ctx.stdoutIsTTY ? 'pretty' : 'ndjson');
  const output = formatText !== undefined ? 'template' : chosen;
  if (output === 'template' && formatText === undefined) {
    throw usageError('-o template', 'the template is missing', "give it with -F, e.g. -F '%I %t'");
  }
  if (flags.columns !== undefined && output !== 'csv') {
    throw usageError(`--columns with -o ${output}`, '--columns chooses the columns of -o csv', 'add -o csv');
  }
  return {
    output,
    color: resolveColor(colorMode, ctx.stdoutIsTTY, ctx.env),
    width: ctx.columns,
    validate: oneOf('--validate', String(flags.validate), VALIDATE_MODES),
    schemaDir: flags.schemas as string | undefined,
    count: flags.count === undefined ? undefined : positiveNumber('--count', String(flags.count), true, '1'),
    timeoutMs: flags.timeout === undefined ? undefined : positiveNumber('--timeout', String(flags.timeout), false, '300') * 1000,
    quiet: flags.quiet === true,
    dryRun: flags.dryRun === true,
    maxPayload: parseBytes('--max-payload', String(flags.maxPayload)),
    markGaps: flags.markGaps === true,
    collapseFlapsMs: resolveCollapseFlaps(flags.collapseFlaps as string | undefined, output),
    liveStatus: ctx.stderrIsTTY,
    template: formatText === undefined ? undefined : parseOrExplain('-F', formatText, parseTemplate, TEMPLATE_FIX),
    columns: flags.columns === undefined ? undefined : parseOrExplain('--columns', String(flags.columns), parseColumns, COLUMNS_FIX),
    time: resolveTime(flags.time as string | undefined, output),
  };
}

/** --time: which clock pretty and table show; the other formats carry both times already. */
function resolveTime(text: string | undefined, output: OutputFormat): TimeMode | undefined {
  if (text === undefined) return undefined;
  const time = oneOf<TimeMode>('--time', text, TIME_MODES);
  if (output !== 'pretty' && output !== 'table') {
    throw usageError(`--time with -o ${output}`, 'records carry both times already (received_at, event.time)', 'drop --time');
  }
  if (time === 'both' && output === 'table') {
    throw usageError('--time both with -o table', "the table's time column holds one time", 'use --time device or received');
  }
  return time;
}

const TEMPLATE_FIX = "e.g. -F '%I %t %{event.attributes.interface-name}' (docs/output.md)";
const COLUMNS_FIX = 'e.g. --columns received_at,device,event.attributes.interface-name (docs/output.md)';

function parseOrExplain<T>(flag: string, text: string, parse: (text: string) => T, fix: string): T {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof ExpressionError) throw expressionUsageError(flag, text, error, fix);
    throw error;
  }
}

function resolveCollapseFlaps(text: string | undefined, output: OutputFormat): number | undefined {
  if (text === undefined) return undefined;
  if (!isFlapsFormat(output)) {
    throw usageError(`--collapse-flaps with -o ${output}`, `${output} output has no flaps line`, `use -o ${FLAPS_FORMATS.join(', -o ')}`);
  }
  return positiveNumber('--collapse-flaps', text, false, '30') * 1000;
}
