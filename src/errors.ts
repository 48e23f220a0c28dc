/**
 * Errors that carry their exit code. Only src/cli.ts turns them into a process exit;
 * everything else throws them (or returns an exit code).
 */

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  connection: 3,
  timeout: 4,
  invalid: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class JetsubError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** A bad flag or value: exit 2. The message names the flag and what would be accepted. */
export class UsageError extends JetsubError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** The broker could not be reached, refused us, or rejected every subscription: exit 3. */
export class ConnectionError extends JetsubError {
  constructor(message: string) {
    super(message, EXIT.connection);
  }
}

/** `--flag value: what is wrong; what is accepted`. */
export function usageError(flag: string, problem: string, accepted: string): UsageError {
  return new UsageError(`${flag}: ${problem}; ${accepted}`);
}
