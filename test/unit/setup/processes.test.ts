/** The backstop of test/helpers/processes.ts, on a real process group: a hung test's children go with it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { killGroup, runBounded, spawnTracked } from '../../helpers/processes.js';

/** Running, not a zombie that its new parent has yet to reap (as after its group was killed). */
const isAlive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('processes started by tests', () => {
  let grandchild = 0;

  it('a shell and what it started run in one group, which killGroup ends whole', async () => {
    const shell = spawnTracked('bash', ['-c', 'sleep 60 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const [line] = await new Promise<string[]>((resolve) => shell.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().split('\n'))));
    const sleeper = Number(line);
    assert.ok(isAlive(sleeper));
    killGroup(shell, 'SIGKILL');
    await new Promise((resolve) => shell.once('exit', resolve));
    for (let i = 0; i < 100 && isAlive(sleeper); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(isAlive(sleeper), false, 'the background sleep went with its group');
  });

  it('a process a test left running is killed with its group when the test ends', async () => {
    const shell = spawnTracked('bash', ['-c', 'sleep 60 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
    grandchild = Number(await new Promise<string>((resolve) => shell.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
    assert.ok(isAlive(grandchild));
  });

  it('… and is gone by the next test', async () => {
    for (let i = 0; i < 100 && isAlive(grandchild); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(isAlive(grandchild), false);
  });

  it('runBounded kills a command that outlives its limit, and says what it printed', async () => {
    const started = Date.now();
    await assert.rejects(runBounded('bash', ['-c', 'echo waiting for the registry; sleep 60'], { timeoutMs: 300 }),
      /^Error: bash -c echo waiting for the registry; sleep 60: still running after 0\.3 s, killed; it printed:\nwaiting for the registry\n$/);
    assert.ok(Date.now() - started < 5000);
  });
});
