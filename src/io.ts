/**
 * The process's streams as a command sees them: where data and status go, and where
 * SIGINT/SIGTERM/SIGHUP arrive. Given by src/cli.ts; tests pass their own.
 */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where SIGINT/SIGTERM/SIGHUP arrive (the process, in the CLI). */
  signals: NodeJS.EventEmitter;
}
