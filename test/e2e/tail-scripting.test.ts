/**
 * The scripting contract of the built `jetsub tail` against a real mosquitto: exit codes,
 * --count/--timeout, strict validation, signals, a closed stdout, a lost broker, and the
 * four commands the issue names as "done when".
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectPublisher, freePort, publishAll, startMosquitto, useBrokerWithPublisher } from '../helpers/brokers.js';
import { JETSUB_BIN, parseNdjson, runCli, startCli, startShell, waitSubscribed } from '../helpers/cli.js';
import { ifdEvent, routeEvent, syslogEvent } from '../helpers/events.js';
import { readFixtures } from '../helpers/fixtures.js';

const ifd = (action: 'add' | 'change' | 'delete', name: string) => ifdEvent(name, { action });

const fixtures = readFixtures();
const byNote = (fragment: string) => fixtures.find((f) => f.note.includes(fragment))!;

describe('tail scripting contract (mosquitto)', () => {
  const lab = useBrokerWithPublisher(() => startMosquitto());
  const common = () => ['-H', '127.0.0.1', '-p', String(lab.broker.port)];

  test("done when: --ifd 'ge-0/0/*' --action change selects exactly those", async () => {
    const cli = startCli(['tail', ...common(), '--ifd', 'ge-0/0/*', '--action', 'change', '-o', 'ndjson', '-C', '2', '-W', '20']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [ifd('add', 'ge-0/0/0'), ifd('change', 'ge-0/1/0'), ifd('change', 'lo0'), ifd('change', 'ge-0/0/1'), ifd('delete', 'ge-0/0/1'), ifd('change', 'ge-0/0/0:1')]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.topic), [
      '/junos/events/kernel/interfaces/ifd/change/ge-0/0/1', '/junos/events/kernel/interfaces/ifd/change/ge-0/0/0:1',
    ]);
    assert.match(stderr, /subscribed to \/junos\/events\/kernel\/interfaces\/ifd\/change\/ge-0\/0\/\+ \(qos 0\)/);
  });

  test('done when: --route --within 10.0.0.0/8 -o table keeps only routes inside', async () => {
    const cli = startCli(['tail', ...common(), '--route', '--within', '10.0.0.0/8', '-o', 'table', '--color', 'never', '-C', '2', '-W', '20']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [routeEvent('add', 'inet', '192.0.2.0/24'), routeEvent('add', 'inet', '0.0.0.0/0'), routeEvent('add', 'inet', '10.20.0.0/16'), routeEvent('delete', 'inet6', '2001:db8::/32'), routeEvent('change', 'inet', '10.0.0.0/8')]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    const rows = stdout.split('\n').filter((line) => line.startsWith('│')).slice(1);
    assert.deepEqual(rows.map((row) => row.split('│')[5]!.trim()), ['10.20.0.0/16', '10.0.0.0/8']);
  });

  test("done when: --syslog 'SNMP_TRAP_LINK_*' -o ndjson | jq -r .event.message", async () => {
    const port = String(lab.broker.port);
    const shell = startShell(`set -o pipefail; "${process.execPath}" "${JETSUB_BIN}" tail -H 127.0.0.1 -p ${port} --syslog 'SNMP_TRAP_LINK_*' -o ndjson -C 2 -W 20 | jq -r .event.message`);
    await shell.waitFor(/subscribed to/);
    await publishAll(lab.publisher, [syslogEvent('UI_COMMIT_COMPLETED', 'commit complete'), syslogEvent('SNMP_TRAP_LINK_DOWN', 'ifName ge-0/0/0'), syslogEvent('SNMP_TRAP_LINK_UP', 'ifName ge-0/0/0')]);
    const { code, stdout, stderr } = await shell.done;
    assert.equal(code, 0, stderr);
    assert.equal(stdout, 'SNMP_TRAP_LINK_DOWN: ifName ge-0/0/0\nSNMP_TRAP_LINK_UP: ifName ge-0/0/0\n');
  });

  test('done when: --interface ae0 -C 1 -W 60 exits 0 on the first ae0 event, ignoring others', async () => {
    const cli = startCli(['tail', ...common(), '--interface', 'ae0', '-C', '1', '-W', '60', '-o', 'ndjson']);
    await waitSubscribed(cli, 4);
    const ifl = {
      topic: '/junos/events/kernel/interfaces/ifl/change/ae0.100',
      payload: JSON.stringify({ 'jet-event': { 'event-id': 'KERNEL_EVENT_IFL_CHANGE', hostname: 'mx1', time: '2026-11-24-09:15:02', severity: 'info', facility: 'KERNEL', attributes: { name: 'ae0', subunit: 100, 'snmp-id': 601, flags: 0 } } }),
    };
    await publishAll(lab.publisher, [ifd('change', 'ae01'), ifd('change', 'ge-0/0/0'), ifl]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => [r.kind, r.topic_fields]), [['ifl', { interface: 'ae0.100', ifd: 'ae0', unit: 100 }]]);
  });

  test('event filters: --severity, --event-id, --hostname and --hide-chatter, applied to live events', async () => {
    const cli = startCli(['tail', ...common(), '--all', '--severity', 'notice', '--hostname', 'MX*', '--hide-chatter', '-W', '3']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [
      byNote("the broker's own connection chatter"), byNote('documented IFD add shape'), byNote('captured on vMX 17.1'),
      byNote('link down syslog'), byNote('commit syslog'), byNote('config diff as a JSON object'),
    ]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.topic), ['/junos/events/syslog/SNMP_TRAP_LINK_DOWN', '/junos/events/syslog/UI_COMMIT_COMPLETED'],
      'info events, the vMX-1 login and the chatter are filtered out; the config diff names no host-name, so --hostname drops it');
    const diff = startCli(['tail', ...common(), '--all', '--severity', 'error', '--hide-chatter', '-C', '1', '-W', '20']);
    await waitSubscribed(diff);
    await publishAll(lab.publisher, [byNote('link down syslog'), byNote('config diff as a JSON object')]);
    const kept = await diff.done;
    assert.equal(kept.code, 0, kept.stderr);
    assert.deepEqual(parseNdjson(kept.stdout).map((r) => r.kind), ['config-update'], '--severity keeps records with no severity');
    const only = await runCli(['tail', ...common(), '--event-id', 'snmp_trap_link_*', '--dry-run']);
    assert.deepEqual([only.code, only.stdout], [0, '/junos/events/#\n']);
  });

  test('-W without the count met exits 4 with the count on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['tail', ...common(), '--interface', 'ae9', '-C', '1', '-W', '0.5']);
    assert.equal(code, 4);
    assert.equal(stdout, '');
    assert.match(stderr, /timed out after 0\.5 s with 0 of 1 events/);
  });

  test('--validate strict exits 5 at the first invalid event, naming the pointer', async () => {
    const cli = startCli(['tail', ...common(), '--ifd', '--validate', 'strict', '-W', '20']);
    await waitSubscribed(cli);
    const invalid = byNote('counters must be integers');
    await publishAll(lab.publisher, [ifd('change', 'ge-0/0/1'), invalid]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 5);
    assert.equal(parseNdjson(stdout).length, 1, 'the valid event before it was printed');
    assert.match(stderr, /invalid ifd event on \S+ge-0\/0\/3: \/jet-event\/attributes\/snmp-id .*\[--validate strict\]/);
  });

  test('--validate drop skips invalid events with a stderr line; the stream goes on', async () => {
    const cli = startCli(['tail', ...common(), '--ifd', '--validate', 'drop', '-C', '1', '-W', '20']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [byNote('truncated JSON'), byNote('counters must be integers'), ifd('change', 'ge-0/0/7')]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.topic), ['/junos/events/kernel/interfaces/ifd/change/ge-0/0/7']);
    assert.equal(stderr.match(/\(dropped\)/g)?.length, 2);
  });

  test('SIGINT: flush and exit 0', async () => {
    const cli = startCli(['tail', ...common(), '--all']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [ifd('change', 'ge-0/0/5')]);
    await cli.waitFor(/ge-0\/0\/5/, { stream: 'stdout' });
    cli.child.kill('SIGINT');
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(parseNdjson(stdout).length, 1);
    assert.doesNotMatch(stderr, /Error|at /);
  });

  test('a closed stdout (| head -1) exits 0 quietly', async () => {
    const shell = startShell(`"${process.execPath}" "${JETSUB_BIN}" tail -H 127.0.0.1 -p ${lab.broker.port} --ifd | head -1; echo "jetsub=\${PIPESTATUS[0]}" >&2`);
    await shell.waitFor(/subscribed to/);
    for (let i = 0; shell.child.exitCode === null && i < 200; i++) {
      await publishAll(lab.publisher, [ifd('change', `ge-0/0/${i}`)]);
      await new Promise((r) => setTimeout(r, 25));
    }
    const { stdout, stderr } = await shell.done;
    assert.match(stderr, /jetsub=0/);
    assert.equal(parseNdjson(stdout).length, 1);
    assert.doesNotMatch(stderr, /EPIPE|Error|at /);
  });

  test('a broker restart mid-tail: reconnected, subscribed again, the gap reported', async () => {
    const cli = startCli(['tail', ...common(), '--ifd', '--mark-gaps', '-C', '2', '-W', '30']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [ifd('change', 'ge-0/0/1')]);
    await cli.waitFor(/ge-0\/0\/1/, { stream: 'stdout' });
    await lab.publisher.endAsync(true);
    await lab.broker.stop();
    await cli.waitFor(/connection to \S+ lost .*reconnecting/);
    await lab.broker.start();
    const backAt = Date.now();
    await cli.waitFor(/gap on /, { timeoutMs: 5000 });
    assert.ok(Date.now() - backAt < 2500, 'reconnected within 2 s of the broker being back');
    await waitSubscribed(cli, 2);
    lab.publisher = await connectPublisher(lab.broker.url);
    await publishAll(lab.publisher, [ifd('change', 'ge-0/0/2')]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    const records = parseNdjson(stdout);
    assert.deepEqual(records.map((r) => r.type), ['event', 'gap', 'event'], 'the gap record does not count towards -C');
    assert.match(stderr, /gap on 127\.0\.0\.1:\d+: connection lost at \S+Z, back at \S+Z \([\d.]+ s\); events published meanwhile are lost/);
  });

  test('--dry-run prints exactly what a run subscribes to: --topic-prefix and --share included', async () => {
    const flags = ['--topic-prefix', 'fleet/{device}', '--share', 'g', '--syslog', '--ifd', 'ge-0/0/*'];
    const dry = await runCli(['tail', ...common(), ...flags, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout, '$share/g/fleet/+/junos/events/kernel/interfaces/ifd/+/ge-0/0/+\n$share/g/fleet/+/junos/events/syslog/+\n');
    const cli = startCli(['tail', ...common(), ...flags, '-C', '1', '-W', '20']);
    await cli.waitFor(/subscribed to .*syslog/);
    cli.child.kill('SIGTERM');
    const { stderr } = await cli.done;
    const subscribed = [...stderr.matchAll(/subscribed to (\S+) \(qos 0\)/g)].map((m) => `${m[1]}\n`).sort().join('');
    assert.equal(subscribed, dry.stdout, stderr);
  });
});

describe('tail exit codes without a broker', () => {
  test('nothing listening on this host: exit 3 with host, port and reason; no router hint for a loopback address', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await runCli(['tail', '-H', '127.0.0.1', '-p', String(port), '--ifd']);
    assert.equal(code, 3);
    assert.equal(stdout, '');
    assert.match(stderr, new RegExp(`cannot connect to mqtt://127\\.0\\.0\\.1:${port}: connection refused: no broker is listening on mqtt://127\\.0\\.0\\.1:${port} \\(this host\\)`));
    assert.doesNotMatch(stderr, /allow-clients/);
  });

  test('--dry-run prints the filters on stdout, client-side matching on stderr, and connects to nothing', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await runCli(['tail', '-p', String(port), '--ifl', 'ge-0/0/0', '--syslog', 'SNMP_TRAP_LINK_*', '--dry-run']);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '/junos/events/kernel/interfaces/ifl/+/ge-0/0/+\n/junos/events/syslog/+\n');
    assert.match(stderr, /client-side: --ifl ge-0\/0\/0: interface matches ge-0\/0\/0\.\*/);
    assert.match(stderr, /client-side: --syslog SNMP_TRAP_LINK_\*: event id is SNMP_TRAP_LINK_\*/);
    assert.doesNotMatch(stderr, /connecting/);
  });

  test('no topic flag: every Junos event', async () => {
    const { code, stdout, stderr } = await runCli(['tail', '--dry-run']);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '/junos/events/#\n');
    assert.equal(stderr, '');
  });
});
