/**
 * docs/ and --help agree. Generic like help-examples.test.ts: commands are read from
 * `jetsub --help`, flags from each `jetsub <command> --help` of the BUILT jetsub, so a new
 * command or flag is checked without touching this file.
 *
 * - Every flag a command's --help shows is written in docs/<command>.md, or in a file of docs/
 *   that a reader reaches from it by links (topic and connection flags are written once, in
 *   tail.md; --session and the like in reliability.md, which tail.md links to).
 * - Every flag written anywhere in docs/ (`--name`, and `-x, --name` pairs) is one that some
 *   command's --help still shows, or one of the few flags of other programs listed below.
 * - Every relative link of README.md, CONTRIBUTING.md and docs/ reaches a file (and heading):
 *   text moves between them, and a link left behind would send a reader nowhere.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const DOCS = join(REPO_ROOT, 'docs');
/** Flags of other programs that docs/ names, and whose they are. */
const FOREIGN: Readonly<Record<string, string>> = {
  '--max-semi-space-size': 'node (library.md: the heap settings of tail, for programs)',
  '--heap-growing-percent': 'node (library.md)',
  '--no-allocation-site-pretenuring': 'node (library.md)',
};
/** Shown by every command (commander's own); documenting it per command would say nothing. */
const EVERYWHERE = new Set(['--help']);

interface HelpFlag {
  long: string;
  short: string | undefined;
}

const readDoc = (name: string): string => readFileSync(join(DOCS, name), 'utf8');

/** `  -o, --output <format>   …` and `  --ifd [name]   …`: the option lines of a --help. */
function parseHelpFlags(help: string): HelpFlag[] {
  return [...help.matchAll(/^ {2}(?:-([A-Za-z]), )?(--[a-z][a-z0-9-]*)/gm)].map((m) => ({ long: m[2]!, short: m[1] }));
}

/** `--name` as written in a doc (not part of a longer word, not `--` alone). */
function writtenFlags(text: string): Set<string> {
  return new Set([...text.matchAll(/(?<![\w-])(--[a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?![\w-])/g)].map((m) => m[1]!));
}

/** The docs/*.md files a doc links to: `(other.md)`, `(other.md#section)`, `(./other.md)`. */
function linkedDocs(text: string): string[] {
  return [...text.matchAll(/\]\((?:\.\/)?([a-z0-9-]+\.md)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
}

/** The file and every file of docs/ reached from it by following links. */
function reachableDocs(file: string): string[] {
  const seen = new Set([file]);
  for (const name of seen) {
    for (const linked of linkedDocs(readDoc(name))) if (existsSync(join(DOCS, linked))) seen.add(linked);
  }
  return [...seen];
}

/** The #anchors of a markdown file's headings, as GitHub spells them (`## Exit codes` → `exit-codes`). */
function headingAnchors(text: string): Set<string> {
  return new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-')));
}

const docFiles = (): string[] => readdirSync(DOCS).filter((name) => name.endsWith('.md')).sort();

describe('docs/ and --help', () => {
  const helps = new Map<string, HelpFlag[]>();

  before(async () => {
    const top = await runCli(['--help']);
    assert.equal(top.code, 0, top.stderr);
    const start = top.stdout.indexOf('\nCommands:\n');
    const section = top.stdout.slice(start, top.stdout.indexOf('\n\n', start + 1));
    const commands = [...section.matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1]!).filter((name) => name !== 'help');
    assert.ok(commands.length >= 10, `commands read from jetsub --help: ${commands.join(' ')}`);
    for (const command of commands) {
      const { code, stdout, stderr } = await runCli([command, '--help']);
      assert.deepEqual([code, stderr], [0, ''], `jetsub ${command} --help`);
      helps.set(command, parseHelpFlags(stdout));
    }
  });

  test('every command has its file in docs/, and every flag its --help shows is in it or a doc reached from it', () => {
    const missing: string[] = [];
    for (const [command, flags] of helps) {
      const file = `${command}.md`;
      if (!existsSync(join(DOCS, file))) {
        missing.push(`docs/${file} is missing (jetsub ${command})`);
        continue;
      }
      const reach = reachableDocs(file).map((name) => writtenFlags(readDoc(name)));
      for (const { long } of flags) {
        if (EVERYWHERE.has(long) || reach.some((written) => written.has(long))) continue;
        const elsewhere = docFiles().filter((name) => writtenFlags(readDoc(name)).has(long));
        missing.push(`jetsub ${command} ${long}: not in docs/${file} nor in a doc reached from it by links`
          + (elsewhere.length > 0 ? ` (it is in ${elsewhere.map((name) => `docs/${name}`).join(', ')}: link it)` : ''));
      }
    }
    assert.deepEqual(missing, []);
  });

  test('every flag written in docs/ is one that --help still shows', () => {
    const shown = new Map<string, Set<string | undefined>>();
    for (const flags of helps.values()) {
      for (const { long, short } of flags) shown.set(long, (shown.get(long) ?? new Set()).add(short));
    }
    const gone: string[] = [];
    for (const name of docFiles()) {
      const text = readDoc(name);
      for (const flag of writtenFlags(text)) {
        if (!shown.has(flag) && !(flag in FOREIGN)) gone.push(`docs/${name}: ${flag} is in no command's --help`);
      }
      for (const [, short, long] of text.matchAll(/(?<![\w-])-([A-Za-z]), (--[a-z][a-z0-9-]*)/g)) {
        if (shown.has(long!) && !shown.get(long!)!.has(short)) gone.push(`docs/${name}: -${short}, ${long}: --help shows ${long} without -${short}`);
      }
    }
    assert.deepEqual(gone, []);
    const written = new Set(docFiles().flatMap((name) => [...writtenFlags(readDoc(name))]));
    assert.deepEqual(Object.keys(FOREIGN).filter((flag) => !written.has(flag)), [], 'FOREIGN lists only flags that docs/ writes');
  });

  test('every relative link of README.md, CONTRIBUTING.md and docs/ reaches a file, and its #heading', () => {
    const broken: string[] = [];
    for (const file of ['README.md', 'CONTRIBUTING.md', ...docFiles().map((name) => `docs/${name}`)]) {
      const text = readFileSync(join(REPO_ROOT, file), 'utf8');
      for (const [, link] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(link!)) continue;
        const [path = '', heading] = link!.split('#');
        const target = path === '' ? join(REPO_ROOT, file) : join(REPO_ROOT, dirname(file), path);
        if (!existsSync(target)) broken.push(`${file}: ${link} (no such file)`);
        else if (heading !== undefined && target.endsWith('.md') && !headingAnchors(readFileSync(target, 'utf8')).has(heading)) {
          broken.push(`${file}: ${link} (no such heading)`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  test('the flag readers find themselves (a check of this test)', () => {
    assert.deepEqual(parseHelpFlags('Options:\n  -o, --output <format>  x\n  --ifd [name]  y\n    --not-an-option\n'),
      [{ long: '--output', short: 'o' }, { long: '--ifd', short: undefined }]);
    assert.deepEqual([...writtenFlags('`--ifd [name]`, --dry-run, a--b, `npm run demo -- flap`, |---|')], ['--ifd', '--dry-run']);
    assert.deepEqual([...headingAnchors('# `jetsub tail`\n## Fleet: many routers, one jetsub — and beyond\n')],
      ['jetsub-tail', 'fleet-many-routers-one-jetsub--and-beyond']);
    assert.deepEqual(linkedDocs('[tail](tail.md), [x](./fleet.md#fan-in), [y](https://e.net/a.md), [z](../README.md)'),
      ['tail.md', 'fleet.md']);
  });
});
