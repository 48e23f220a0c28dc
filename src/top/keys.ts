/**
 * Keys: raw terminal input → key presses → the next UI state. Pure; the screen feeds it.
 * `q` (or Ctrl-C) quits, `p` pauses the display, `s` cycles the sort, `/` opens a prompt
 * for an interface glob (Enter applies, Esc cancels, an empty glob clears the filter).
 */
import { SORTS, type SortMode } from './summary.js';

export interface UiState {
  sort: SortMode;
  /** The display is frozen; events are still counted. */
  paused: boolean;
  /** The interface glob in effect; '' for none. */
  filter: string;
  /** The glob being typed after `/`; null when no prompt is open. */
  editing: string | null;
}

export type Key =
  | { name: 'char'; char: string }
  | { name: 'enter' | 'escape' | 'backspace' | 'interrupt' };

export const INITIAL_UI: UiState = { sort: 'recent', paused: false, filter: '', editing: null };

/** A glob longer than this is not a glob anyone types. */
const MAX_FILTER = 80;

const CONTROL_KEYS: Readonly<Record<string, Key>> = {
  '\u0003': { name: 'interrupt' },
  '\r': { name: 'enter' },
  '\n': { name: 'enter' },
  '\u007f': { name: 'backspace' },
  '\b': { name: 'backspace' },
};

/** An escape sequence (arrows, function keys: CSI or SS3) that no key here means. */
const ESCAPE_SEQUENCE = /^\u001b(?:\[[0-?]*[ -/]*[@-~]|O.)/;

export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  for (let i = 0; i < data.length;) {
    const rest = data.slice(i);
    const sequence = ESCAPE_SEQUENCE.exec(rest);
    if (sequence) {
      i += sequence[0].length;
      continue;
    }
    const char = String.fromCodePoint(rest.codePointAt(0)!);
    i += char.length;
    const control = CONTROL_KEYS[char];
    if (control) keys.push(control);
    else if (char === '\u001b') keys.push({ name: 'escape' });
    else if (!/[\p{Cc}\p{Cf}]/u.test(char)) keys.push({ name: 'char', char });
  }
  return keys;
}

/** The UI after `key`, or 'quit'. */
export function handleKey(ui: UiState, key: Key): UiState | 'quit' {
  if (key.name === 'interrupt') return 'quit';
  if (ui.editing !== null) return editFilter(ui, ui.editing, key);
  if (key.name === 'escape') return { ...ui, filter: '' };
  if (key.name !== 'char') return ui;
  switch (key.char) {
    case 'q':
    case 'Q':
      return 'quit';
    case 'p':
    case 'P':
      return { ...ui, paused: !ui.paused };
    case 's':
    case 'S':
      return { ...ui, sort: SORTS[(SORTS.indexOf(ui.sort) + 1) % SORTS.length]! };
    case '/':
      return { ...ui, editing: '' };
    default:
      return ui;
  }
}

function editFilter(ui: UiState, text: string, key: Key): UiState {
  switch (key.name) {
    case 'enter':
      return { ...ui, filter: text.trim(), editing: null };
    case 'escape':
      return { ...ui, editing: null };
    case 'backspace':
      return { ...ui, editing: Array.from(text).slice(0, -1).join('') };
    case 'char':
      return text.length >= MAX_FILTER ? ui : { ...ui, editing: text + key.char };
    default:
      return ui;
  }
}
