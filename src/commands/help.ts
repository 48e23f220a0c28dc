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
