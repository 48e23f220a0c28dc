/**
 * SIGHUP (an ssh session that drops) ends jetsub like SIGTERM (issue 17, item 4): exit 0,
 * whole records only, everything read written out — here with a reader that has stopped
 * reading, so that records are queued in jetsub when the signal comes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { publishLines, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { startCli, waitSubscribed } from '../helpers/cli.js';
import { STORM_TOPIC, stormLines } from '../helpers/events.js';

const EVENTS = 30_000;

describe('SIGHUP', () => {
  let broker: Mosquitto;
  let dir: string;
  let file: string;
  before(async () => {
    broker = await startMosquitto({ extraConfig: 'max_queued_messages 0' });
    dir = mkdtempSync(join(tmpdir(), 'jetsub-sighup-'));
    file = join(dir, 'events.txt');
    writeFileSync(file, stormLines(0, EVENTS));
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('with a slow reader: exit 0, not killed by the signal; every line a whole record, in order', async () => {
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', 'ge-0/0/1', '-o', 'ndjson']);
    await waitSubscribed(cli);
    cli.child.stdout!.pause();
    assert.equal(await publishLines(broker.port, STORM_TOPIC, file), 0);
    await cli.waitFor(/stdout is behind/, { timeoutMs: 30_000 });
    cli.child.kill('SIGHUP');
    cli.child.stdout!.resume();
    const { code, signal, stdout, stderr } = await cli.done;
    assert.equal(signal, null, `killed by ${signal}: ${stderr}`);
    assert.equal(code, 0, stderr);
    assert.ok(stdout.endsWith('}\n'), `the last line is cut: …${stdout.slice(-200)}`);
    const lines = stdout.split('\n').filter((line) => line !== '');
    assert.ok(lines.length > 0);
    lines.forEach((line, index) => {
      const record = JSON.parse(line) as { event: { attributes: { 'generation-number': number } } };
      if (record.event.attributes['generation-number'] !== index) assert.fail(`line ${index + 1}: ${line}`);
    });
    assert.match(stderr, /jetsub: stdout is behind: /);
    assert.doesNotMatch(stderr, /internal error/);
  });
});
