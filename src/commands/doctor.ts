/**
 * `jetsub doctor`: with tail's connection flags, checks each broker step by step and says
 * what is wrong and how to fix it. The checks are src/doctor/check.ts.
 */
import { Command } from 'commander';
import { EXIT } from '../errors.js';
import { addConnectionFlags, resolveConnectionSettings, resolveFleet, resolveTargets } from '../options/connection-flags.js';
import { resolveColor } from '../render/color.js';
import type { CommandContext } from './context.js';
import { describeExitCodes } from './help.js';

const HELP = `
Checks, in order, for each broker:
  resolve     the host name resolves
  tcp         the port accepts a TCP connection
  mqtt        the MQTT handshake is accepted (version, client id, credentials, TLS)
  subscribe   the broker grants a subscription to /junos/events/# (under --topic-prefix
              and --share when given: what tail would subscribe to)
  round-trip  a message published to jetsub/doctor/<client-id> comes back

A failed check says the likely cause, including the router's configuration, e.g.
  set system services extension-service notification allow-clients address 192.0.2.10/32

Examples:
  jetsub doctor -H 192.0.2.1
  jetsub doctor -H mqtts://broker.example.net --cafile ca.pem -u noc
`;

export function createDoctorCommand(ctx: CommandContext): Command {
  const cmd = new Command('doctor')
    .summary('check the way to a broker, step by step, and explain what fails')
    .description('Check name resolution, TCP reachability, the MQTT handshake and a subscription round-trip to each broker; '
      + 'on a failure, say the likely cause and the fix.');
  addConnectionFlags(cmd);
  cmd.addHelpText('after', HELP + describeExitCodes('doctor'));
  cmd.action(async (flags: Record<string, unknown>) => {
    const targets = resolveTargets(flags);
    const settings = resolveConnectionSettings(flags, ctx.env);
    const fleet = resolveFleet(flags);
    const { ALL_EVENTS_FILTER } = await import('../topics/catalog.js');
    const { compileTopicPrefix, shareFilter } = await import('../topics/prefix.js');
    const filter = shareFilter(fleet.share, compileTopicPrefix(fleet.topicPrefix).wrap(ALL_EVENTS_FILTER));
    const { checkTarget } = await import('../doctor/check.js');
    const { formatCheck, hasFailed } = await import('../doctor/report.js');
    const { resolveHost, probeTcp, sourceAddressFor, probeMqtt } = await import('../transport/probe.js');
    const probes = { resolveHost, probeTcp, sourceAddressFor, probeMqtt };
    const { formatTarget } = await import('../transport/target.js');
    const color = resolveColor('auto', ctx.stdoutIsTTY, ctx.env);
    let failed = false;
    for (const target of targets) {
      const results = await checkTarget(target, settings, probes, filter);
      const name = target.device.includes(target.host) ? '' : ` (${target.device})`;
      ctx.io.stdout.write(formatCheck(`${formatTarget(target)}${name}`, results, color));
      failed ||= hasFailed(results);
    }
    ctx.setExitCode(failed ? EXIT.connection : EXIT.ok);
  });
  return cmd;
}
