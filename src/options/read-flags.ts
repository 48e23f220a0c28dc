/**
 * --read with --since/--until (tail, top), and the journal's flags (tail): declarations, and
 * their values checked before anything is read or opened (docs/read.md, docs/journal.md).
 */
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { usageError } from '../errors.js';
import type { JournalKeep } from '../pipeline/outputs/journal-files.js';
import type { JournalSettings } from '../pipeline/outputs/journal.js';
import { listReadInputs } from '../pipeline/sources/files.js';
import type { ReadSettings } from '../pipeline/sources/read.js';
import { collect } from './collect.js';
import { addConnectionFlags } from './connection-flags.js';
import { addReliabilityFlags } from './reliability-flags.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^(?:\d+[smhdw])+$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const SIZE = /^(\d+)(k|K|M|G)(?:i?B)?$/;
const SIZE_BYTES: Record<string, number> = { k: 1024, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
const DEFAULT_FILE_SIZE = '64M';

export function addReadFlags(cmd: Command): Command {
  cmd.optionsGroup('Reading captures and journals (no broker; docs/read.md):');
  cmd.option('--read <file|dir|glob|->', 'read records from a capture, a journal directory, a quoted glob, .gz too, or - for stdin'
    + ' (repeatable)', collect);
  cmd.option('--since <time>', 'with --read: records received at or after, ISO 8601 (UTC unless a zone is given) or 2h, 30m, 1d ago');
  cmd.option('--until <time>', 'with --read: records received before this time (same forms as --since)');
  return cmd;
}

export function addJournalFlags(cmd: Command): Command {
  cmd.optionsGroup('Journal (docs/journal.md):');
  cmd.option('--journal <dir>', 'also write every record, as -o ndjson does, into rotating files in dir (one writer per dir)');
  cmd.addOption(new Option('--journal-file-size <bytes>', 'start a new file before one passes this size; k, M, G suffixes')
    .default(DEFAULT_FILE_SIZE));
  cmd.option('--journal-keep <age|size>',
    'remove the oldest closed files beyond an age (7d, 12h) or a total size (500M, 2G), or both: 7d,500M');
  return cmd;
}

/** `2026-12-02T02:00:00Z`, `2026-12-02` (UTC), `2026-12-02T03:00+01:00`, or `2h`, `1h30m`, `1d` before `now`. */
export function parseTimeBound(flag: string, text: string, now: number): number {
  if (RELATIVE.test(text)) {
    let ms = 0;
    for (const [, n, unit] of text.matchAll(/(\d+)([smhdw])/g)) ms += Number(n) * UNIT_MS[unit!]!;
    return now - ms;
  }
  const m = ISO.exec(text);
  if (m !== null) {
    const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = m;
    const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second),
      Math.floor(Number(`0${fraction || '.0'}`) * 1000));
    const check = new Date(utc);
    if (check.getUTCMonth() === Number(month) - 1 && check.getUTCDate() === Number(day) && Number(hour) < 24
      && Number(minute) < 60 && Number(second) < 60) {
      return utc - zoneOffsetMs(zone);
    }
  }
  const fix = `e.g. ${flag} 2026-12-02T02:00:00Z, ${flag} 2026-12-02, or ${flag} 2h (two hours ago)`;
  throw usageError(`${flag} '${text}'`, 'not a time', fix);
}

function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return (zone[0] === '-' ? -1 : 1) * minutes * 60_000;
}

/** `7d`, `12h`, `30m` (minutes) → an age; `500M`, `2G`, `100k` → a total size; `7d,500M` → both. */
export function parseJournalKeep(text: string): JournalKeep {
  const keep: JournalKeep = {};
  for (const part of text.split(',')) {
    const size = SIZE.exec(part);
    const age = RELATIVE.test(part) ? -parseTimeBound('--journal-keep', part, 0) : 0;
    if (size !== null && Number(size[1]) > 0) keep.maxBytes = Number(size[1]) * SIZE_BYTES[size[2]!]!;
    else if (age > 0) keep.maxAgeMs = age;
    else {
      throw usageError(`--journal-keep '${text}'`, `'${part}' is neither an age nor a size (m is minutes, M megabytes)`,
        'e.g. --journal-keep 7d, --journal-keep 500M, or --journal-keep 7d,500M');
    }
  }
  return keep;
}

