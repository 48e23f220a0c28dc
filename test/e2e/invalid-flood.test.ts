/**
 * 100,000 payloads that are not JSON (issue 17, item 7): reported per reason at most 10
 * times per 10 s, the rest counted in one line, and every one still written as a record.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { publishLines, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { startCli, waitSubscribed } from '../helpers/cli.js';
import { STORM_TOPIC } from '../helpers/events.js';

const EVENTS = 100_000;

describe('a flood of invalid payloads (mosquitto)', () => {
  let broker: Mosquitto;
  let dir: string;
  before(async () => {
    broker = await startMosquitto({ extraConfig: 'max_queued_messages 0' });
    dir = mkdtempSync(join(tmpdir(), 'jetsub-flood-'));
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test(`${EVENTS} payloads that are not JSON: a few stderr lines whose counts add up to ${EVENTS}, every record written`, async () => {
    const file = join(dir, 'garbage.txt');
    writeFileSync(file, Array.from({ length: EVENTS }, (_, i) => `not json ${i}\n`).join(''));
    const cli = startCli(['tail', '-H', '127.0.0.1', '-p', String(broker.port), '--ifd', '-o', 'ndjson', '-C', String(EVENTS), '-W', '120']);
    await waitSubscribed(cli);
    assert.equal(await publishLines(broker.port, STORM_TOPIC, file), 0);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr.slice(-2000));
    assert.equal(stdout.split('\n').filter((l) => l !== '').length, EVENTS);
    const lines = stderr.split('\n').filter((l) => l !== '' && !/^jetsub: (connecting|connected|subscribed) /.test(l));
    assert.ok(lines.length < 100, `${lines.length} stderr lines`);
    let total = 0;
    for (const line of lines) {
      const held = /^jetsub: (\d+) more like it not shown \(payloads that are not JSON; at most 10 such lines per 10 s\)$/.exec(line);
      if (held) total += Number(held[1]);
      else if (/^jetsub: payload on \/junos\/events\/kernel\/interfaces\/ifd\/change\/ge-0\/0\/1: /.test(line)) total++;
      else assert.fail(`unexpected stderr line: ${line}`);
    }
    assert.equal(total, EVENTS, 'every invalid payload is shown or counted');
  });
});
