import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handleKey, INITIAL_UI, type Key, parseKeys, type UiState } from '../../../src/top/keys.js';

const char = (c: string): Key => ({ name: 'char', char: c });

const PARSE_CASES: readonly [string, string, Key[]][] = [
  ['letters', 'qps', [char('q'), char('p'), char('s')]],
  ['Ctrl-C', '\u0003', [{ name: 'interrupt' }]],
  ['Enter as CR or LF', '\r\n', [{ name: 'enter' }, { name: 'enter' }]],
  ['Backspace as DEL or BS', '\u007f\b', [{ name: 'backspace' }, { name: 'backspace' }]],
  ['a lone Esc', '\u001b', [{ name: 'escape' }]],
  ['arrow keys and function keys are ignored', '\u001b[A\u001b[B\u001bOP\u001b[15~', []],
  ['other control characters are ignored', '\u0000\u0004\u001a\t', []],
  ['a glob typed after /', '/ge-*\r', [char('/'), char('g'), char('e'), char('-'), char('*'), { name: 'enter' }]],
  ['non-ASCII keeps whole code points', 'é🚀', [char('é'), char('🚀')]],
];

/** [name, ui before, keys typed, ui after or 'quit']. */
const HANDLE_CASES: readonly [string, UiState, string, UiState | 'quit'][] = [
  ['q quits', INITIAL_UI, 'q', 'quit'],
  ['Q quits', INITIAL_UI, 'Q', 'quit'],
  ['Ctrl-C quits', INITIAL_UI, '\u0003', 'quit'],
  ['Ctrl-C quits even while typing a filter', { ...INITIAL_UI, editing: 'ge' }, '\u0003', 'quit'],
  ['p pauses', INITIAL_UI, 'p', { ...INITIAL_UI, paused: true }],
  ['p again resumes', INITIAL_UI, 'pp', INITIAL_UI],
  ['s cycles the sort', INITIAL_UI, 's', { ...INITIAL_UI, sort: 'flaps' }],
  ['s four times comes back', INITIAL_UI, 'ssss', INITIAL_UI],
  ['s s s: by name', INITIAL_UI, 'sss', { ...INITIAL_UI, sort: 'name' }],
  ['/ opens the prompt', INITIAL_UI, '/', { ...INITIAL_UI, editing: '' }],
  ['/ glob Enter applies the filter', INITIAL_UI, '/ge-0/0/*\r', { ...INITIAL_UI, filter: 'ge-0/0/*' }],
  ['keys typed in the prompt are text, not commands', INITIAL_UI, '/qps', { ...INITIAL_UI, editing: 'qps' }],
  ['Backspace edits the glob', INITIAL_UI, '/ae*x\u007f\r', { ...INITIAL_UI, filter: 'ae*' }],
  ['Esc in the prompt keeps the old filter', { ...INITIAL_UI, filter: 'ae*' }, '/xe\u001b', { ...INITIAL_UI, filter: 'ae*' }],
  ['an empty glob clears the filter', { ...INITIAL_UI, filter: 'ae*' }, '/\r', INITIAL_UI],
  ['Esc outside the prompt clears the filter', { ...INITIAL_UI, filter: 'ae*' }, '\u001b', INITIAL_UI],
  ['other keys do nothing', INITIAL_UI, 'x1 \r\u007f', INITIAL_UI],
];

function typeKeys(ui: UiState, text: string): UiState | 'quit' {
  let state: UiState | 'quit' = ui;
  for (const key of parseKeys(text)) {
    if (state === 'quit') break;
    state = handleKey(state, key);
  }
  return state;
}

describe('parseKeys', () => {
  for (const [name, input, expected] of PARSE_CASES) it(name, () => assert.deepEqual(parseKeys(input), expected));
});

describe('handleKey', () => {
  for (const [name, before, typed, expected] of HANDLE_CASES) it(name, () => assert.deepEqual(typeKeys(before, typed), expected));

  it('stops growing the glob at 80 characters', () => {
    const ui = typeKeys(INITIAL_UI, `/${'x'.repeat(100)}`);
    assert.notEqual(ui, 'quit');
    assert.equal((ui as UiState).editing?.length, 80);
  });
});
