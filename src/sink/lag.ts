/**
 * Says when stdout falls behind the stream, and when it has caught up — once per episode,
 * not at every refused write. An episode starts at the first refused write and ends after
 * a quiet second without another. It is told once writes have been refused for a quarter
 * of a second in all, so that a pipe's momentary blip stays silent.
 */

export interface LagReport {
  /** The sink refused a write: reading from the broker is paused. */
  blocked(): void;
  /** The sink drained: reading resumes. */
  drained(): void;
  /** At exit, with everything written: a told episode is told as caught up now. Stops the timers. */
  close(): void;
}

export interface LagInfo {
  /** From the first refused write to the last drain, in seconds. */
  seconds: number;
  /** Records written meanwhile (all of them late). */
  records: number;
}

export interface LagHandlers {
  onBehind(): void;
  onCaughtUp(info: LagInfo): void;
  /** Records written so far (the sink's counter). */
  written(): number;
}

export interface LagClock {
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

/** Blocked for less than this, in all, is a blip of the pipe, not a slow reader. */
export const ANNOUNCE_AFTER_MS = 250;
/** Caught up once no write was refused for this long. */
export const QUIET_MS = 1000;

const REAL_CLOCK: LagClock = {
  now: () => Date.now(),
  setTimer: (run, ms) => setTimeout(run, ms).unref(),
  clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

export function createLagReport(handlers: LagHandlers, clock: LagClock = REAL_CLOCK): LagReport {
  let episode: { startedAt: number; startCount: number; blockedMs: number; announced: boolean } | null = null;
  let blockedSince: number | null = null;
  let drainedAt = 0;
  let drainedCount = 0;
  let announceTimer: unknown;
  let quietTimer: unknown;

  function announce(): void {
    if (episode === null || episode.announced) return;
    episode.announced = true;
    handlers.onBehind();
  }

  function end(): void {
    if (episode === null || blockedSince !== null) return;
    const { startedAt, startCount, announced } = episode;
    episode = null;
    if (announced) handlers.onCaughtUp({ seconds: (drainedAt - startedAt) / 1000, records: drainedCount - startCount });
  }

  return {
    blocked() {
      if (blockedSince !== null) return;
      const now = clock.now();
      blockedSince = now;
      clock.clearTimer(quietTimer);
      episode ??= { startedAt: now, startCount: handlers.written(), blockedMs: 0, announced: false };
      if (!episode.announced) announceTimer = clock.setTimer(announce, ANNOUNCE_AFTER_MS - episode.blockedMs);
    },
    drained() {
      if (blockedSince === null || episode === null) return;
      drainedAt = clock.now();
      drainedCount = handlers.written();
      episode.blockedMs += drainedAt - blockedSince;
      blockedSince = null;
      clock.clearTimer(announceTimer);
      if (episode.blockedMs >= ANNOUNCE_AFTER_MS) announce();
      quietTimer = clock.setTimer(end, QUIET_MS);
    },
    close() {
      clock.clearTimer(announceTimer);
      clock.clearTimer(quietTimer);
      if (blockedSince !== null) return;
      drainedAt = clock.now();
      drainedCount = handlers.written();
      end();
    },
  };
}
