/**
 * The live screen: redraws every interval (and at once after a key or a resize) until a
 * quit key, a signal or an error; the terminal is restored on every one of those ways out.
 */
import { EXIT, type ExitCode } from '../errors.js';
import { handleKey, INITIAL_UI, type Key, type UiState } from './keys.js';
import { openScreen, type Terminal } from './screen.js';
import type { TopSession } from './session.js';
import type { SortMode } from './summary.js';
import { renderScreen } from './view.js';

export interface ScreenOptions {
  intervalMs: number;
  sort: SortMode;
  filter: string;
  color: boolean;
}

export async function showScreen(
  session: TopSession, options: ScreenOptions, terminal: Terminal, exitEvents: NodeJS.EventEmitter,
): Promise<ExitCode> {
  let ui: UiState = { ...INITIAL_UI, sort: options.sort, filter: options.filter };
  let shown = session.fold();
  // A bug while drawing must still end in a restored terminal and an exit code, not a crash.
  const guard = (work: () => void) => () => {
    try {
      work();
    } catch (error) {
      session.finish(EXIT.internal, `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
  const redraw = () => screen.draw(renderScreen(shown, ui, screen.size(), options.color));
  const onKeys = (keys: Key[]) => {
    for (const key of keys) {
      const next = handleKey(ui, key);
      if (next === 'quit') return session.finish(EXIT.ok);
      if (ui.paused && !next.paused) shown = session.fold();
      ui = next;
    }
    redraw();
  };
  const screen = openScreen(terminal, exitEvents, {
    onKeys: (keys) => guard(() => onKeys(keys))(),
    onResize: guard(redraw),
  });
  session.screenUp = true;
  const timer = setInterval(guard(() => {
    const state = session.fold();
    if (!ui.paused) shown = state;
    redraw();
  }), options.intervalMs);
  try {
    guard(redraw)();
    return await session.exit;
  } finally {
    clearInterval(timer);
    screen.close();
    session.screenUp = false;
  }
}
