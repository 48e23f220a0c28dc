/**
 * What a flag's or an argument's value can be, for completion, from the single sources:
 * the topic catalogue, the renderers, the validation modes, the profile's devices. A value
 * list declared with commander's `.choices()` needs no entry here: it is used as it is.
 */
import type { Argument, Command, Option } from 'commander';
import { COLOR_MODES, OUTPUT_FORMATS } from '../render/index.js';
import { ACTIONS, FAMILIES, SEVERITIES } from '../topics/catalog.js';
import { VALIDATE_MODES } from '../validate/modes.js';

export interface Candidate {
  value: string;
  description?: string;
}

export interface ValueList {
  candidates(): readonly Candidate[];
  /** A comma-separated list (`--action add,change`): complete the part after the last comma. */
  commaList?: boolean;
}

/** Where values come from that only the running jetsub knows (the profile of this user). */
export interface DynamicValues {
  devices(): readonly Candidate[];
  schemas(): readonly string[];
}

const fixed = (values: readonly string[]): ValueList => ({ candidates: () => values.map((value) => ({ value })) });

/**
 * Keys: `<command> --flag` for a flag whose values differ between commands (`-o`), `--flag`
 * for one that means the same everywhere, `<command> <argument>` for a positional argument.
 */
export function createValueLists(dynamic: DynamicValues): Record<string, ValueList> {
  return {
    '--family': fixed(FAMILIES),
    '--action': { ...fixed(ACTIONS), commaList: true },
    '--severity': fixed(SEVERITIES),
    '--validate': fixed(VALIDATE_MODES),
    '--color': fixed(COLOR_MODES),
    // The canonical spellings; the aliases (311, mqttv5, ...) are accepted but not offered.
    '--protocol-version': fixed(['3.1.1', '5']),
    '--qos': fixed(['0', '1', '2']),
    '--host': { candidates: dynamic.devices },
    'tail --output': fixed(OUTPUT_FORMATS),
    'schema <name>': { candidates: () => dynamic.schemas().map((value) => ({ value })) },
  };
}

export function findOptionValues(lists: Record<string, ValueList>, cmd: Command, option: Option): ValueList | undefined {
  if (option.argChoices) return fixed(option.argChoices);
  const flag = option.long ?? option.short ?? '';
  return lists[`${cmd.name()} ${flag}`] ?? lists[flag];
}

export function findArgumentValues(lists: Record<string, ValueList>, cmd: Command, argument: Argument): ValueList | undefined {
  if (argument.argChoices) return fixed(argument.argChoices);
  return lists[`${cmd.name()} <${argument.name()}>`];
}

/** Flags and arguments whose value is a path: the shell completes file names for them. */
export function isPathValue(text: string): boolean {
  return /\b(file|dir|directory|path)\b/.test(text);
}
