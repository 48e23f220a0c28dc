/**
 * What --exec says about records it drops (queue full): one line when drops start, one every
 * 10 s while they go on, one when none was dropped for a second, each with its count. A
 * command that frees a slot now and then in a flood would otherwise make a line pair per
 * command.
 */

export interface DropReport {
  /** One record was dropped; `waiting` and `running` say why, for the first line. */
  drop(running: number, waiting: number): void;
  /** Records dropped in all. */
  readonly total: number;
  /** The run ended (the summary has the count): stop the timer. */
  close(): void;
}

const QUIET_MS = 1000;
const PROGRESS_MS = 10_000;

export function createDropReport(report: (line: string) => void, now: () => number = Date.now): DropReport {
  let total = 0;
  /** In the current episode: dropped in all, dropped since the last line, and when that line was. */
  let episode = 0;
  let sinceLine = 0;
  let lineAt = 0;
  let lastDrop = 0;
  let timer: NodeJS.Timeout | undefined;

  const check = () => {
    timer = undefined;
    const t = now();
    if (t - lastDrop >= QUIET_MS) {
      report(`--exec: room again after ${episode} records were dropped for --exec (${total} in all)`);
      episode = 0;
      sinceLine = 0;
      return;
    }
    if (t - lineAt >= PROGRESS_MS) {
      report(`--exec: still dropping: ${sinceLine} records dropped for --exec in the last ${Math.round((t - lineAt) / 1000)} s `
        + `(${total} in all)`);
      sinceLine = 0;
      lineAt = t;
    }
    schedule();
  };
  const schedule = () => {
    timer = setTimeout(check, QUIET_MS);
    timer.unref();
  };

  return {
    drop(running, waiting) {
      total++;
      episode++;
      sinceLine++;
      lastDrop = now();
      if (timer === undefined) {
        report(`--exec: ${running} running and ${waiting} waiting: records are dropped for --exec until there is room `
          + '(stdout still gets every record)');
        lineAt = lastDrop;
        schedule();
      }
    },
    get total() {
      return total;
    },
    close() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
