/** Help text shared by commands: the spec of the exit codes, reviewed like code. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  done: --count reached, interrupted (Ctrl-C, SIGTERM), or stdout closed (| head)
  1  internal error (a bug: please report it)
  2  usage: a bad flag or value (the message names it and what is accepted)
  3  connection: the broker cannot be reached, refused us, or rejected every subscription
  4  timeout: -W ran out before --count was met (or, without --count, with no event)
  5  invalid event under --validate strict
`;

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
