import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandLineError, parseCommandLine } from '../../../src/pipeline/outputs/argv.js';
import { execBounded } from '../../helpers/processes.js';

/** [--exec's string, argv]: the words a POSIX shell would pass, with nothing expanded. */
const SPLITS: readonly [string, string[]][] = [
  ['sh -c "cat >> events.ndjson"', ['sh', '-c', 'cat >> events.ndjson']],
  ['logger', ['logger']],
  ['  logger   -t  jetsub  ', ['logger', '-t', 'jetsub']],
  ['a\tb\nc', ['a', 'b', 'c']],
  ["echo 'it''s'", ['echo', 'its']],
  ["echo 'a \"b\" \\c'", ['echo', 'a "b" \\c']],
  ['echo "a \'b\' c"', ['echo', "a 'b' c"]],
  ['echo a"b c"d', ['echo', 'ab cd']],
  ["echo '' \"\" x", ['echo', '', '', 'x']],
  ['echo "\\"quoted\\" \\\\ \\$ \\`"', ['echo', '"quoted" \\ $ `']],
  ['echo "\\n stays \\t"', ['echo', '\\n stays \\t']],
  ['echo a\\ b', ['echo', 'a b']],
  ['echo \\"x\\\'', ['echo', '"x\'']],
  ['echo \\\\', ['echo', '\\']],
  ['echo a\\\nb', ['echo', 'ab']],
  ['echo "a\\\nb"', ['echo', 'ab']],
  ['echo $HOME ~ * $(date) `id`', ['echo', '$HOME', '~', '*', '$(date)', '`id`']],
  ['echo "$HOME"', ['echo', '$HOME']],
  ["sh -c 'jq -r .topic >> topics.log'", ['sh', '-c', 'jq -r .topic >> topics.log']],
  ['./notify --to "noc team" --level=warn', ['./notify', '--to', 'noc team', '--level=warn']],
  ['echo ü 日本', ['echo', 'ü', '日本']],
];

/** [--exec's string, column, what the error says]. */
const ERRORS: readonly [string, number, RegExp][] = [
  ["echo 'unclosed", 6, /this ' is never closed/],
  ['echo "unclosed', 6, /this " is never closed/],
  ['sh -c "cat >> x', 7, /this " is never closed/],
  ['echo "a\\"', 6, /this " is never closed/],
  ["a 'b' 'c", 7, /this ' is never closed/],
  ['echo \\', 6, /a backslash at the end escapes nothing/],
  ['', 1, /no command given/],
  ['   \t ', 1, /no command given/],
  ['echo a\0b', 7, /NUL/],
  ['echo "a\0b"', 8, /NUL/],
];

/** [--exec's string, the unquoted words a shell would read as operators]. */
const OPERATORS: readonly [string, string[]][] = [
  ['cat >> events.ndjson', ['>>']],
  ['jq .topic | logger', ['|']],
  ['a && b ; c & 2>&1 >x <y', ['&&', ';', '&', '2>&1', '>x', '<y']],
  ['sh -c "cat >> events.ndjson"', []],
  ["expr 1 '>' 0", []],
  ['expr 1 \\> 0', []],
  ['a>b', []],
];

describe('parseCommandLine', () => {
  for (const [text, argv] of SPLITS) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(argv)}`, () => {
      assert.deepEqual(parseCommandLine(text).argv, argv);
    });
  }

  for (const [text, column, problem] of ERRORS) {
    it(`${JSON.stringify(text)} fails at column ${column}`, () => {
      assert.throws(() => parseCommandLine(text), (error: unknown) => {
        assert.ok(error instanceof CommandLineError);
        assert.equal(error.column, column);
        assert.match(error.message, problem);
        assert.match(error.message, new RegExp(`^at column ${column}: `));
        return true;
      });
    });
  }

  for (const [text, operators] of OPERATORS) {
    it(`${JSON.stringify(text)}: operators ${JSON.stringify(operators)}`, () => {
      assert.deepEqual(parseCommandLine(text).operators, operators);
    });
  }

  it('splits what sh splits the same way (sh as the oracle for quote-only input)', async () => {
    for (const [text] of SPLITS.filter(([t]) => !/[$`~*]/.test(t) && !/(?<!\\)\n/.test(t))) {
      const script = `for a in ${text.replace(/^\s*\S+/, '')}; do printf '%s\\0' "$a"; done`;
      const { stdout: fromSh } = await execBounded('sh', ['-c', script], { timeoutMs: 10_000 });
      const expected = parseCommandLine(text).argv.slice(1);
      assert.deepEqual(fromSh === '' ? [] : fromSh.slice(0, -1).split('\0'), expected, text);
    }
  });
});
