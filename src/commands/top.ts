/**
 * `jetsub top`: declarations, and the flags resolved into TopOptions. The work is in
 * src/top/ (state, view, screen) and src/top/run.ts.
 */
import { Command, Option } from 'commander';
import { usageError } from '../errors.js';
import { addConnectionFlags, checkTlsFlags, resolveConnectionSettings, resolveFleet, resolveTargets } from '../options/connection-flags.js';
import { addEventFilterFlags, resolveEventFilter } from '../options/event-filter-flags.js';
import { oneOf, parseBytes, positiveNumber } from '../options/output-flags.js';
import { addMetricsFlags, resolveMetrics } from '../options/metrics-flags.js';
import { askPassword } from '../options/password-prompt.js';
import { addJournalFlags, addReadFlags, resolveReadAndJournal, type ValueSource } from '../options/read-flags.js';
import { addTopicFlags, readTopicSelection } from '../options/topic-flags.js';
import { COLOR_MODES, type ColorMode, resolveColor } from '../render/index.js';
import { compileTopicFilters } from '../topics/compile.js';
import type { TopOptions } from '../top/run.js';
import { TOP_VIEWS as VIEWS, type TopView } from '../top/views.js';
import { SORTS } from '../top/summary.js';
import { type CommandContext, tuneHeap } from './context.js';
import { describeExitCodes } from './help.js';

/** The screen is redrawn at most this often. */
const MIN_SCREEN_INTERVAL_S = 0.25;
const DEFAULT_SNAPSHOT_INTERVAL_S = 2;
const DEFAULT_WIDTH = 120;
/** Timers take at most 2^31 ms; a day is plenty. */
const MAX_INTERVAL_S = 86_400;

const EXAMPLES = `
Keys (on a terminal):
  q quit   p pause the display (events are still counted)   s cycle the sort
  / filter interfaces by glob (Enter applies, Esc cancels; Esc again clears)   Ctrl-C quit

A flap is a link going down and coming back up: an SNMP_TRAP_LINK_DOWN, then an
SNMP_TRAP_LINK_UP for the same interface-name. Kernel interface events (ifd, and ifl/iff/ifa
of its units) count as activity; the bits of their flags are not public. Windows use the
time jetsub received each event (device times carry no zone): flaps over 5 minutes, events
per second over 10 seconds.

Examples:
  jetsub top -H mx1=192.0.2.1                          # the live view
  jetsub top -H mx1=192.0.2.1 -H mx2=192.0.2.2 --sort flaps --filter 'ge-*'
  jetsub top -H 192.0.2.1 --interval 10 > top.log        # a text snapshot every 10 s
  jetsub top -H 192.0.2.1 -o json -n 1 | jq '.interfaces[] | select(.flaps > 0)'
  jetsub top --read capture.ndjson -o text              # the state at the end of a capture (docs/read.md)
`;

export function createTopCommand(ctx: CommandContext): Command {
  const cmd = new Command('top')
    .summary('a live view of interfaces: link state, flaps, event rates')
    .description('Which interfaces are flapping, right now, on which routers:'
      + ' one row per interface with its link state, flaps in the last 5 minutes, last change and events per second,'
      + ' under a header of per-device totals.');
  addTopicFlags(cmd);
  addEventFilterFlags(cmd);
  addDisplayFlags(cmd);
  addConnectionFlags(cmd);
  addReadFlags(cmd);
  addJournalFlags(cmd);
  addMetricsFlags(cmd);
  cmd.addHelpText('after', EXAMPLES + describeExitCodes('top'));
  cmd.action(async (flags: Record<string, unknown>) => {
    const options = resolveTopOptions(flags, ctx, (key) => cmd.getOptionValueSource(key));
    if (options.read === undefined) {
      options.connection = await askPassword(options.connection, options.targets.map((t) => t.device).join(', '), ctx);
    }
    await tuneHeap(ctx.env);
    const { runTop } = await import('../top/run.js');
    ctx.setExitCode(await runTop(options, ctx.io, options.view === 'screen' ? ctx.terminal : undefined));
  });
  return cmd;
}

