/**
 * The lint rules catch what they are for (a rule that cannot fail is a defect like a test that
 * cannot fail): the tier and cycle rules of .dependency-cruiser.cjs, run on a small src/ tree
 * written for the test, and the rules of eslint.config.js that are jetsub's own, on snippets.
 * No sockets; dependency-cruiser runs as a child process (a few seconds).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../../helpers/fixtures.js';
import { runBounded } from '../../helpers/processes.js';

/** A tree where each import below breaks exactly the rule named beside it (or none). */
const TREE: Readonly<Record<string, string>> = {
  'src/cli.ts': "import './commands/tail.js';\n",
  'src/commands/tail.ts': "import '../top/view.js';\nimport '../pipeline/stream.js';\n", // downward: fine
  'src/options/flags.ts': 'export interface Flags { a: number }\n',
  'src/pipeline/stream.ts': "import type { Flags } from '../options/flags.js';\nexport type S = Flags;\n", // core-not-to-cli
  'src/fresh/new.ts': "import type { Flags } from '../options/flags.js';\nexport type F = Flags;\n", // a folder in no list is core
  'src/render/pretty.ts': "import type { View } from '../top/view.js';\nexport type P = View;\n", // core-not-to-feature
  'src/sink/out.ts': "import '../library/subscribe.js';\n", // core-not-to-library
  'src/top/view.ts': "import '../commands/tail.js';\nexport interface View { v: number }\n", // feature-not-to-cli
  'src/doctor/check.ts': "import '../index.js';\n", // feature-not-to-library
  'src/library/subscribe.ts': "import '../config/apply.js';\n", // library-not-to-cli
  'src/config/apply.ts': '',
  'src/index.ts': "import './library/subscribe.js';\n",
  // A cycle of type-only imports still counts.
  'src/topics/compile.ts': "import type { N } from './narrowing.js';\nexport interface C { n?: N }\n",
  'src/topics/narrowing.ts': "import type { C } from './compile.js';\nexport interface N { c?: C }\n",
};

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

describe('.dependency-cruiser.cjs', () => {
  let dir = '';
  let violations: Violation[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jetsub-tiers-'));
    for (const [path, text] of Object.entries(TREE)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, verbatimModuleSyntax: true },
      include: ['src/**/*.ts'],
    }));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    const depcruise = join(REPO_ROOT, 'node_modules', '.bin', 'depcruise');
    const config = join(REPO_ROOT, '.dependency-cruiser.cjs');
    const run = await runBounded(depcruise, ['src', '--config', config, '--output-type', 'json', '--no-progress'], {
      cwd: dir, timeoutMs: 60_000,
    });
    // The json reporter exits 0 whatever it found (the err reporter, which npm run lint uses, does not).
    assert.equal(run.code, 0, run.stderr);
    const { stdout } = run;
    violations = (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports each upward import with its rule, and nothing for downward ones', () => {
    const upward = violations.filter((v) => v.rule.name !== 'no-circular').map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    assert.deepEqual(upward, [
      'core-not-to-cli: src/fresh/new.ts → src/options/flags.ts',
      'core-not-to-cli: src/pipeline/stream.ts → src/options/flags.ts',
      'core-not-to-feature: src/render/pretty.ts → src/top/view.ts',
      'core-not-to-library: src/sink/out.ts → src/library/subscribe.ts',
      'feature-not-to-cli: src/top/view.ts → src/commands/tail.ts',
      'feature-not-to-library: src/doctor/check.ts → src/index.ts',
      'library-not-to-cli: src/library/subscribe.ts → src/config/apply.ts',
    ]);
  });

  it('reports import cycles, type-only ones included', () => {
    const cycles = violations.filter((v) => v.rule.name === 'no-circular')
      .map((v) => [...new Set([v.from, ...(v.cycle ?? []).map((step) => step.name)])].sort().join(' ↔ ')).sort();
    // top/view.ts ↔ commands/tail.ts is a cycle too (and an upward import).
    assert.deepEqual(cycles, ['src/commands/tail.ts ↔ src/top/view.ts', 'src/topics/compile.ts ↔ src/topics/narrowing.ts']);
  });
});

describe('eslint.config.js: the rules that are jetsub\'s own', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const LONG = `export const text = '${'x'.repeat(140)}';\n`;
  const CASES: readonly [string, string, string, readonly string[]][] = [
    ['a line over 140 columns in src/', 'src/topics/example.ts', LONG, ['@stylistic/max-len']],
    ['a long string in a test table is data', 'test/unit/example.test.ts', LONG, []],
    ['long code in a test is not', 'test/unit/example.test.ts', `const n = ${'1 + '.repeat(40)}1;\nvoid n;\n`, ['@stylistic/max-len']],
    ['process.exit outside src/cli.ts', 'src/topics/example.ts', 'process.exit(1);\n', ['no-restricted-properties']],
    ['process.argv outside src/cli.ts', 'src/commands/example.ts', 'export const a = process.argv;\n', ['no-restricted-properties']],
    ['process.exit in src/cli.ts', 'src/cli.ts', 'process.exit(1);\n', []],
    ['double quotes', 'src/topics/example.ts', 'export const a = "x";\n', ['@stylistic/quotes']],
    ['a missing semicolon', 'src/topics/example.ts', "export const a = 'x'\n", ['@stylistic/semi']],
    ['a control character in a pattern (escaping them is the job)', 'src/render/example.ts', 'export const a = /\\x1b/;\n', []],
  ];
  for (const [what, filePath, code, expected] of CASES) {
    it(what, async () => {
      const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, filePath) });
      assert.deepEqual(result!.messages.map((m) => m.ruleId), expected, JSON.stringify(result!.messages));
    });
  }
});
