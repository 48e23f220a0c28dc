/**
 * `jetsub replay <file|->`: declarations, and the flags resolved into ReplayOptions. The
 * work is in src/capture/replay.ts.
 */
import { Command } from 'commander';
import { usageError } from '../errors.js';
import { openCaptureSource } from '../capture/source.js';
import type { ReplayOptions } from '../capture/replay.js';
import { addConnectionFlags, resolveConnectionSettings, resolveTargets } from '../options/connection-flags.js';
import { positiveNumber } from '../options/output-flags.js';
import { createReporter } from '../sink/stderr.js';
import type { CommandContext } from './context.js';
import { describeExitCodes } from './help.js';
import { adaptConnectionFlags, onInterrupt, refuseSubscriberFlags } from './publishing.js';

const HELP = `
Input, one message per line, in any mix of:
  {"topic": "...", "payload": "..."}    exact bytes (jetsub simulate --dry-run, test fixtures)
  topic payload                          exact bytes (mosquitto_sub -v; "(null)" is an empty payload)
  a jetsub NDJSON record                 jetsub tail -o ndjson: the payload is rebuilt from "event"
                                         (same JSON, not always the same bytes), timed by received_at
Payloads with a newline inside do not survive the mosquitto_sub -v format; use the others.

Examples:
  jetsub replay capture.ndjson -H 127.0.0.1 -p 1884            # at the pace it was captured
  jetsub replay capture.ndjson --speed 10 --loop                # ten times faster, over and over
  mosquitto_sub -h 192.0.2.1 -v -t '/junos/events/#' > cap.txt  # capture from a router...
  jetsub replay cap.txt --as-fast-as-possible -p 1884           # ...and replay it byte for byte
`;

export function createReplayCommand(ctx: CommandContext): Command {
  const cmd = new Command('replay')
    .summary('publish captured events to a broker again')
    .description('Publish captured Junos events (a file, or - for standard input) to an MQTT broker, '
      + 'with their original spacing or faster.')
    .argument('<file>', 'the capture; - for standard input');
  cmd.optionsGroup('Replay:');
  cmd.option('--speed <factor>', 'keep the original spacing (from received_at), scaled: 2 is twice as fast', '1');
  cmd.option('--as-fast-as-possible', 'ignore the original spacing');
  cmd.option('--loop', 'start over at the end, until Ctrl-C (files only)');
  cmd.option('--quiet', 'no status lines on stderr (the summary and skipped lines are still reported)');
  addConnectionFlags(cmd);
  adaptConnectionFlags(cmd, null);
  cmd.addHelpText('after', HELP + describeExitCodes('replay'));
  cmd.action(async (file: string, flags: Record<string, unknown>) => {
    const options = resolveReplayOptions(file, flags, ctx);
    const { runReplay } = await import('../capture/replay.js');
    const interrupt = onInterrupt(ctx.io.signals);
    try {
      const reporter = createReporter(ctx.io.stderr, { quiet: flags.quiet === true, showDevice: false });
      await runReplay(options, reporter, { stream: ctx.io.stderr, isTTY: ctx.stderrIsTTY }, interrupt.signal);
    } finally {
      interrupt.dispose();
    }
  });
  return cmd;
}

export function resolveReplayOptions(file: string, flags: Record<string, unknown>, ctx: CommandContext): ReplayOptions {
  refuseSubscriberFlags('replay', flags, ['share', 'topicPrefix']);
  const speed = positiveNumber('--speed', String(flags.speed), false, '2');
  const targets = resolveTargets(flags);
  const connection = resolveConnectionSettings(flags, ctx.env);
  const source = openCaptureSource(file, ctx.stdin);
  if (flags.loop === true && !source.rereadable) {
    throw usageError('--loop', `${source.name} cannot be read twice`, 'give a file');
  }
  return { source, speed: flags.asFastAsPossible === true ? null : speed, loop: flags.loop === true, targets, connection };
}
