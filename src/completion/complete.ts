/**
 * Shell completion, computed by jetsub itself: the words typed so far (the last one being
 * completed) → candidates. Commands and flags come from walking the commander program, so a
 * new command or flag completes without reinstalling the shell script; values come from
 * ./values.ts. Pure.
 */
import type { Command, Option } from 'commander';
import { type Candidate, type ValueList, findArgumentValues, findOptionValues, isPathValue } from './values.js';

export type Completion = { kind: 'words'; candidates: Candidate[] } | { kind: 'files' };

const HELP: Candidate = { value: '--help', description: 'show help' };

interface Position {
  cmd: Command;
  /** The flag whose value is being typed, if any. */
  option?: Option;
  /** Positional arguments already given to `cmd`. */
  operands: number;
  /** After `--`: every word is an argument. */
  literal?: boolean;
}

/** `words`: what follows `jetsub` on the command line, up to and including the word being completed. */
export function completeWords(program: Command, words: readonly string[], lists: Record<string, ValueList>): Completion {
  const current = words.at(-1) ?? '';
  const position = locate(program, words.slice(0, -1));
  const { cmd, option } = position;
  const assigned = /^(--[^=]+)=(.*)$/.exec(current);
  if (assigned) {
    const flag = findOption(cmd, assigned[1]!);
    return flag ? completeValue(cmd, flag, assigned[2]!, lists, `${assigned[1]}=`) : none();
  }
  if (option && !(option.optional && current.startsWith('-'))) return completeValue(cmd, option, current, lists, '');
  if (current.startsWith('-') && !position.literal) return matching(listFlags(cmd), current);
  const subcommands = position.operands === 0 ? listSubcommands(cmd) : [];
  if (subcommands.length > 0) return matching(subcommands, current);
  const argument = cmd.registeredArguments[position.operands];
  if (!argument) return none();
  const values = findArgumentValues(lists, cmd, argument);
  if (values) return matching([...values.candidates()], current);
  return isPathValue(argument.name()) ? { kind: 'files' } : none();
}

/** Walks the words before the one being completed: which command, and whether a flag awaits its value. */
function locate(program: Command, before: readonly string[]): Position {
  let position: Position = { cmd: program, operands: 0 };
  for (const word of before) {
    const { cmd, option, operands, literal } = position;
    if (option && (option.required || !word.startsWith('-'))) {
      // bash splits `--output=json` into `--output`, `=`, `json`: the `=` keeps the flag waiting.
      position = word === '=' ? position : { cmd, operands };
    } else if (!literal && word === '--') {
      position = { cmd, operands, literal: true };
    } else if (!literal && /^-./.test(word)) {
      const flag = word.includes('=') ? undefined : findOption(cmd, word);
      position = { cmd, operands, option: flag && (flag.required || flag.optional) ? flag : undefined };
    } else {
      const sub = operands === 0 && !literal ? cmd.commands.find((c) => c.name() === word || c.aliases().includes(word)) : undefined;
      position = sub ? { cmd: sub, operands: 0 } : { cmd, operands: operands + 1, literal };
    }
  }
  return position;
}

function completeValue(cmd: Command, option: Option, typed: string, lists: Record<string, ValueList>, prefix: string): Completion {
  const values = findOptionValues(lists, cmd, option);
  if (!values) return isPathValue(option.flags) ? { kind: 'files' } : none();
  const comma = values.commaList ? typed.lastIndexOf(',') + 1 : 0;
  const head = typed.slice(0, comma);
  const given = new Set(head.split(',').filter((part) => part !== ''));
  const candidates = values.candidates()
    .filter((c) => !given.has(c.value))
    .map((c) => ({ ...c, value: `${prefix}${head}${c.value}` }));
  return matching(candidates, `${prefix}${typed}`);
}

function listFlags(cmd: Command): Candidate[] {
  const flags = cmd.options
    .filter((option) => !option.hidden && option.long !== undefined)
    .map((option) => ({ value: option.long!, description: firstClause(option.description) }));
  return [...flags, HELP];
}

function listSubcommands(cmd: Command): Candidate[] {
  return cmd.commands
    .filter((sub) => !(sub as unknown as { _hidden?: boolean })._hidden)
    .map((sub) => ({ value: sub.name(), description: sub.summary() || firstClause(sub.description()) }));
}

function findOption(cmd: Command, flag: string): Option | undefined {
  return cmd.options.find((option) => option.long === flag || option.short === flag);
}

function matching(candidates: readonly Candidate[], typed: string): Completion {
  return { kind: 'words', candidates: candidates.filter((c) => c.value.startsWith(typed)) };
}

function none(): Completion {
  return { kind: 'words', candidates: [] };
}

/** Descriptions are shown beside candidates (zsh, fish): the part before the first `;` or `(`. */
function firstClause(text: string): string {
  return text.split(/\s*[;(]/)[0]!.trim();
}
