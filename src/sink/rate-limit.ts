/**
 * Repeated reports, rate-limited per reason: the first BURST lines of a reason in a window
 * are shown, the rest are counted and said in one line when the window ends (or at exit).
 * 100,000 invalid payloads make a dozen stderr lines, not 100,003, and none is hidden
 * without its count.
 */

export const BURST = 10;
const WINDOW_MS = 10_000;

export interface RateLimitClock {
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

const REAL_CLOCK: RateLimitClock = {
  setTimer: (run, ms) => setTimeout(run, ms).unref(),
  clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

export interface RateLimiter {
  /** Shows `line` unless BURST lines of `reason` were shown in this window. */
  report(reason: string, line: string, device?: string): void;
  /** Says what is still counted; stops the timer. */
  close(): void;
}

export function createRateLimiter(say: (line: string, device?: string) => void, clock: RateLimitClock = REAL_CLOCK): RateLimiter {
  const windows = new Map<string, { shown: number; held: number; device?: string }>();
  let timer: unknown;
  const flush = () => {
    timer = undefined;
    for (const [reason, window] of windows) {
      if (window.held === 0) continue;
      say(`${window.held} more like it not shown (${reason}; at most ${BURST} such lines per ${WINDOW_MS / 1000} s)`, window.device);
    }
    windows.clear();
  };
  return {
    report(reason, line, device) {
      timer ??= clock.setTimer(flush, WINDOW_MS);
      const window = windows.get(reason) ?? { shown: 0, held: 0 };
      windows.set(reason, window);
      if (window.shown < BURST) {
        window.shown++;
        return say(line, device);
      }
      window.held++;
      window.device = device;
    },
    close() {
      if (timer !== undefined) clock.clearTimer(timer);
      flush();
    },
  };
}
