/**
 * A run's end, decided once: the first finish() sets the exit code (and the line reported
 * with it); `exit` resolves with it.
 */
import { EXIT, type ExitCode, JetsubError } from '../errors.js';
import type { Reporter } from '../sink/stderr.js';
import type { RunControl } from './types.js';

export interface Run extends RunControl {
  readonly exit: Promise<ExitCode>;
}

export function createRun(reporter: Reporter): Run {
  let finished = false;
  let resolveExit!: (code: ExitCode) => void;
  const exit = new Promise<ExitCode>((resolve) => (resolveExit = resolve));
  return {
    exit,
    finish(code, message) {
      if (finished) return;
      finished = true;
      if (message) reporter.report(message);
      resolveExit(code);
    },
    get finished() {
      return finished;
    },
    report: (line, device) => reporter.report(line, device),
    status: (line, device) => reporter.status(line, device),
  };
}

/** SIGINT, SIGTERM and SIGHUP (an ssh session that drops) end the run; returns the function that stops listening. */
export function listenForSignals(signals: NodeJS.EventEmitter, stop: () => void): () => void {
  signals.on('SIGINT', stop);
  signals.on('SIGTERM', stop);
  signals.on('SIGHUP', stop);
  return () => {
    signals.off('SIGINT', stop);
    signals.off('SIGTERM', stop);
    signals.off('SIGHUP', stop);
  };
}

/** A source that cannot start ends the run with the error's exit code. */
export function failRun(run: Pick<Run, 'finish'>, error: unknown): void {
  if (error instanceof JetsubError) run.finish(error.exitCode, error.message);
  else run.finish(EXIT.internal, `internal error: ${String(error)}`);
}
