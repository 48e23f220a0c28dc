/**
 * The jetsub program: builds the commander tree, runs it, and maps every error to an exit
 * code. `run()` below is the only place the process exits.
 */
import { isatty } from 'node:tty';
import { Command, CommanderError, Help, type Option } from 'commander';
import { COMMAND_NAMES, HIDDEN_COMMANDS, type CommandName, createCommands, isCommandName, selectCommands } from './commands/catalog.js';
import type { CommandContext } from './commands/context.js';
import { EXIT_CODES_HELP, HELP_WITH_VALUE, findHelpWithValue } from './commands/help.js';
import { applyProfileTo, describeValueOrigin } from './config/index.js';
import { EXIT, JetsubError, UsageError } from './errors.js';
import { readHiddenLine } from './options/password-prompt.js';
import { readVersion } from './version.js';

/**
 * The program with the commands in `names` declared (all of them by default): main() asks
 * only for those its arguments need (selectCommands), so a run evaluates no other command's
 * module.
 */
export async function createProgram(ctx: CommandContext, names: readonly CommandName[] = COMMAND_NAMES): Promise<Command> {
  const program = new Command('jetsub')
    .description('Tail Junos JET notifications (interface, route, firewall, syslog and commit events) from a router\'s MQTT broker.')
    .version(readVersion(), '--version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addHelpText('after', `\nStart with:\n  jetsub tail --help\n${EXIT_CODES_HELP}`);
  const commands = await createCommands(names, ctx);
  commands.forEach((cmd, i) => program.addCommand(cmd, { hidden: HIDDEN_COMMANDS.includes(names[i]!) }));
  configure(program, ctx);
  // The profile (~/.config/jetsub/config.json) fills in what neither the flags nor the environment set.
  program.hook('preAction', (_program, action) => applyProfileTo(action, ctx.env));
  return program;
}

/** Usage errors from commander itself become one line on stderr and exit 2, like ours. */
function configure(cmd: Command, ctx: CommandContext): void {
  cmd.exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({
      // Name flags take an optional value; the preset that marks "no value" is not for users.
      optionDescription: (option: Option) => new Help().optionDescription(option).replace(' (preset: "")', ''),
    })
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      outputError: (text, write) => {
        const message = text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim().replace(/\.$/, '');
        write(`jetsub: ${message}; see 'jetsub ${cmd.name() === 'jetsub' ? '' : `${cmd.name()} `}--help'\n`);
      },
    });
  for (const sub of cmd.commands) configure(sub, ctx);
}

export async function main(argv: readonly string[], ctx: Omit<CommandContext, 'setExitCode'>): Promise<number> {
  let code: number = EXIT.ok;
  // ctx itself underneath (not a copy): its getters stay lazy.
  const full: CommandContext = Object.create(ctx, { setExitCode: { value: (c: number) => (code = c) } });
  const program = await createProgram(full, selectCommands(argv));
  let active: Command = program;
  program.hook('preAction', (_program, action) => {
    active = action;
  });
  try {
    if (findHelpWithValue(argv, isCommandName)) throw new UsageError(HELP_WITH_VALUE);
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.ok;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof JetsubError) {
      const origin = error instanceof UsageError ? describeValueOrigin(active, error.flag, ctx.env) : '';
      ctx.io.stderr.write(`jetsub: ${error.message}${origin}\n`);
      return error.exitCode;
    }
    ctx.io.stderr.write(`jetsub: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.internal;
  }
}

/** The process entry: the only place jetsub exits. */
export async function run(): Promise<never> {
  // Standard input is read only when asked for: creating process.stdin costs 1.5-2.5 ms of
  // every start-up, and only replay, validate, top's screen and the password prompt use it.
  const ctx: Omit<CommandContext, 'setExitCode'> = {
    io: { stdout: process.stdout, stderr: process.stderr, signals: process },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    // Asked of file descriptor 0 itself: process.stdin is created only when it is read.
    get stdinIsTTY() {
      return isatty(0);
    },
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    get terminal() {
      return process.stdin.isTTY && process.stdout.isTTY ? { input: process.stdin, output: process.stdout } : undefined;
    },
    get readPassword() {
      return process.stdin.isTTY && process.stderr.isTTY
        ? (prompt: string) => readHiddenLine(process.stdin, process.stderr, prompt)
        : undefined;
    },
  };
  // A reader that went away (| head -1) is not an error; the stdout sink handles it too.
  process.stdout.on('error', () => undefined);
  const code = await main(process.argv.slice(2), ctx);
  process.stdout.write('', () => process.exit(code));
  return new Promise<never>(() => undefined);
}
