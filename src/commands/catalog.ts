/**
 * Every command, by name, in the order help lists them, with the module that declares it.
 * src/cli.ts declares in full only the commands an invocation needs (selectCommands): the
 * modules are imported on demand, so `jetsub tail` never evaluates top's, simulate's or
 * completion's modules and what they import, and `jetsub --version` none of them. In the
 * single-file build esbuild turns each import() into a part of the bundle initialised on first
 * use (BENCHMARKS.md: start-up).
 */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';

type CreateCommand = (ctx: CommandContext) => Command;

const COMMANDS = {
  tail: async () => (await import('./tail.js')).createTailCommand,
  topics: async () => (await import('./topics.js')).createTopicsCommand,
  simulate: async () => (await import('./simulate.js')).createSimulateCommand,
  validate: async () => (await import('./validate.js')).createValidateCommand,
  schema: async () => (await import('./schema.js')).createSchemaCommand,
  replay: async () => (await import('./replay.js')).createReplayCommand,
  demo: async () => (await import('./demo.js')).createDemoCommand,
  doctor: async () => (await import('./doctor.js')).createDoctorCommand,
  top: async () => (await import('./top.js')).createTopCommand,
  serve: async () => (await import('./serve.js')).createServeCommand,
  completion: async () => (await import('./completion.js')).createCompletionCommand,
  __complete: async () => (await import('./completion.js')).createCompleteCommand,
} satisfies Record<string, () => Promise<CreateCommand>>;

export type CommandName = keyof typeof COMMANDS;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** Called back by the shell completion scripts; not listed in help. */
export const HIDDEN_COMMANDS: readonly CommandName[] = ['__complete'];

export function isCommandName(word: string): word is CommandName {
  return Object.hasOwn(COMMANDS, word);
}

/** Imports the modules of `names` and declares those commands. */
export async function createCommands(names: readonly CommandName[], ctx: CommandContext): Promise<Command[]> {
  const creators = await Promise.all(names.map((name) => COMMANDS[name]()));
  return creators.map((create) => create(ctx));
}

/**
 * The commands that `argv` (after `jetsub`) needs declared: the one it names, also after
 * `help`; every one when it names none that exists (help lists them all, a mistyped name gets
 * suggestions) or asks for completions (the candidates come from the whole tree); none when it
 * gives only program options (`--version`, or one commander refuses).
 */
export function selectCommands(argv: readonly string[]): CommandName[] {
  const words = argv[0] === 'help' ? argv.slice(1) : argv;
  const named = words.find((word) => !word.startsWith('-'));
  if (named === undefined) {
    const asksForHelp = argv.length === 0 || argv[0] === 'help' || argv.some((word) => word === '-h' || word === '--help');
    return asksForHelp ? COMMAND_NAMES : [];
  }
  if (named === '__complete' || !isCommandName(named)) return COMMAND_NAMES;
  return [named];
}
