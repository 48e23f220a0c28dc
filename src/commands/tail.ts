/**
 * `jetsub tail`: declarations, and the flags resolved into TailOptions. The work is in
 * src/pipeline/tail.ts.
 */
import { Command } from 'commander';
import {
  addConnectionFlags, checkTlsFlags, describeCredentialRisks, resolveConnectionSettings, resolveFleet, resolveTargets,
} from '../options/connection-flags.js';
import { addEventFilterFlags, resolveEventFilter } from '../options/event-filter-flags.js';
import { addExecFlags, describeExecWarnings, resolveExec } from '../options/exec-flags.js';
import { addMetricsFlags, resolveMetrics } from '../options/metrics-flags.js';
import { askPassword } from '../options/password-prompt.js';
import { addReliabilityFlags, resolveReliability } from '../options/reliability-flags.js';
import { addOutputFlags, resolveOutput } from '../options/output-flags.js';
import { addJournalFlags, addReadFlags, resolveReadAndJournal, type ValueSource } from '../options/read-flags.js';
import { addTopicFlags, readTopicSelection } from '../options/topic-flags.js';
import type { TailOptions } from '../pipeline/tail.js';
import { compileTopicFilters } from '../topics/compile.js';
import { type CommandContext, tuneHeap } from './context.js';
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
  jetsub tail --syslog SNMP_TRAP_LINK_DOWN --interface ge-0/0/0 -C 1 -W 3600   # wait until ge-0/0/0 goes down
  jetsub tail --route --where 'event.attributes.route-prefix within "10.0.0.0/8"'   # docs/where.md
  jetsub tail --syslog -F '@H:@M:@S %{event.event-id} %{event.attributes.interface-name}'   # docs/output.md
  jetsub tail --ifd -o csv --columns received_at,device,topic_fields.interface,event.attributes.flags
  jetsub tail --ifd --journal journal/ --journal-keep 7d      # docs/journal.md
  jetsub tail --read capture.ndjson --ifd 'ge-0/0/*' -o ndjson   # a capture or journal, no broker (docs/read.md)
  jetsub tail --ifd --exec 'sh -c "cat >> events.ndjson"' -C 3    # a command per record, no shell: docs/exec.md
  jetsub tail --ifd --syslog --metrics 127.0.0.1:0 -C 1 -W 5 -o ndjson   # and Prometheus metrics (docs/metrics.md)

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
  addExecFlags(cmd);
  addConnectionFlags(cmd);
  addReliabilityFlags(cmd);
  addReadFlags(cmd);
  addJournalFlags(cmd);
  addMetricsFlags(cmd);
  cmd.addHelpText('after', EXAMPLES + EXIT_CODES_HELP);
  cmd.action(async (flags: Record<string, unknown>) => {
    const options = resolveTailOptions(flags, ctx, (key) => cmd.getOptionValueSource(key));
    if (!options.dryRun && options.read === undefined) {
      options.connection = await askPassword(options.connection, options.targets.map((t) => t.device).join(', '), ctx);
    }
    if (!options.dryRun) await tuneHeap(ctx.env);
    const { runTail } = await import('../pipeline/tail.js');
    ctx.setExitCode(await runTail(options, ctx.io));
  });
  return cmd;
}

export function resolveTailOptions(
  flags: Record<string, unknown>, ctx: CommandContext, sourceOf: ValueSource = () => undefined,
): TailOptions {
  const topics = compileTopicFilters(readTopicSelection(flags));
  const targets = resolveTargets(flags);
  const { connection, dedupe, buffer } = resolveReliability(flags, resolveConnectionSettings(flags, ctx.env));
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
    ...resolveReadAndJournal(flags, sourceOf, ctx),
    exec: resolveExec(flags, ctx.env),
    warnings: [...describeCredentialRisks(flags), ...describeExecWarnings(flags)],
    metrics: resolveMetrics(flags),
    buffer,
  };
}
