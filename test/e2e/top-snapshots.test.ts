/**
 * `jetsub top` off a terminal, for watch-style use: the built CLI against a real broker
 * (aedes in-process) prints a text table or a JSON snapshot every --interval; usage errors
 * are exit 2 before any socket opens; a broker that cannot be reached is exit 3.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { freePort, publishAll, startAedes, useBrokerWithPublisher } from '../helpers/brokers.js';
import { parseNdjson, runCli, startCli, waitSubscribed } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { flaps, linkTrap } from '../helpers/events.js';

const validateSnapshot = new Ajv2020({ allErrors: true, validateFormats: false })
  .compile(JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'top.schema.json'), 'utf8')) as Record<string, unknown>);

/** The status lines a healthy run writes to stderr, and nothing else. */
const STATUS_ONLY = /^(jetsub: (connecting to|connected to|subscribed to) [^\n]*\n)+$/;

interface Snapshot {
  events: number;
  interfaces: { interface: string; link: string; flaps: number }[];
}

describe('jetsub top off a terminal (aedes)', () => {
  const lab = useBrokerWithPublisher(() => startAedes());
  const common = () => ['top', '-H', `mx1=127.0.0.1:${lab.broker.port}`];

  test('-o json prints one schema-valid snapshot per interval with the right flap counts; SIGTERM exits 0', async () => {
    const cli = startCli([...common(), '-o', 'json', '--interval', '0.2', '--sort', 'flaps']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [...flaps('ge-0/0/1', 4), ...flaps('ae0', 1), linkTrap('DOWN', 'xe-0/0/3')]);
    await cli.waitFor(/"events":11,/, { stream: 'stdout' });
    cli.child.kill('SIGTERM');
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.match(stderr, STATUS_ONLY);
    const snapshots = parseNdjson(stdout) as unknown as Snapshot[];
    for (const snapshot of snapshots) assert.ok(validateSnapshot(snapshot), JSON.stringify(validateSnapshot.errors));
    const last = snapshots.at(-1)!;
    assert.equal(last.events, 11);
    assert.deepEqual(last.interfaces.map((i) => [i.interface, i.link, i.flaps]), [['ge-0/0/1', 'up', 4], ['ae0', 'up', 1], ['xe-0/0/3', 'down', 0]]);
  });

  test('not a terminal: --interval prints the same table as plain text; SIGINT exits 0', async () => {
    const cli = startCli([...common(), '--interval', '0.2', '--filter', 'ge-*']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [...flaps('ge-0/0/7', 3), linkTrap('DOWN', 'ge-0/0/7'), ...flaps('xe-1/0/0', 2)]);
    await cli.waitFor(/^mx1 +ge-0\/0\/7 +down +3 /m, { stream: 'stdout' });
    cli.child.kill('SIGINT');
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.match(stderr, STATUS_ONLY);
    assert.doesNotMatch(stdout, /\u001b/, 'plain text: no escape sequences');
    const snapshots = stdout.split('\n\n').filter((s) => s !== '');
    const last = snapshots.at(-1)!.split('\n');
    assert.match(last[0]!, /^jetsub top {2}\d\d:\d\d:\d\dZ {2}11 events {2}0 invalid +sort recent {2}filter ge-\*$/);
    assert.match(last[3]!, /^mx1 +connected +11 events {2}2 intf {2}1 down {2}5 flaps\/5m$/);
    assert.match(last[4]!, /^ROUTER +INTERFACE +LINK +FLAPS\/5m +LAST CHANGE +EV\/S +EVENTS +LAST EVENT$/);
    assert.deepEqual(last.slice(5).map((l) => l.split(/\s{2,}/).slice(0, 4)), [['mx1', 'ge-0/0/7', 'down', '3']]);
    for (const line of stdout.split('\n')) assert.ok(line.length <= 120, line);
  });

  test('-n stops after that many snapshots with exit 0', async () => {
    const { code, stdout, stderr } = await runCli([...common(), '-o', 'json', '--interval', '0.1', '-n', '2']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, STATUS_ONLY);
    assert.equal(parseNdjson(stdout).length, 2);
  });

  const USAGE: readonly [string[], RegExp][] = [
    [['-o', 'screen'], /^jetsub: --output screen: the live view needs a terminal on stdin and stdout; use -o text or -o json with --interval\n$/],
    [['-o', 'ndjson'], /^jetsub: --output 'ndjson': unknown value; use one of screen, text, json\n$/],
    [['--interval', '0'], /^jetsub: --interval '0': not a positive number; e\.g\. --interval 2\n$/],
    [['--interval', '100000'], /^jetsub: --interval '100000': more than a day \(86400 s\); e\.g\. --interval 60\n$/],
    [['--sort', 'loud'], /^jetsub: --sort 'loud': unknown value; use one of recent, flaps, rate, name\n$/],
    [['-n', '0'], /^jetsub: --iterations '0': not a positive whole number; e\.g\. --iterations 1\n$/],
    [['--ifd', 'ge-0/0/*', '--severity', 'loud'], /^jetsub: --severity 'loud'/],
  ];
  for (const [args, message] of USAGE) {
    test(`usage: ${args.join(' ')} is exit 2 before connecting`, async () => {
      const port = await freePort();
      const { code, stdout, stderr } = await runCli(['top', '-H', `127.0.0.1:${port}`, ...args]);
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, message);
    });
  }

  test('a broker that cannot be reached is exit 3, with the reason', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await runCli(['top', '-H', `127.0.0.1:${port}`, '--connect-timeout', '2']);
    assert.equal(code, 3, stderr);
    assert.equal(stdout, '');
    assert.equal(stderr, `jetsub: connecting to mqtt://127.0.0.1:${port} as ${/jetsub-\w+/.exec(stderr)?.[0]} (127.0.0.1:${port})\n`
      + `jetsub: cannot connect to mqtt://127.0.0.1:${port}: connection refused: no broker is listening on mqtt://127.0.0.1:${port} (this host); `
      + 'start one, or give the router with -H\n');
  });
});