function parseFileSize(text: string): number {
  const size = SIZE.exec(text);
  const bytes = /^\d+$/.test(text) ? Number(text) : size === null ? 0 : Number(size[1]) * SIZE_BYTES[size[2]!]!;
  if (bytes < 1) throw usageError(`--journal-file-size '${text}'`, 'not a size in bytes', 'e.g. --journal-file-size 64M');
  return bytes;
}

/** The journal's settings; a journal written into a directory that --read reads is refused (it would gzip what is being read). */
function resolveJournal(flags: Record<string, unknown>, read?: ReadSettings): JournalSettings | undefined {
  const dir = flags.journal as string | undefined;
  if (dir === undefined) {
    if (flags.journalKeep !== undefined) throw usageError('--journal-keep', 'applies to a journal', 'add --journal <dir>');
    return undefined;
  }
  if (read?.inputs.some((input) => input.path !== undefined && resolve(dirname(input.path)) === resolve(dir))) {
    throw usageError(`--journal '${dir}'`, '--read reads this directory', 'write the journal into another directory');
  }
  const keep = flags.journalKeep === undefined ? undefined : parseJournalKeep(String(flags.journalKeep));
  return { dir, fileBytes: parseFileSize(String(flags.journalFileSize ?? DEFAULT_FILE_SIZE)), ...(keep === undefined ? {} : { keep }) };
}

/** Where a flag's value came from, as commander says: 'cli', 'env', 'config' (the profile), 'default'. */
export type ValueSource = (key: string) => string | undefined;

/**
 * --read's inputs, listed and checked, and the time window. A connection flag on the command
 * line is a usage error with --read (no broker is used); from the environment or a profile,
 * it is ignored.
 */
function resolveRead(
  flags: Record<string, unknown>, sourceOf: ValueSource, stdin: NodeJS.ReadableStream | undefined, now: number,
): ReadSettings | undefined {
  const args = flags.read as string[] | undefined;
  if (args === undefined) {
    const bound = flags.since !== undefined ? '--since' : flags.until !== undefined ? '--until' : undefined;
    if (bound !== undefined) throw usageError(bound, 'filters what --read reads (a broker has no past)', 'add --read <file|dir>');
    return undefined;
  }
  const conflict = listConnectionFlags().find(({ key }) => sourceOf(key) === 'cli');
  if (conflict !== undefined) {
    const { flag } = conflict;
    throw usageError(`${flag} with --read`, '--read reads files and connects to no broker', `drop ${flag}, or drop --read`);
  }
  const since = flags.since === undefined ? undefined : parseTimeBound('--since', String(flags.since), now);
  const until = flags.until === undefined ? undefined : parseTimeBound('--until', String(flags.until), now);
  if (since !== undefined && until !== undefined && since >= until) {
    const given = `--since ${String(flags.since)} --until ${String(flags.until)}`;
    throw usageError(given, 'the window is empty', 'give a --since before the --until');
  }
  return { inputs: listReadInputs(args), since, until, stdin };
}

/** The connection and reliability flags that need a broker (--topic-prefix and --dedupe also apply to what is read). */
function listConnectionFlags(): { key: string; flag: string }[] {
  const probe = addReliabilityFlags(addConnectionFlags(new Command()));
  return probe.options
    .map((option) => ({ key: option.attributeName(), flag: option.long ?? option.flags }))
    .filter(({ key }) => key !== 'topicPrefix' && key !== 'dedupe');
}

/** --read (with --since/--until) and --journal, for tail and top. */
export function resolveReadAndJournal(
  flags: Record<string, unknown>, sourceOf: ValueSource, ctx: { stdin?: NodeJS.ReadableStream },
): { read?: ReadSettings; journal?: JournalSettings } {
  const read = resolveRead(flags, sourceOf, ctx.stdin, Date.now());
  return { read, journal: resolveJournal(flags, read) };
}
