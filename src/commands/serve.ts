/**
 * `jetsub serve`: tail as an exporter only — the same topic, event filter, connection and
 * reliability flags, the stream counted into Prometheus metrics (--metrics, required),
 * nothing rendered to stdout. The work is runTail's (src/pipeline/tail.ts) with the stdout
 * output off (docs/serve.md).
 */
import { Command } from 'commander';
import { usageError } from '../errors.js';
import {
  addConnectionFlags, checkTlsFlags, describeCredentialRisks, resolveConnectionSettings, resolveFleet, resolveTargets,
} from '../options/connection-flags.js';
import { addEventFilterFlags, resolveEventFilter } from '../options/event-filter-flags.js';
import { addMetricsFlags, resolveMetrics } from '../options/metrics-flags.js';
import { oneOf, parseBytes } from '../options/output-flags.js';
import { askPassword } from '../options/password-prompt.js';
import { addReliabilityFlags, resolveReliability } from '../options/reliability-flags.js';
import { addTopicFlags, readTopicSelection } from '../options/topic-flags.js';
import type { TailOptions } from '../pipeline/tail.js';
import { compileTopicFilters } from '../topics/compile.js';
import { VALIDATE_MODES } from '../validate/modes.js';
import { type CommandContext, tuneHeap } from './context.js';
import { describeExitCodes } from './help.js';

const EXAMPLES = `
Examples:
  jetsub serve -H mx1=192.0.2.1 --metrics 127.0.0.1:9464          # every event counted; GET /metrics
  jetsub serve -H mx1=192.0.2.1 --ifd --syslog --metrics 127.0.0.1:0 --metrics-max-series 50000   # any free port
`;

export function createServeCommand(ctx: CommandContext): Command {
  const cmd = new Command('serve')
    .summary('a Prometheus exporter of Junos events: tail without printing, counted in metrics')
    .description('Subscribe like tail, print nothing, and serve what arrives as Prometheus metrics on --metrics host:port:'
      + ' events by device, kind and event id, interface link state and flaps, connection state, gaps (docs/metrics.md).');
  addTopicFlags(cmd);
  addEventFilterFlags(cmd);
  addMetricsFlags(cmd);
  cmd.optionsGroup('Validation and status:');
  cmd.option('--validate <mode>', `${VALIDATE_MODES.join(', ')}: counted in the valid label; strict exits 5`, 'warn');
  cmd.option('--schemas <dir>', 'extra or overriding JSON Schemas (<kind>.schema.json)');
  cmd.option('--max-payload <bytes>', 'skip (and count) larger payloads; k/M suffixes allowed', '1M');
  cmd.option('--quiet', 'no status lines on stderr (lost or invalid data is still reported)');
  addConnectionFlags(cmd);
  addReliabilityFlags(cmd);
  cmd.addHelpText('after', EXAMPLES + describeExitCodes('serve'));
  cmd.action(async (flags: Record<string, unknown>) => {
    const options = resolveServeOptions(flags, ctx);
    options.connection = await askPassword(options.connection, options.targets.map((t) => t.device).join(', '), ctx);
    await tuneHeap(ctx.env);
    const { runTail } = await import('../pipeline/tail.js');
    ctx.setExitCode(await runTail(options, ctx.io));
  });
  return cmd;
}

export function resolveServeOptions(flags: Record<string, unknown>, ctx: CommandContext): TailOptions {
  const metrics = resolveMetrics(flags);
  if (metrics === undefined) {
    throw usageError('serve', 'needs --metrics <host:port>: it serves metrics and prints nothing', 'e.g. --metrics 127.0.0.1:9464');
  }
  const topics = compileTopicFilters(readTopicSelection(flags));
  const targets = resolveTargets(flags);
  const { connection, dedupe } = resolveReliability(flags, resolveConnectionSettings(flags, ctx.env));
  checkTlsFlags(flags, targets, connection);
  return {
    targets,
    connection,
    topics,
    eventFilter: resolveEventFilter(flags),
    ...resolveFleet(flags),
    dedupe,
    warnings: describeCredentialRisks(flags),
    metrics,
    stdout: false,
    output: 'ndjson',
    color: false,
    validate: oneOf('--validate', String(flags.validate), VALIDATE_MODES),
    schemaDir: flags.schemas as string | undefined,
    quiet: flags.quiet === true,
    dryRun: false,
    maxPayload: parseBytes('--max-payload', String(flags.maxPayload)),
    markGaps: false,
    liveStatus: ctx.stderrIsTTY,
  };
}