function addDisplayFlags(cmd: Command): Command {
  cmd.optionsGroup('Display:');
  cmd.addOption(new Option('-o, --output <view>', `${VIEWS.join(', ')} (default: screen on a terminal, text otherwise)`));
  cmd.option('--interval <seconds>', `text/json: print a snapshot this often (default ${DEFAULT_SNAPSHOT_INTERVAL_S}); `
    + `screen: redraw this often (default and least ${MIN_SCREEN_INTERVAL_S})`);
  cmd.option('-n, --iterations <n>', 'text/json: exit 0 after n snapshots');
  cmd.option('--sort <order>', `${SORTS.join(', ')}: most recent activity, most flaps, highest rate, or by name`, 'recent');
  cmd.option('--filter <glob>', "only interfaces matching, e.g. 'ge-0/0/*' or 'ae*' (the / key changes it)");
  cmd.addOption(new Option('--color <when>', `${COLOR_MODES.join(', ')}; NO_COLOR and FORCE_COLOR are honoured`).default('auto'));
  cmd.option('--max-payload <bytes>', 'skip (and count) larger payloads; k/M suffixes allowed', '1M');
  cmd.option('--quiet', 'no status lines on stderr');
  return cmd;
}

export function resolveTopOptions(
  flags: Record<string, unknown>, ctx: CommandContext, sourceOf: ValueSource = () => undefined,
): TopOptions {
  const topics = compileTopicFilters(readTopicSelection(flags));
  const targets = resolveTargets(flags);
  const connection = resolveConnectionSettings(flags, ctx.env);
  checkTlsFlags(flags, targets, connection);
  const eventFilter = resolveEventFilter(flags);
  const view = resolveView(flags.output as string | undefined, ctx);
  return {
    // With --read off a terminal, one snapshot at the end of the input: -n and --interval do not apply.
    ...resolveReadAndJournal(flags, sourceOf, ctx),
    targets, connection, topics, eventFilter, ...resolveFleet(flags),
    view,
    intervalMs: resolveInterval(flags.interval as string | undefined, view) * 1000,
    iterations: flags.iterations === undefined ? undefined : positiveNumber('--iterations', String(flags.iterations), true, '1'),
    sort: oneOf('--sort', String(flags.sort ?? 'recent'), SORTS),
    filter: (flags.filter as string | undefined) ?? '',
    color: resolveColor(oneOf<ColorMode>('--color', String(flags.color ?? 'auto'), COLOR_MODES), view === 'screen', ctx.env),
    width: ctx.columns ?? DEFAULT_WIDTH,
    maxPayload: parseBytes('--max-payload', String(flags.maxPayload ?? '1M')),
    quiet: flags.quiet === true,
    metrics: resolveMetrics(flags),
  };
}

function resolveView(text: string | undefined, ctx: CommandContext): TopView {
  const view = text === undefined ? (ctx.terminal ? 'screen' : 'text') : oneOf('--output', text, VIEWS);
  if (view === 'screen' && !ctx.terminal) {
    throw usageError('--output screen', 'the live view needs a terminal on stdin and stdout', 'use -o text or -o json with --interval');
  }
  return view;
}

function resolveInterval(text: string | undefined, view: TopView): number {
  if (text === undefined) return view === 'screen' ? MIN_SCREEN_INTERVAL_S : DEFAULT_SNAPSHOT_INTERVAL_S;
  const seconds = positiveNumber('--interval', text, false, '2');
  if (seconds > MAX_INTERVAL_S) throw usageError(`--interval '${text}'`, `more than a day (${MAX_INTERVAL_S} s)`, 'e.g. --interval 60');
  return view === 'screen' ? Math.max(MIN_SCREEN_INTERVAL_S, seconds) : seconds;
}
