/**
 * completeWords: words typed → candidates, on a program built from jetsub's own flag groups
 * plus commands with `.choices()`. A table: [words, expected values or 'files'].
 */
import assert from 'node:assert/strict';
import { Argument, Command, Option } from 'commander';
import { describe, it } from 'node:test';
import { completeWords } from '../../../src/completion/complete.js';
import { createValueLists } from '../../../src/completion/values.js';
import { addConnectionFlags } from '../../../src/options/connection-flags.js';
import { addOutputFlags } from '../../../src/options/output-flags.js';
import { addTopicFlags } from '../../../src/options/topic-flags.js';
import { OUTPUT_FORMATS } from '../../../src/render/index.js';
import { ACTIONS, FAMILIES } from '../../../src/topics/catalog.js';

function createTestProgram(): Command {
  const program = new Command('jetsub').version('0.0.0', '--version');
  program.addCommand(addConnectionFlags(addOutputFlags(addTopicFlags(new Command('tail').summary('subscribe')))));
  program.addCommand(new Command('schema').summary('schemas').argument('[name]').addOption(new Option('-o, --output <format>').choices(['table', 'json'])));
  program.addCommand(new Command('completion').summary('scripts').addArgument(new Argument('<shell>').choices(['bash', 'zsh', 'fish'])));
  program.addCommand(new Command('validate').summary('offline').argument('[file]'));
  program.addCommand(new Command('__complete'), { hidden: true });
  return program;
}

const lists = createValueLists({
  devices: () => [{ value: 'mx1', description: '192.0.2.1' }, { value: 'mx2' }],
  schemas: () => ['ifd', 'record'],
});

function values(words: string[]): string[] | 'files' {
  const completion = completeWords(createTestProgram(), words, lists);
  return completion.kind === 'files' ? 'files' : completion.candidates.map((c) => c.value);
}

describe('completeWords', () => {
  const cases: [string[], string[] | 'files'][] = [
    [[''], ['tail', 'schema', 'completion', 'validate']],
    [['t'], ['tail']],
    [['--v'], ['--version']],
    [['tail', '--output', ''], [...OUTPUT_FORMATS]],
    [['tail', '-o', 'j'], ['json']],
    [['tail', '--output=n'], ['--output=ndjson']],
    [['tail', '--output', '=', 't'], ['table', 'template']],
    [['tail', '--family', 'inet'], FAMILIES.filter((f) => f.startsWith('inet'))],
    [['tail', '--action', ''], [...ACTIONS]],
    [['tail', '--action', 'change,'], ['change,add', 'change,delete']],
    [['tail', '--action', 'add,change,d'], ['add,change,delete']],
    [['tail', '--host', ''], ['mx1', 'mx2']],
    [['tail', '-H', 'mx1', '-H', 'mx'], ['mx1', 'mx2']],
    [['tail', '--cafile', ''], 'files'],
    [['tail', '--schemas', ''], 'files'],
    [['tail', '--ifd', ''], []],
    [['tail', '--ifd', '--ifl'], ['--ifl']],
    [['tail', '--ifd', 'ge-0/0/0', '--all'], ['--all']],
    [['tail', '--id', '--fam'], []],
    [['tail', '-C', '5', '--dry'], ['--dry-run']],
    [['tail', 'extra', ''], []],
    [['schema', ''], ['ifd', 'record']],
    [['schema', '--output', ''], ['table', 'json']],
    [['schema', 'ifd', ''], []],
    [['completion', 'z'], ['zsh']],
    [['validate', ''], 'files'],
    [['tail', '--', '--out'], []],
    [['nosuch', ''], []],
  ];
  for (const [words, expected] of cases) {
    it(`jetsub ${words.join(' ')}<Tab>`, () => assert.deepEqual(values(words), expected));
  }

  it('flags carry the first clause of their description; hidden commands are never offered', () => {
    const completion = completeWords(createTestProgram(), ['tail', '--dry'], lists);
    assert.deepEqual(completion, { kind: 'words', candidates: [{ value: '--dry-run', description: 'print the MQTT filters, one per line, and exit without connecting' }] });
    assert.ok(!(values(['__']) as string[]).includes('__complete'));
  });
});
