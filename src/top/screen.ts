/**
 * The terminal while `jetsub top` runs: the alternate screen with the cursor hidden, keys
 * in raw mode, redraws of the lines that changed, resizes. `close()` puts everything back
 * and is called on every way out: quit, Ctrl-C (a key in raw mode), signals, errors (the
 * caller's finally), and as a last resort the process's own 'exit'.
 */
import type { Key } from './keys.js';
import { parseKeys } from './keys.js';
import type { Size } from './view.js';

export interface TerminalInput extends NodeJS.EventEmitter {
  setRawMode(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface TerminalOutput extends NodeJS.EventEmitter {
  columns: number;
  rows: number;
  write(text: string): boolean;
}

/** Both ends of the user's terminal; given to a command only when stdin and stdout are terminals. */
export interface Terminal {
  input: TerminalInput;
  output: TerminalOutput;
}

export interface Screen {
  size(): Size;
  /** Writes the lines that differ from the last frame (every line after a resize). */
  draw(lines: readonly string[]): void;
  /** Leaves the alternate screen and restores the terminal; safe to call twice. */
  close(): void;
}

export interface ScreenHandlers {
  onKeys(keys: Key[]): void;
  onResize(): void;
}

const CSI = '\u001b[';
const ENTER_SCREEN = `${CSI}?1049h${CSI}?25l${CSI}2J`;
/**
 * The alternate screen is cleared before it is left: tmux, when its window grew meanwhile,
 * otherwise carries wide alternate-screen rows over into the restored main screen.
 */
const LEAVE_SCREEN = `${CSI}0m${CSI}2J${CSI}H${CSI}?25h${CSI}?1049l`;
/** Synchronized output: terminals that know it show the frame at once; others ignore it. */
const BEGIN_FRAME = `${CSI}?2026h`;
const END_FRAME = `${CSI}?2026l`;

/** `exitEvents` emits the process's 'exit' (the CLI passes the process). */
export function openScreen(terminal: Terminal, exitEvents: NodeJS.EventEmitter, handlers: ScreenHandlers): Screen {
  const { input, output } = terminal;
  let shown: readonly string[] = [];
  let open = true;
  const onData = (data: string | Buffer) => handlers.onKeys(parseKeys(data.toString()));
  const onResize = () => {
    shown = [];
    output.write(`${CSI}2J`);
    handlers.onResize();
  };
  const close = () => {
    if (!open) return;
    open = false;
    input.off('data', onData);
    output.off('resize', onResize);
    exitEvents.off('exit', close);
    output.write(LEAVE_SCREEN);
    input.setRawMode(false);
    input.pause();
  };

  input.setRawMode(true);
  input.setEncoding('utf8');
  input.on('data', onData);
  input.resume();
  output.on('resize', onResize);
  exitEvents.on('exit', close);
  output.write(ENTER_SCREEN);

  return {
    size: () => ({ columns: output.columns || 80, rows: output.rows || 24 }),
    draw(lines) {
      if (!open) return;
      let frame = '';
      const height = Math.max(lines.length, shown.length);
      for (let i = 0; i < height; i++) {
        if (lines[i] !== shown[i]) frame += `${CSI}${i + 1};1H${CSI}2K${lines[i] ?? ''}`;
      }
      shown = lines;
      if (frame !== '') output.write(`${BEGIN_FRAME}${frame}${END_FRAME}`);
    },
    close,
  };
}
