/**
 * What `--read` names → the inputs to read, in order: `-` (standard input), a file, a
 * directory (a journal: its files by name, which is by time), or a `*`/`?` glob (the
 * matches by name). Checked at start-up: a name that is not there is a usage error (exit 2)
 * before anything is read. Journal naming and order: ../outputs/journal-files.ts.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { usageError } from '../../errors.js';
import { compileGlob, hasGlob } from '../../topics/glob.js';
import { isJournalLeftover, journalOrderKey } from '../outputs/journal-files.js';

export interface ReadInput {
  /** How it is named on stderr (`capture.ndjson`, `journal/20261202T020000.000Z.ndjson.gz`, `stdin`). */
  name: string;
  /** undefined: standard input. */
  path?: string;
  /** What records without a `device` of their own are said to come from: the file's base name, or `stdin`. */
  device: string;
}

const STDIN: ReadInput = { name: 'stdin', device: 'stdin' };

export function listReadInputs(args: readonly string[]): ReadInput[] {
  const inputs: ReadInput[] = [];
  for (const arg of args) {
    if (arg === '-') {
      if (inputs.includes(STDIN)) throw usageError('--read - twice', 'standard input can be read once', 'give - once');
      inputs.push(STDIN);
    } else {
      inputs.push(...listArg(arg).map((path) => ({ name: path, path, device: basename(path) })));
    }
  }
  return inputs;
}

function listArg(arg: string): string[] {
  const stat = statOrNull(arg);
  if (stat?.isDirectory()) return listDirectory(arg);
  if (stat !== null) return [arg];
  if (!hasGlob(arg)) {
    const fix = 'give a capture file, a journal directory, a glob, or - for standard input';
    throw usageError(`--read '${arg}'`, 'no such file or directory', fix);
  }
  const matches = expandGlob(arg).filter((path) => statOrNull(path)?.isFile() === true);
  if (matches.length === 0) {
    throw usageError(`--read '${arg}'`, 'the glob matches no file', "check the pattern, e.g. --read 'captures/*.ndjson.gz'");
  }
  return matches;
}

/** A directory's files as a journal's: by name (which is by time), hidden files and leftovers skipped, `X.gz` over `X`. */
export function listDirectory(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw usageError(`--read '${dir}'`, `cannot list it (${code})`, 'give a readable directory');
  }
  const files = names.filter((name) => !name.startsWith('.') && !isJournalLeftover(name) && statOrNull(join(dir, name))?.isFile());
  const chosen = files.filter((name) => !(!name.endsWith('.gz') && files.includes(`${name}.gz`)));
  return sortByKey(chosen, journalOrderKey).map((name) => join(dir, name));
}

/** `*` and `?` within one path level; levels without a glob are taken as they are. */
function expandGlob(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const levels = pattern.split('/').filter((level, i) => level !== '' || i === 0);
  let paths = [absolute ? '/' : ''];
  for (const level of absolute ? levels.slice(1) : levels) {
    if (!hasGlob(level)) {
      paths = paths.map((p) => (p === '' ? level : join(p, level)));
      continue;
    }
    const glob = compileGlob(level, false);
    paths = paths.flatMap((dir) => {
      const names = readNames(dir === '' ? '.' : dir).filter((name) => glob.test(name) && (!name.startsWith('.') || level.startsWith('.')));
      return sortByKey(names, (name) => name).map((name) => (dir === '' ? name : join(dir, name)));
    });
  }
  return paths;
}

function readNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function sortByKey<T>(items: T[], key: (item: T) => string): T[] {
  return items.map((item) => [key(item), item] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
}
