/** Help text shared by commands: the spec of the exit codes, reviewed like code. */
const INTERNAL = '1  internal error (a bug: please report it)';
const USAGE = '2  usage: a bad flag or value (the message names it and what is accepted)';
const CONNECTION = '3  connection: the broker cannot be reached, refused us, or rejected every subscription';

/** The codes each command can return, and what each means there; `jetsub --help` shows tail's. */
const EXIT_CODES = {
  tail: [
    '0  done: --count reached, interrupted (Ctrl-C, SIGTERM, SIGHUP), stdout closed (| head), or the end of --read\'s input',
    INTERNAL, '2  usage: a bad flag or value, a --metrics address that cannot be listened on, or a --journal another jetsub holds',
    CONNECTION,
    '4  timeout: -W ran out (or --read\'s input ended) before --count was met (or, without --count, with no event)',
    '5  invalid event under --validate strict',
  ],
  demo: [
    '0  done: --count reached, interrupted (Ctrl-C, SIGTERM), or stdout closed (| head)', INTERNAL,
    '2  usage: a bad flag or value, or the --listen port is in use',
    '4  timeout: -W ran out before --count was met (or, without --count, with no event)',
    '5  invalid event under --validate strict',
  ],
  top: ['0  done: q, Ctrl-C, SIGTERM, -n snapshots printed, stdout closed (| head), or --read\'s snapshot printed', INTERNAL,
    USAGE, CONNECTION],
  serve: ['0  interrupted (Ctrl-C, SIGTERM, SIGHUP)', INTERNAL,
    '2  usage: a bad flag or value, or the --metrics address cannot be listened on (in use, not this machine\'s)', CONNECTION,
    '5  invalid event under --validate strict'],
  doctor: ['0  every check passed', INTERNAL, USAGE, '3  a check failed'],
  replay: ['0  every line read (messages sent, lines that hold none reported), or interrupted', INTERNAL,
    '2  usage: a bad flag, or the file cannot be read', CONNECTION],
  simulate: ['0  done: --count or --duration reached, or interrupted (Ctrl-C, SIGTERM)', INTERNAL, USAGE, CONNECTION],
  validate: ['0  every message is valid', INTERNAL, '2  the file cannot be read, no file on a terminal, or a bad flag',
    '5  at least one line is invalid or holds no message'],
  schema: ['0  printed', INTERNAL, '2  usage: an unknown schema name or a bad flag'],
  topics: ['0  printed', INTERNAL, USAGE],
  completion: ['0  printed', INTERNAL, '2  usage: an unknown shell or a bad flag'],
} as const;

/** The "Exit codes:" section of a command's help. */
export function describeExitCodes(command: keyof typeof EXIT_CODES): string {
  return `\nExit codes:\n${EXIT_CODES[command].map((line) => `  ${line}\n`).join('')}`;
}

export const EXIT_CODES_HELP = describeExitCodes('tail');

/**
 * `-h` is help; mosquitto_sub's `-h` is the broker, so `jetsub tail -h mx1 -C 1 && page` would
 * show help, exit 0 and page at once. `-h` followed by a value (or with one attached, `-hmx1`),
 * anywhere before `--`, is refused instead. A command name after a leading `-h` is help for it.
 */
export function findHelpWithValue(argv: readonly string[], isCommand: (word: string) => boolean): boolean {
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  return argv.slice(0, end).some((word, i) => {
    if (/^-h./.test(word) && !word.startsWith('--')) return true;
    const next = argv[i + 1];
    if (word !== '-h' || next === undefined || i + 1 >= end || next.startsWith('-')) return false;
    return !(i === 0 && (isCommand(next) || next === 'help'));
  });
}

export const HELP_WITH_VALUE = "-h is help; the broker is -H (mosquitto_sub's -h): e.g. -H 192.0.2.1";
