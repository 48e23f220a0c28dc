/**
 * --exec and its bounds: declarations, and their values checked before any socket opens (the
 * command line split into argv, the command found, the numbers in range). docs/exec.md.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { CommandLineError, parseCommandLine } from '../pipeline/outputs/argv.js';
import type { ExecSettings } from '../pipeline/outputs/exec.js';
import { stripJetsubEnv } from '../pipeline/outputs/record-env.js';

const DEFAULT_QUEUE = 1000;
const DEFAULT_TIMEOUT = '30s';
const MAX_CONCURRENCY = 256;
const MAX_QUEUE = 1_000_000;
const EXAMPLE = `--exec 'sh -c "cat >> events.ndjson"'`;

export function addExecFlags(cmd: Command): Command {
  cmd.optionsGroup('Run a command per record (docs/exec.md):');
  cmd.option('--exec <command>', 'run it for each record (split like a shell, run without one): the record as NDJSON on its stdin '
    + 'and in JETSUB_* variables');
  cmd.option('--exec-concurrency <n>', 'at most n commands at once (default: 1, one after another in order)');
  cmd.option('--exec-queue <n>', `records waiting for a command; beyond, dropped for --exec only (default: ${DEFAULT_QUEUE})`);
  const timeout = `kill a command's process group after this long, e.g. 500ms, 30s, 2m (default: ${DEFAULT_TIMEOUT})`;
  cmd.option('--exec-timeout <duration>', timeout);
  return cmd;
}

export function resolveExec(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): ExecSettings | undefined {
  const text = flags.exec as string | undefined;
  if (text === undefined) {
    for (const flag of ['execConcurrency', 'execQueue', 'execTimeout'] as const) {
      if (flags[flag] !== undefined) throw usageError(`--${kebab(flag)}`, 'bounds --exec', `add --exec <command>, e.g. ${EXAMPLE}`);
    }
    return undefined;
  }
  const argv = splitCommand(text);
  checkFound(argv[0]!, text, env);
  return {
    argv,
    concurrency: parseWhole('--exec-concurrency', flags.execConcurrency, 1, 1, MAX_CONCURRENCY),
    queue: parseWhole('--exec-queue', flags.execQueue, DEFAULT_QUEUE, 0, MAX_QUEUE),
    timeoutMs: parseDuration('--exec-timeout', String(flags.execTimeout ?? DEFAULT_TIMEOUT)),
    env: stripJetsubEnv(env),
  };
}

function splitCommand(text: string): string[] {
  try {
    return parseCommandLine(text).argv;
  } catch (error) {
    if (!(error instanceof CommandLineError)) throw error;
    throw usageError(`--exec '${shown(text)}'`, error.message, `quote as a shell would, e.g. ${EXAMPLE} (docs/exec.md)`);
  }
}

/** The shell's own operators, written unquoted, reach the command as arguments: worth a word on stderr. */
export function describeExecWarnings(flags: Record<string, unknown>): string[] {
  const text = flags.exec as string | undefined;
  if (text === undefined) return [];
  const { operators } = parseCommandLine(text);
  if (operators.length === 0) return [];
  return [`--exec runs no shell: ${operators.map((o) => `'${shown(o)}'`).join(', ')} reach the command as arguments; `
    + `for a pipe or a redirection, run a shell yourself, e.g. ${EXAMPLE}`];
}

/**
 * The command must be there at the start: a path to an executable file, or a name found on
 * PATH (an empty entry is the current directory).
 */
function checkFound(command: string, text: string, env: NodeJS.ProcessEnv): void {
  if (command.includes('/')) {
    const path = resolve(command);
    if (!isExecutableFile(path)) {
      throw usageError(`--exec '${shown(text)}'`, `${shown(command)} is not an executable file`, 'check the path and its x permission');
    }
    return;
  }
  const dirs = (env.PATH ?? '').split(delimiter).map((dir) => resolve(dir));
  if (!dirs.some((dir) => isExecutableFile(join(dir, command)))) {
    const fix = 'give its full path, or check its spelling and PATH';
    throw usageError(`--exec '${shown(text)}'`, `${shown(command)} is not found on PATH`, fix);
  }
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function parseWhole(flag: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const text = String(value);
  if (!/^\d{1,7}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw usageError(`${flag} '${shown(text)}'`, `not a whole number from ${min} to ${max}`, `e.g. ${flag} ${Math.max(min, 4)}`);
  }
  return Number(text);
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `30s`, `2m`, `1h`, or a number of seconds. */
function parseDuration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  const ms = match ? Number(match[1]) * UNITS[match[2] ?? 's']! : NaN;
  if (!(ms >= 1 && ms <= 24 * 3_600_000)) {
    throw usageError(`${flag} '${shown(text)}'`, 'not a duration from 1ms to 24h', `e.g. ${flag} 30s (or 500ms, 2m, 1h)`);
  }
  return Math.round(ms);
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function shown(text: string): string {
  const cut = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
