/**
 * `jetsub demo`: no router, no broker to install. The tail flags are tail's own
 * declarations; the work is in src/simulate/demo.ts.
 */
import { Command } from 'commander';
import { addOutputFlags, oneOf } from '../options/output-flags.js';
import { addConnectionFlags } from '../options/connection-flags.js';
import { addSimulateFlags, describeScenarios, resolveSimulateSettings } from '../options/simulate-flags.js';
import { addTopicFlags } from '../options/topic-flags.js';
import type { DemoOptions } from '../simulate/demo.js';
import { parsePort } from '../transport/target.js';
import { type CommandContext, tuneHeap } from './context.js';
import { describeExitCodes } from './help.js';
import { addEventFilterFlags } from '../options/event-filter-flags.js';
import { resolveTailOptions } from './tail.js';
import { resolveTopOptions } from './top.js';

const VIEWS = ['tail', 'top'] as const;

const EXAMPLES = `
Scenarios:
${describeScenarios()}

Examples:
  jetsub demo                                  # live events from three simulated routers, pretty
  jetsub demo flap --ifd 'ge-0/0/*' -o table   # every tail flag works: link changes on FPC 0 PIC 0
  jetsub demo -o ndjson -C 50 | jq -c .topic_fields
  jetsub demo flap --syslog 'SNMP_TRAP_LINK_*'
  jetsub demo flap --view top                  # the live view: which interfaces flap, on which router
  jetsub demo --listen 11883                   # and from another terminal: jetsub tail -p 11883
`;

export function createDemoCommand(ctx: CommandContext): Command {
  const cmd = new Command('demo')
    .summary('see jetsub work: simulated routers, an embedded broker, and tail (nothing to install)')
    .description('Start an embedded MQTT broker on a loopback port, publish simulated Junos events into it, '
      + 'and tail them with every tail flag. Ctrl-C stops it all.')
    .argument('[scenario]', 'what happens on the simulated routers (default: mixed)');
  addTopicFlags(cmd);
  addEventFilterFlags(cmd);
  addOutputFlags(cmd);
  addSimulateFlags(cmd, 'Demo:');
  cmd.option('--view <view>', 'tail, or top: the live interface view of jetsub top (on a terminal; text snapshots otherwise)', 'tail');
  cmd.option('--listen <port>', 'put the embedded broker on this loopback port, for a second jetsub or mosquitto_sub');
  cmd.addHelpText('after', EXAMPLES + describeExitCodes('demo'));
  cmd.action(async (scenario: string | undefined, flags: Record<string, unknown>) => {
    const options = resolveDemoOptions(scenario, flags, ctx);
    if (!options.tail.dryRun) await tuneHeap(ctx.env);
    const { runDemo } = await import('../simulate/demo.js');
    ctx.setExitCode(await runDemo(options, ctx.io));
  });
  return cmd;
}

export function resolveDemoOptions(scenario: string | undefined, flags: Record<string, unknown>, ctx: CommandContext): DemoOptions {
  const simulation = resolveSimulateSettings(scenario, flags);
  // The tail side connects to the embedded broker with tail's own defaults; its port is known once it listens.
  const tail = resolveTailOptions({ ...connectionDefaults(), ...flags, host: undefined }, ctx);
  const listen = flags.listen === undefined ? 0 : parsePort('--listen', String(flags.listen));
  // --view top: -o and the other output flags are tail's; top takes its view from the terminal.
  const view = oneOf('--view', String(flags.view ?? 'tail'), VIEWS);
  const topFlags = { ...connectionDefaults(), ...flags, host: undefined, output: undefined };
  const top = view === 'top' ? resolveTopOptions(topFlags, ctx) : undefined;
  return { tail, top, terminal: ctx.terminal, simulation, listen, announce: flags.listen !== undefined };
}

/** The default values of the connection flags, from their declarations. */
function connectionDefaults(): Record<string, unknown> {
  return addConnectionFlags(new Command()).opts();
}
