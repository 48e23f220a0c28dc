/**
 * Shell completion as a shell uses it: `source <(jetsub completion bash)` in a real bash, then
 * the completion function called with COMP_WORDS/COMP_CWORD set, as readline would. `jetsub`
 * on PATH is the built CLI; the profile lives in a temporary XDG_CONFIG_HOME.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OUTPUT_FORMATS } from '../../src/render/index.js';
import { ACTIONS, FAMILIES } from '../../src/topics/catalog.js';
import { JETSUB_BIN, runCli, testEnv } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { execBounded } from '../helpers/processes.js';

const exec = execBounded;

/** The commands `jetsub --help` lists: the oracle for `jetsub <Tab>`, whatever commands there are. */
async function listedCommands(): Promise<string[]> {
  const { stdout } = await runCli(['--help']);
  const section = stdout.split(/^Commands:$/m)[1]!.split(/\n\n/)[0]!;
  return section.split('\n').map((line) => /^ {2}(\S+)/.exec(line)?.[1]).filter((name): name is string => name !== undefined && name !== 'help');
}

describe('shell completion (bash)', () => {
  const root = mkdtempSync(join(tmpdir(), 'jetsub-completion-'));
  const bin = join(root, 'bin');
  const configHome = join(root, 'config');
  const env = () => testEnv({ PATH: `${bin}:${process.env.PATH}`, XDG_CONFIG_HOME: configHome });
  const writeProfile = (devices: Record<string, { host: string }>) => writeFileSync(join(configHome, 'jetsub', 'config.json'), JSON.stringify({ devices }));

  /** COMPREPLY after `_jetsub` for the command line `words` (the last one being completed). */
  async function complete(...words: string[]): Promise<string[]> {
    const quoted = words.map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(' ');
    const script = `source <(jetsub completion bash) && COMP_WORDS=(jetsub ${quoted}) && COMP_CWORD=${words.length} && _jetsub && printf '%s\\n' "\${COMPREPLY[@]}"`;
    const { stdout, stderr } = await exec('bash', ['-c', script], { env: env() });
    assert.equal(stderr, '');
    return stdout.split('\n').filter((line) => line !== '');
  }

  before(() => {
    mkdirSync(bin);
    mkdirSync(join(configHome, 'jetsub'), { recursive: true });
    writeFileSync(join(bin, 'jetsub'), `#!/bin/sh\nexec "${process.execPath}" "${JETSUB_BIN}" "$@"\n`);
    chmodSync(join(bin, 'jetsub'), 0o755);
    writeProfile({ mx1: { host: '192.0.2.1' }, 'edge-2': { host: '192.0.2.2' } });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('the script registers a completion function for jetsub', async () => {
    const { stdout, stderr } = await exec('bash', ['-c', 'source <(jetsub completion bash) && complete -p jetsub'], { env: env() });
    assert.equal(stdout, 'complete -F _jetsub jetsub\n');
    assert.equal(stderr, '');
  });

  test('jetsub <Tab>: every visible command', async () => {
    const commands = await listedCommands();
    assert.ok(commands.includes('tail') && commands.includes('completion'));
    assert.deepEqual(await complete(''), commands);
  });

  test('values from their single sources, and flags from the program', async () => {
    const cases: [string[], string[]][] = [
      [['tail', '--output', ''], [...OUTPUT_FORMATS]],
      [['tail', '-o', 'nd'], ['ndjson']],
      [['tail', '--output', '=', ''], [...OUTPUT_FORMATS]],
      [['tail', '--family', ''], [...FAMILIES]],
      [['tail', '--action', ''], [...ACTIONS]],
      [['tail', '--action', 'add,'], ['add,change', 'add,delete']],
      [['tail', '--severity', 'w'], ['warning']],
      [['tail', '--validate', ''], ['warn', 'drop', 'strict', 'off']],
      [['tail', '--color', ''], ['auto', 'always', 'never']],
      [['tail', '--protocol-version', ''], ['3.1.1', '5']],
      [['tail', '--hostn'], ['--hostname']],
      [['tail', '--ifd', '--config-u'], ['--config-update']],
      [['tail', '--ifd', 'ge-0/0/0', '--fam'], ['--family']],
      [['tail', '--cafile', ''], []],
      [['completion', ''], ['bash', 'zsh', 'fish']],
      [['topics', '--output', ''], ['table', 'json']],
    ];
    for (const [words, expected] of cases) {
      assert.deepEqual(await complete(...words), expected, `jetsub ${words.join(' ')}<Tab>`);
    }
  });

  test('--host <Tab>: the devices of the profile, read at completion time', async () => {
    assert.deepEqual(await complete('tail', '--host', ''), ['mx1', 'edge-2']);
    writeProfile({ mx1: { host: '192.0.2.1' }, 'edge-2': { host: '192.0.2.2' }, mx3: { host: '192.0.2.3' } });
    assert.deepEqual(await complete('tail', '-H', 'mx'), ['mx1', 'mx3']);
  });

  test('a broken profile offers no devices, and no error on the terminal', async () => {
    writeFileSync(join(configHome, 'jetsub', 'config.json'), '{"devices": ');
    assert.deepEqual(await complete('tail', '--host', ''), []);
    assert.deepEqual(await complete('tail', '--output', 'j'), ['json']);
  });

  test('fish: its own completion engine (complete -C) through the script', async () => {
    const run = async (line: string) => {
      const { stdout, stderr } = await exec('fish', ['--no-config', '-c', `jetsub completion fish | source; complete -C ${JSON.stringify(line)}`], { env: env() });
      assert.equal(stderr, '');
      return stdout.split('\n').filter((l) => l !== '');
    };
    writeProfile({ mx1: { host: '192.0.2.1' } });
    assert.deepEqual(await run('jetsub tail --output '), [...OUTPUT_FORMATS].sort());
    assert.deepEqual(await run('jetsub tail --hostn'), ['--hostname\trouter host-name glob']);
    assert.deepEqual(await run('jetsub tail -H '), ['mx1\t192.0.2.1']);
    assert.deepEqual(await run('jetsub completion '), ['bash', 'fish', 'zsh']);
  });

  test('zsh: the script hands words[2,CURRENT] to jetsub and candidates to _describe (or _files)', async () => {
    // Outside a completion widget, _describe, _files and compdef are stubbed to print what they get.
    const stubs = 'compdef() { print -r -- "compdef $*" }; _describe() { print -rl -- "${(@P)4}" }; _files() { print -r -- "(files)" }';
    const run = async (...words: string[]) => {
      const quoted = words.map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(' ');
      const script = `${stubs}; source <(jetsub completion zsh); words=(jetsub ${quoted}); CURRENT=${words.length + 1}; _jetsub`;
      const { stdout, stderr } = await exec('zsh', ['-f', '-c', script], { env: env() });
      assert.equal(stderr, '');
      return stdout.split('\n').filter((l) => l !== '');
    };
    writeProfile({ mx1: { host: '192.0.2.1' } });
    assert.deepEqual(await run('tail', '--output', ''), ['compdef _jetsub jetsub', ...OUTPUT_FORMATS]);
    assert.deepEqual(await run('tail', '-H', ''), ['compdef _jetsub jetsub', 'mx1:192.0.2.1']);
    assert.deepEqual(await run('tail', '--hostn'), ['compdef _jetsub jetsub', '--hostname:router host-name glob']);
    assert.deepEqual(await run('tail', '--cafile', ''), ['compdef _jetsub jetsub', '(files)']);
  });

  test('jetsub completion prints a script for each shell, and refuses others', async () => {
    const marks: Record<string, RegExp> = { bash: /^complete -F _jetsub jetsub$/m, zsh: /^#compdef jetsub$/m, fish: /^complete -c jetsub -f -a '\(__jetsub_complete\)'$/m };
    for (const [shell, mark] of Object.entries(marks)) {
      const { code, stdout, stderr } = await runCli(['completion', shell]);
      assert.deepEqual({ code, stderr }, { code: 0, stderr: '' }, shell);
      assert.match(stdout, mark, shell);
    }
    const { code, stdout, stderr } = await runCli(['completion', 'tcsh']);
    assert.deepEqual({ code, stdout }, { code: 2, stdout: '' });
    assert.match(stderr, /^jetsub: .*'tcsh'.*bash, zsh, fish/);
  });
});

describe('the completion install lines work on a fresh home', () => {
  const root = mkdtempSync(join(tmpdir(), 'jetsub-completion-install-'));
  const bin = join(root, 'bin');
  before(() => {
    mkdirSync(bin);
    writeFileSync(join(bin, 'jetsub'), `#!/bin/sh\nexec "${process.execPath}" "${JETSUB_BIN}" "$@"\n`);
    chmodSync(join(bin, 'jetsub'), 0o755);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /**
   * The install lines of the README, docs/completion.md and the help: each line that writes a
   * completion script to a file, and the `mkdir -p` lines before them, in order.
   */
  async function installBlocks(): Promise<{ where: string; lines: string[] }[]> {
    const help = (await runCli(['completion', '--help'])).stdout;
    const sources = { 'README.md': readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'), 'docs/completion.md': readFileSync(join(REPO_ROOT, 'docs', 'completion.md'), 'utf8'), 'completion --help': help };
    return Object.entries(sources).map(([where, text]) => ({
      where,
      lines: text.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => /^mkdir -p |jetsub completion (bash|zsh|fish) >/.test(line)),
    }));
  }

  test('each shell has its lines in docs/completion.md and the help; they run in an empty HOME and write the script', async () => {
    const blocks = await installBlocks();
    for (const shell of ['bash', 'zsh', 'fish']) {
      for (const where of ['docs/completion.md', 'completion --help']) {
        assert.ok(blocks.find((b) => b.where === where)!.lines.some((l) => l.includes(`completion ${shell} >`)), `${where} has the ${shell} line`);
      }
    }
    for (const { where, lines } of blocks) {
      const home = mkdtempSync(join(root, 'home-'));
      const script = lines.join('\n');
      const { stdout, stderr } = await exec('bash', ['-e', '-c', script], { env: testEnv({ HOME: home, PATH: `${bin}:${process.env.PATH}` }) })
        .catch((error: { stderr?: string }) => assert.fail(`${where}:\n${script}\n${error.stderr ?? String(error)}`));
      assert.deepEqual({ stdout, stderr }, { stdout: '', stderr: '' }, where);
      for (const line of lines.filter((l) => l.includes('jetsub completion'))) {
        const shell = /completion (bash|zsh|fish)/.exec(line)![1]!;
        const target = /> (\S+)$/.exec(line)![1]!.replace(/^~/, home);
        assert.equal(readFileSync(target, 'utf8'), (await runCli(['completion', shell])).stdout, `${where}: ${line} wrote the ${shell} script`);
      }
    }
  });
});
