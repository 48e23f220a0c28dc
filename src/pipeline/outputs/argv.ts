/**
 * --exec's one string split into argv the way a POSIX shell splits words, and nothing else: no
 * shell runs, nothing is expanded (`$HOME`, `~`, `*`, `$(…)` stay as written) and operators
 * (`|`, `>`, `;`, `&&`) are plain characters. Pure; docs/exec.md has the rules as a table:
 *
 * - blanks (space, tab, newline) outside quotes separate words; adjacent parts join one word
 *   (`a"b c"d` is `ab cd`), and `''` or `""` is an empty word;
 * - '…' keeps everything inside as is, backslashes too;
 * - "…" keeps everything inside except that a backslash escapes `"` `\` `$` and a backquote
 *   (and a backslash before a newline removes both); before any other character it stays;
 * - outside quotes a backslash keeps the next character as is (before a newline: removes both).
 */

export class CommandLineError extends Error {
  constructor(readonly column: number, readonly problem: string) {
    super(`at column ${column}: ${problem}`);
    this.name = 'CommandLineError';
  }
}

export interface CommandLine {
  argv: string[];
  /** Unquoted words a shell would read as operators: passed on as arguments, which a user may not expect. */
  operators: string[];
}

const BLANK = /[ \t\n]/;
/** An unquoted word that a shell would read as a pipe, a list or a redirection (`|`, `&&`, `;`, `>>file`, `2>&1`). */
const OPERATOR = /^(?:[|&;]|\d*[<>])/;
/** What a backslash escapes inside double quotes (POSIX). */
const DOUBLE_QUOTED_ESCAPES = new Set(['"', '\\', '$', '`']);

export function parseCommandLine(text: string): CommandLine {
  const argv: string[] = [];
  const operators: string[] = [];
  let word: string | null = null;
  let quoted = false;
  let i = 0;
  const finish = () => {
    if (word === null) return;
    if (!quoted && OPERATOR.test(word)) operators.push(word);
    argv.push(word);
    word = null;
    quoted = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\0') throw new CommandLineError(i + 1, 'a NUL character cannot be passed to a command');
    if (BLANK.test(c)) {
      finish();
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new CommandLineError(i + 1, "this ' is never closed (add a ' at the end)");
      word = (word ?? '') + text.slice(i + 1, end);
      quoted = true;
      i = end + 1;
    } else if (c === '"') {
      const [part, end] = readDoubleQuoted(text, i);
      word = (word ?? '') + part;
      quoted = true;
      i = end + 1;
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new CommandLineError(i + 1, 'a backslash at the end escapes nothing (write \\\\ for one)');
      if (text[i + 1] !== '\n') word = (word ?? '') + text[i + 1];
      quoted = true;
      i += 2;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  finish();
  if (argv.length === 0) throw new CommandLineError(1, 'no command given');
  return { argv, operators };
}

/** The text of "…" opened at `start`, and the index of its closing quote. */
function readDoubleQuoted(text: string, start: number): [string, number] {
  let part = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return [part, i];
    if (c === '\0') throw new CommandLineError(i + 1, 'a NUL character cannot be passed to a command');
    if (c === '\\' && i + 1 < text.length && (DOUBLE_QUOTED_ESCAPES.has(text[i + 1]!) || text[i + 1] === '\n')) {
      if (text[i + 1] !== '\n') part += text[i + 1];
      i += 2;
    } else {
      part += c;
      i++;
    }
  }
  throw new CommandLineError(start + 1, 'this " is never closed (add a " at the end)');
}
