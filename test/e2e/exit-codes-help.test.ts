/**
 * Each command's --help lists the exit codes that command can return, and only those: top
 * has no -C, -W or --validate strict, so its help does not promise 4 or 5. Each code listed
 * here is one another e2e test sees the command return (usage-errors, tail-scripting,
 * doctor, replay, simulate, validate, top-snapshots).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';

const EXPECTED: Record<string, number[]> = {
  tail: [0, 1, 2, 3, 4, 5],
  demo: [0, 1, 2, 4, 5],
  top: [0, 1, 2, 3],
  serve: [0, 1, 2, 3, 5],
  doctor: [0, 1, 2, 3],
  replay: [0, 1, 2, 3],
  simulate: [0, 1, 2, 3],
  validate: [0, 1, 2, 5],
  schema: [0, 1, 2],
  topics: [0, 1, 2],
  completion: [0, 1, 2],
};

function listedCodes(help: string): { codes: number[]; text: string } {
  const section = /\nExit codes:\n((?: {2}\d .*\n?)+)/.exec(help);
  assert.ok(section, `an Exit codes section in:\n${help}`);
  return { codes: [...section[1]!.matchAll(/^ {2}(\d) /gm)].map((m) => Number(m[1])), text: section[1]! };
}

describe("each command's help lists its own exit codes", { concurrency: 4 }, () => {
  for (const [command, codes] of Object.entries(EXPECTED)) {
    test(`jetsub ${command} --help: ${codes.join(', ')}`, async () => {
      const { code, stdout, stderr } = await runCli([command, '--help']);
      assert.equal(code, 0, stderr);
      assert.deepEqual(listedCodes(stdout).codes, codes);
    });
  }

  test('top promises nothing about flags it refuses (-C, -W, --validate)', async () => {
    const { stdout } = await runCli(['top', '--help']);
    assert.doesNotMatch(listedCodes(stdout).text, /--count|-W\b|--validate|\s-C\b/);
    for (const flag of ['-C', '-W', '--validate']) {
      const refused = await runCli(['top', flag, '1']);
      assert.equal(refused.code, 2, `top ${flag} is refused, so its codes are not top's`);
    }
  });
});
