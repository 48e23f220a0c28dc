/**
 * A progress bar on stderr for long replays from a file, when stderr is a terminal:
 * redrawn in place at most every 100 ms, erased at the end.
 */

/** Files smaller than this replay in a blink (or at their own pace): no bar. */
export const PROGRESS_MIN_BYTES = 1024 * 1024;
const REDRAW_MS = 100;
const BAR_WIDTH = 30;

export function shouldShowProgress(stderrIsTTY: boolean, size: number | undefined): boolean {
  return stderrIsTTY && size !== undefined && size >= PROGRESS_MIN_BYTES;
}

/** `jetsub: replay [#########---------------------]  31% 12034 sent`. Pure. */
export function renderProgress(bytesRead: number, size: number, sent: number): string {
  const fraction = size > 0 ? Math.min(1, bytesRead / size) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `jetsub: replay [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent} ${sent} sent`;
}

export interface Progress {
  update(bytesRead: number, sent: number): void;
  /** Erases the bar, so the summary line starts clean. */
  end(): void;
}

export function createProgress(stream: NodeJS.WritableStream, size: number, now: () => number = Date.now): Progress {
  let drawnAt = -Infinity;
  let drawn = false;
  return {
    update(bytesRead, sent) {
      if (now() - drawnAt < REDRAW_MS) return;
      drawnAt = now();
      drawn = true;
      stream.write(`\r${renderProgress(bytesRead, size, sent)}\x1b[K`);
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
