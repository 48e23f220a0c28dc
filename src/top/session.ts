/**
 * One run of `jetsub top`: arrivals queue up, `fold()` applies them to the state with the
 * clock read there (the only clock read), and `finish()` settles the exit code once.
 */
import type { ExitCode } from '../errors.js';
import { applyInputs, createTopState, type TopInput, type TopState } from './state.js';

export interface TopSession {
  push(input: TopInput): void;
  /** Applies what arrived since the last fold, moves the clock to now, returns the state. */
  fold(): TopState;
  /** The first call decides the exit code; `message` is reported once the terminal is restored. */
  finish(code: ExitCode, message?: string): void;
  readonly exit: Promise<ExitCode>;
  readonly finalMessage: string | undefined;
  /** Set while the screen is up: stderr lines would tear it, so they are held back. */
  screenUp: boolean;
}

export function createSession(devices: readonly string[], clock: () => number = Date.now): TopSession {
  let state = createTopState(clock(), devices);
  const pending: TopInput[] = [];
  let resolveExit!: (code: ExitCode) => void;
  let finished = false;
  let finalMessage: string | undefined;
  return {
    push(input) {
      pending.push(input);
    },
    fold: () => (state = applyInputs(state, pending.splice(0), clock())),
    finish(code, message) {
      if (finished) return;
      finished = true;
      finalMessage = message;
      resolveExit(code);
    },
    exit: new Promise<ExitCode>((resolve) => (resolveExit = resolve)),
    get finalMessage() {
      return finalMessage;
    },
    screenUp: false,
  };
}
