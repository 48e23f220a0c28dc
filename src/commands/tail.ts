/**
 * `jetsub tail`: declarations, and the flags resolved into TailOptions. The work is in
 * src/pipeline/tail.ts.
 */
import { Command } from 'commander';
import { usageError } from '../errors.js';
import {
  type ConnectionSettings, addConnectionFlags, describeCredentialRisks, resolveConnectionSettings, resolveFleet, resolveTargets,
} from '../options/connection-flags.js';
import { askPassword } from '../options/password-prompt.js';
import { addReliabilityFlags, resolveReliability } from '../options/reliability-flags.js';
import { addOutputFlags, resolveOutput } from '../options/output-flags.js';
import { addTopicFlags, readTopicSelection } from '../options/topic-flags.js';
import { compileEventFilter, type EventFilterFlags } from '../pipeline/event-filter.js';
import type { TailOptions } from '../pipeline/tail.js';
import { compileTopicFilters } from '../topics/compile.js';
import type { Target } from '../transport/target.js';
import type { CommandContext } from './context.js';
import { EXIT_CODES_HELP } from './help.js';

const EXAMPLES = `
Examples:
  jetsub tail --ifd 'ge-0/0/*' --action change          # link changes on FPC 0 PIC 0
  jetsub tail --route --within 10.0.0.0/8 -o table        # routes inside 10/8, as a table
  jetsub tail --syslog 'SNMP_TRAP_LINK_*' -o ndjson | jq -r .event.message
  jetsub tail --interface ae0 -C 1 -W 60                  # wait up to 60 s for one ae0 event
  jetsub tail -H mx1=192.0.2.1 --all --hide-chatter       # everything but the broker's chatter
  jetsub tail --ifl ge-0/0/0 --dry-run                    # print the MQTT filters, connect to nothing
  jetsub tail -H broker --session nightly --dedupe      # QoS 1, lossless across restarts

Names take * and ? globs: with a / they match level by level (ge-0/0/* is every port of
FPC 0 PIC 0); without one, * spans levels (ge-* is every ge interface, ae* every bundle).
`;

export function createTailCommand(ctx: CommandContext): Command {
  const cmd = new Command('tail')
    .summary('subscribe to Junos events and print them')
    .description('Subscribe to a Junos router\'s (or a central) MQTT broker and print every JET notification, validated.');
  addTopicFlags(cmd);
  addEventFilterFlags(cmd);
  addOutputFlags(cmd);
  addConnectionFlags(cmd);
  addReliabilityFlags(cmd);
  cmd.addHelpText('after', EXAMPLES + EXIT_CODES_HELP);
  cmd.action(async (flags: Record<string, unknown>) => {
    const options = resolveTailOptions(flags, ctx);
    if (!options.dryRun) {
      options.connection = await askPassword(options.connection, options.targets.map((t) => t.device).join(', '), ctx);
    }
    const { runTail } = await import('../pipeline/tail.js');
    ctx.setExitCode(await runTail(options, ctx.io));
  });
  return cmd;
}

export function addEventFilterFlags(cmd: Command): Command {
  const collect = (value: string, previous: unknown) => [...(Array.isArray(previous) ? previous : []), value];
  cmd.optionsGroup('Event filters:');
  cmd.option('--severity <level>', 'at least this severity: emergency, alert, critical, error, warning, notice, info, debug');
  cmd.option('--event-id <glob>', "event id glob, e.g. 'SNMP_TRAP_LINK_*' (repeatable)", collect);
  cmd.option('--hostname <glob>', "router host-name glob (the name inside the event), e.g. 'mx*' (repeatable)", collect);
  cmd.option('--hide-chatter', "hide the broker's own SYSTEM events (\"New connection from ...\")");
  return cmd;
}

export function resolveTailOptions(flags: Record<string, unknown>, ctx: CommandContext): TailOptions {
  const topics = compileTopicFilters(readTopicSelection(flags));
  const targets = resolveTargets(flags);
  const { connection, dedupe } = resolveReliability(flags, resolveConnectionSettings(flags, ctx.env));
  checkTlsFlags(flags, targets, connection);
  const eventFilter = resolveEventFilter(flags);
  return {
    targets,
    connection,
    topics,
    eventFilter,
    ...resolveOutput(flags, ctx),
    ...resolveFleet(flags),
    dedupe,
    warnings: describeCredentialRisks(flags),
  };
}

/** The event filter flags, checked: a bad --severity is a usage error before any socket opens. */
export function resolveEventFilter(flags: Record<string, unknown>): EventFilterFlags {
  const eventFilter = {
    severity: flags.severity as string | undefined,
    eventId: flags.eventId as string[] | undefined,
    hostname: flags.hostname as string[] | undefined,
    hideChatter: flags.hideChatter === true,
  };
  compileEventFilter(eventFilter);
  return eventFilter;
}

/** TLS flags with no mqtts:// host would silently do nothing: a usage error. */
export function checkTlsFlags(flags: Record<string, unknown>, targets: readonly Target[], connection: ConnectionSettings): void {
  const given = TLS_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
  if (connection.tls && targets.every((t) => t.protocol !== 'mqtts') && given.length > 0) {
    throw usageError(given.join(', '), 'TLS flags need a TLS broker', 'give the host as mqtts://host[:port]');
  }
}

const TLS_FLAGS = [['cafile', '--cafile'], ['cert', '--cert'], ['key', '--key'], ['tlsServername', '--tls-servername'], ['insecure', '--insecure']] as const;
