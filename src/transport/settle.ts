/** Small helpers of a connection's life (./driver.ts): a promise settled from outside, named timers. */
import type { ConnectionError } from '../errors.js';

export interface Settler {
  promise: Promise<void>;
  readonly settled: boolean;
  resolve(): void;
  reject(error: ConnectionError): void;
}

export function createSettler(): Settler {
  let settled = false;
  let settle!: { resolve(): void; reject(error: ConnectionError): void };
  const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  return {
    promise,
    get settled() {
      return settled;
    },
    resolve() {
      settled = true;
      settle.resolve();
    },
    reject(error) {
      settled = true;
      settle.reject(error);
    },
  };
}

export interface Timers {
  /** (Re)starts the timer `name`; a negative delay runs it at once (next tick). */
  set(name: string, run: () => void, delayMs: number): void;
  clear(name: string): void;
  clearAll(): void;
}

export function createTimers(): Timers {
  const timers = new Map<string, NodeJS.Timeout>();
  return {
    set(name, run, delayMs) {
      clearTimeout(timers.get(name));
      timers.set(name, setTimeout(run, Math.max(0, delayMs)));
    },
    clear: (name) => clearTimeout(timers.get(name)),
    clearAll() {
      for (const timer of timers.values()) clearTimeout(timer);
    },
  };
}
