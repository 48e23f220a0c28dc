/**
 * `jetsub simulate`: declarations, and the flags resolved into SimulationOptions. The
 * generator is src/simulate/ (pure, seeded); publishing is src/transport/publisher.ts.
 */
import { Command } from 'commander';
import { usageError } from '../errors.js';
import { addConnectionFlags, resolveConnectionSettings, resolveFleet, resolveTargets } from '../options/connection-flags.js';
import { positiveNumber } from '../options/output-flags.js';
import { addSimulateFlags, describeScenarios, resolveSimulateSettings } from '../options/simulate-flags.js';
import { createReporter } from '../sink/stderr.js';
import type { Limits, SimulationOptions } from '../simulate/run.js';
import { SCENARIOS } from '../simulate/catalog.js';
import type { CommandContext } from './context.js';
import { describeExitCodes } from './help.js';
import { adaptConnectionFlags, onInterrupt, refuseSubscriberFlags } from './publishing.js';

const EXAMPLES = `
Examples:
  jetsub simulate                                   # mixed traffic to localhost:1883 until Ctrl-C
  jetsub simulate flap -H 127.0.0.1 -p 1884 -C 20   # 20 events of interfaces going down and up
  jetsub simulate storm --count 50000               # route churn as fast as the broker takes it
  jetsub simulate --seed 7 -C 1000 --dry-run > traffic.ndjson   # the same 1000 events every time, no broker
  jetsub simulate --devices 20 --topic-prefix 'fleet/{device}'  # a central broker's view of a fleet
`;

export function createSimulateCommand(ctx: CommandContext): Command {
  const cmd = new Command('simulate')
    .summary('publish realistic Junos events to a broker (no router needed)')
    .description('Publish realistic Junos JET events (every kind, correct topics and payloads) to an MQTT broker, in scenarios.')
    .argument('[scenario]', 'what happens on the simulated routers (default: mixed)');
  addSimulateFlags(cmd, 'Simulation:');
  cmd.option('-C, --count <n>', 'stop after n events (default: until Ctrl-C; storm: 10000)');
  cmd.option('--duration <seconds>', 'stop after this long');
  cmd.option('--dry-run', 'print the events as {"topic","payload"} lines on stdout instead (connects to nothing)');
  cmd.option('--quiet', 'no status lines on stderr (the summary is still printed)');
  addConnectionFlags(cmd);
  adaptConnectionFlags(cmd, "publish under a per-router prefix, e.g. 'fleet/{device}' for fleet/mx1/junos/events/...");
  cmd.addHelpText('after', `\nScenarios:\n${describeScenarios()}\n${EXAMPLES}${describeExitCodes('simulate')}`);
  cmd.action(async (scenario: string | undefined, flags: Record<string, unknown>) => {
    const options = resolveSimulateOptions(scenario, flags, ctx);
    const { printSimulation, runSimulation } = await import('../simulate/run.js');
    const interrupt = onInterrupt(ctx.io.signals);
    try {
      if (flags.dryRun === true) await printSimulation(options, ctx.io.stdout, interrupt.signal);
      else await runSimulation(options, createReporter(ctx.io.stderr, { quiet: flags.quiet === true, showDevice: false }),
        interrupt.signal);
    } finally {
      interrupt.dispose();
    }
  });
  return cmd;
}

export function resolveSimulateOptions(
  scenario: string | undefined, flags: Record<string, unknown>, ctx: CommandContext,
): SimulationOptions {
  const settings = resolveSimulateSettings(scenario, flags);
  const limits: Limits = {
    count: flags.count === undefined ? undefined : positiveNumber('--count', String(flags.count), true, '1000'),
    durationMs: flags.duration === undefined ? undefined : positiveNumber('--duration', String(flags.duration), false, '60') * 1000,
  };
  if (limits.count === undefined && limits.durationMs === undefined) limits.count = SCENARIOS[settings.scenario].defaultCount ?? undefined;
  if (flags.dryRun === true && limits.durationMs !== undefined && settings.rate === null) {
    throw usageError('--duration', 'with --dry-run it needs a --rate (events are printed at once)', 'give --rate, or --count instead');
  }
  refuseSubscriberFlags('simulate', flags, ['share']);
  const { topicPrefix } = resolveFleet(flags);
  return { ...settings, ...limits, topicPrefix, targets: resolveTargets(flags), connection: resolveConnectionSettings(flags, ctx.env) };
}
