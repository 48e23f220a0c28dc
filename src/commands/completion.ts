/**
 * `jetsub completion <bash|zsh|fish>` prints the script for a shell; the script calls back
 * into the hidden `jetsub __complete -- <words>` on every Tab, so commands, flags and the
 * profile's devices are always current.
 */
import { Argument, Command } from 'commander';
import { loadProfile, skipProfile } from '../config/index.js';
import { completeWords } from '../completion/complete.js';
import { FILES_DIRECTIVE, SCRIPTS, SHELLS, type Shell } from '../completion/scripts.js';
import { createValueLists } from '../completion/values.js';
import { loadSchemaFiles } from '../validate/files.js';
import type { CommandContext } from './context.js';
import { describeExitCodes } from './help.js';

const HELP = `
Examples:
  mkdir -p ~/.local/share/bash-completion/completions   # the directories are not there in a new home
  jetsub completion bash > ~/.local/share/bash-completion/completions/jetsub
  mkdir -p ~/.zfunc
  jetsub completion zsh > ~/.zfunc/_jetsub     # with fpath+=(~/.zfunc) before compinit in ~/.zshrc
  mkdir -p ~/.config/fish/completions
  jetsub completion fish > ~/.config/fish/completions/jetsub.fish
  source <(jetsub completion bash)            # this shell only

Completes commands, flags, formats, kinds, families, actions, severities, and the devices
of your profile (~/.config/jetsub/config.json) after --host.
`;

export function createCompletionCommand(ctx: CommandContext): Command {
  return skipProfile(new Command('completion'))
    .summary('print a shell completion script (bash, zsh, fish)')
    .description('Print the completion script for a shell. It asks jetsub for the candidates on every Tab, '
      + 'so new devices in your profile complete without reinstalling it.')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText('after', HELP + describeExitCodes('completion'))
    .action((shell: Shell) => {
      ctx.io.stdout.write(SCRIPTS[shell]);
    });
}

/** The callback of the scripts: candidates for the words after `--`, one per line. Never fails loudly. */
export function createCompleteCommand(ctx: CommandContext): Command {
  return skipProfile(new Command('__complete'))
    .description('print completion candidates for the words after -- (used by the completion scripts)')
    .argument('[words...]')
    .action((words: string[], _flags: unknown, cmd: Command) => {
      const lists = createValueLists({
        devices: () => listDevices(ctx.env),
        schemas: () => quietly(() => loadSchemaFiles().map((file) => file.name)),
      });
      const completion = completeWords(cmd.parent!, words.length === 0 ? [''] : words, lists);
      ctx.io.stdout.write(completion.kind === 'files'
        ? `${FILES_DIRECTIVE}\n`
        : completion.candidates.map((c) => `${c.value}\t${c.description ?? ''}\n`).join(''));
    });
}

function listDevices(env: NodeJS.ProcessEnv) {
  return quietly(() => [...(loadProfile(env)?.devices.values() ?? [])].map((d) => ({ value: d.name, description: d.host })));
}

/** A profile or schema directory that cannot be read offers nothing rather than an error mid-line. */
function quietly<T>(read: () => T[]): T[] {
  try {
    return read();
  } catch {
    return [];
  }
}
