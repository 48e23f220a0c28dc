/**
 * `jetsub tail --collapse-flaps <seconds>` (built CLI, real aedes): the link traps of one
 * interface within the window become one line (pretty) or one {"type":"flaps"} record
 * (ndjson, valid against schemas/flaps.schema.json); a window without a flap lets its traps
 * through; other events pass at once; table and raw refuse the flag.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { publishAll, startAedes, useBrokerWithPublisher } from '../helpers/brokers.js';
import { parseNdjson, runCli, startCli, waitSubscribed } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { flaps, ifdChange, linkTrap } from '../helpers/events.js';

const validateFlaps = new Ajv2020({ allErrors: true, validateFormats: false })
  .compile(JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'flaps.schema.json'), 'utf8')) as Record<string, unknown>);

const STATUS_ONLY = /^(jetsub: (connecting to|connected to|subscribed to) [^\n]*\n)+$/;

describe('jetsub tail --collapse-flaps (aedes)', () => {
  const lab = useBrokerWithPublisher(() => startAedes());
  const common = () => ['tail', '-H', `127.0.0.1:${lab.broker.port}`, '--syslog', '--ifd'];

  test('ndjson: seven flaps are one flaps record; a lone down passes late; other events at once; -C counts the lines', async () => {
    const cli = startCli([...common(), '--collapse-flaps', '1', '-o', 'ndjson', '-C', '3', '-W', '20']);
    await waitSubscribed(cli, 2);
    await publishAll(lab.publisher, [...flaps('ge-0/0/1', 7), linkTrap('DOWN', 'xe-0/0/3'), ifdChange('ge-0/0/2')]);
    await cli.waitFor(/KERNEL_EVENT_IFD_CHANGE/, { stream: 'stdout' });
    assert.equal(parseNdjson(cli.stdout).length, 1, 'the kernel event is not held');
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.match(stderr, STATUS_ONLY);
    const records = parseNdjson(stdout);
    assert.deepEqual(records.map((r) => r.type), ['event', 'flaps', 'event']);
    const [, summary, lone] = records;
    assert.ok(validateFlaps(summary), JSON.stringify(validateFlaps.errors));
    assert.deepEqual({ ...summary, from: undefined, to: undefined }, {
      type: 'flaps', device: `127.0.0.1:${lab.broker.port}`, interface: 'ge-0/0/1', flaps: 7, events: 14, state: 'up', from: undefined, to: undefined, window_s: 1,
    });
    assert.ok(Date.parse(String(summary!.from)) <= Date.parse(String(summary!.to)));
    assert.equal(lone!.topic, '/junos/events/syslog/SNMP_TRAP_LINK_DOWN');
  });

  test('pretty: "ge-0/0/1 flapped 3 times in 1 s, now down" on one line', async () => {
    const cli = startCli([...common(), '--collapse-flaps', '1', '-o', 'pretty', '--color', 'never', '-C', '1', '-W', '20']);
    await waitSubscribed(cli, 2);
    await publishAll(lab.publisher, [...flaps('ge-0/0/1', 3), linkTrap('DOWN', 'ge-0/0/1')]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '2026-11-24 09:15:02 mx1 flaps ge-0/0/1 flapped 3 times in 1 s, now down\n');
  });

  test('Ctrl-C writes what is still held before exiting 0', async () => {
    const cli = startCli([...common(), '--collapse-flaps', '300', '-o', 'ndjson']);
    await waitSubscribed(cli, 2);
    await publishAll(lab.publisher, [...flaps('ae0', 2), ifdChange('ae0')]);
    await cli.waitFor(/KERNEL_EVENT_IFD_CHANGE/, { stream: 'stdout' });
    cli.child.kill('SIGINT');
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => [r.type, r.flaps]), [['event', undefined], ['flaps', 2]]);
  });

  const USAGE: readonly [string[], string][] = [
    [['-o', 'table'], 'jetsub: --collapse-flaps with -o table: table output has no flaps line; use -o pretty, -o ndjson, -o json\n'],
    [['-o', 'raw'], 'jetsub: --collapse-flaps with -o raw: raw output has no flaps line; use -o pretty, -o ndjson, -o json\n'],
  ];
  for (const [args, message] of USAGE) {
    test(`usage: ${args.join(' ')} with --collapse-flaps is exit 2`, async () => {
      const { code, stdout, stderr } = await runCli(['tail', '--collapse-flaps', '30', ...args, '-H', '127.0.0.1:1']);
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.equal(stderr, message);
    });
  }

  test('usage: --collapse-flaps 0 is exit 2', async () => {
    const { code, stdout, stderr } = await runCli(['tail', '--collapse-flaps', '0', '-o', 'ndjson', '-H', '127.0.0.1:1']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, "jetsub: --collapse-flaps '0': not a positive number; e.g. --collapse-flaps 30\n");
  });
});
