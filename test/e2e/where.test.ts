/**
 * --where and link traps that follow --interface, with the built jetsub against a real
 * mosquitto: the lines issue 14 says must work as written, a bad expression (exit 2 before
 * any socket), and the cron line against traps of several interfaces.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freePort, publishAll, startMosquitto, useBrokerWithPublisher } from '../helpers/brokers.js';
import { parseNdjson, runCli, startCli, waitSubscribed } from '../helpers/cli.js';
import { ifdChange, linkTrap, syslogEvent, type Message } from '../helpers/events.js';

function route(prefix: string, nexthops: string[]): Message {
  const [address, length] = prefix.split('/');
  return {
    topic: `/junos/events/kernel/route/add/inet/${address}/${length}`,
    payload: JSON.stringify({ 'jet-event': {
      'event-id': 'KERNEL_EVENT_ROUTE_ADD', hostname: 'mx1', time: '2026-11-24-09:15:02', severity: 'info', facility: 'KERNEL',
      attributes: { 'table-name': 'inet.0', 'route-prefix': prefix, 'nexthop-address': nexthops, flags: 0 },
    } }),
  };
}

describe('--where and link traps (mosquitto)', () => {
  const lab = useBrokerWithPublisher(() => startMosquitto());
  const common = () => ['-H', '127.0.0.1', '-p', String(lab.broker.port)];

  test('the cron line: --syslog SNMP_TRAP_LINK_DOWN --interface ge-0/0/1 -C 1 -W 3600 -o ndjson prints exactly that interface\'s trap', async () => {
    const cli = startCli(['tail', ...common(), '--syslog', 'SNMP_TRAP_LINK_DOWN', '--interface', 'ge-0/0/1', '-C', '1', '-W', '3600', '-o', 'ndjson']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [
      linkTrap('DOWN', 'ge-0/0/0'), linkTrap('DOWN', 'ge-0/0/2'), linkTrap('UP', 'ge-0/0/1'), ifdChange('ge-0/0/1'),
      linkTrap('DOWN', 'ge-0/0/10'), linkTrap('DOWN', 'ge-0/0/1'), linkTrap('DOWN', 'ge-0/0/3'),
    ]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    const records = parseNdjson(stdout);
    assert.deepEqual(records.map((r) => [r.topic, (r.event as { attributes: Record<string, string> }).attributes['interface-name']]),
      [['/junos/events/syslog/SNMP_TRAP_LINK_DOWN', 'ge-0/0/1']]);
    assert.match(stderr, /subscribed to \/junos\/events\/syslog\/SNMP_TRAP_LINK_DOWN \(qos 0\)/);
    assert.doesNotMatch(stderr, /kernel/);
  });

  test('--dry-run lists --where and the other event filters as client-side: none of them is in the subscription', async () => {
    const { code, stdout, stderr } = await runCli(['tail', '--route', '--where', '"10.1.1.2" in event.attributes["nexthop-address"]',
      '--where', 'valid', '--severity', 'warn', '--hostname', 'mx*', '--dry-run']);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '/junos/events/kernel/route/+/+/+/+\n');
    assert.equal(stderr, 'jetsub: client-side: --severity warn: severity warn or worse (records without one kept)\n'
      + 'jetsub: client-side: --hostname mx*: the event\'s hostname is one of these (no case)\n'
      + 'jetsub: client-side: --where \'"10.1.1.2" in event.attributes["nexthop-address"]\': only records where it holds\n'
      + 'jetsub: client-side: --where \'valid\': only records where it holds\n');
  });

  test('--dry-run says the traps are narrowed on the client', async () => {
    const { code, stdout, stderr } = await runCli(['tail', '--syslog', 'SNMP_TRAP_LINK_DOWN', '--interface', 'ge-0/0/1', '--dry-run']);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '/junos/events/syslog/SNMP_TRAP_LINK_DOWN\n');
    assert.equal(stderr, 'jetsub: client-side: --syslog SNMP_TRAP_LINK_DOWN: syslog events that name an interface (SNMP_TRAP_LINK_DOWN, SNMP_TRAP_LINK_UP: attributes.interface-name) are kept only for ge-0/0/1\n'
      + 'jetsub: client-side: --interface ge-0/0/1 with --syslog narrows the syslog events only: no kernel event of the interface is selected (add --ifd or --ifl for those)\n');
  });

  test('as written: tail --route --where \'"10.1.1.2" in event.attributes["nexthop-address"]\' -o ndjson', async () => {
    const cli = startCli(['tail', ...common(), '--route', '--where', '"10.1.1.2" in event.attributes["nexthop-address"]', '-o', 'ndjson']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [
      route('192.0.2.0/24', ['10.9.9.9']), route('10.20.0.0/16', ['10.1.1.3', '10.1.1.2']), route('10.30.0.0/16', []), route('198.51.100.0/24', ['10.1.1.2']),
    ]);
    await cli.waitFor(/198\.51\.100\.0\/24/, { stream: 'stdout' });
    cli.child.kill('SIGINT');
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => (r.topic_fields as { prefix: string }).prefix), ['10.20.0.0/16', '198.51.100.0/24']);
  });

  test('as written: tail --where \'event.severity == "warning"\' (ndjson on a pipe)', async () => {
    const cli = startCli(['tail', ...common(), '--where', 'event.severity == "warning"']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [
      syslogEvent('UI_COMMIT_COMPLETED', 'commit complete', { severity: 'notice' }), ifdChange('ge-0/0/0'),
      syslogEvent('CHASSISD_FAN_LOW', 'fan 2 slow', { severity: 'warning' }), syslogEvent('LAST', 'the end', { severity: 'warning' }),
    ]);
    await cli.waitFor(/LAST/, { stream: 'stdout' });
    cli.child.kill('SIGINT');
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => (r.event as Record<string, string>)['event-id']), ['CHASSISD_FAN_LOW', 'LAST']);
  });

  test('repeated --where: all must hold, also on top of the other event filters', async () => {
    const cli = startCli(['tail', ...common(), '--ifd', '--where', 'event.attributes.flags == 0x8008', '--where', 'topic_fields.interface ~ "ge-0/0/*"', '-C', '2', '-W', '20']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [ifdChange('ae0'), ifdChange('ge-0/0/1'), ifdChange('ge-1/0/0'), ifdChange('ge-0/0/7')]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => (r.topic_fields as { interface: string }).interface), ['ge-0/0/1', 'ge-0/0/7']);
  });
});

describe('--where usage errors', () => {
  test('a bad expression exits 2 with the column and what was expected, before any socket opens', async () => {
    // Nothing listens on this port: a connection attempt would be exit 3, not 2.
    const port = String(await freePort());
    const { code, stdout, stderr } = await runCli(['tail', '-H', '127.0.0.1', '-p', port, '--where', 'event.severity = "warning"']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, `jetsub: --where 'event.severity = "warning"': at column 16: unexpected '=' (equality is ==); e.g. --where 'event.severity == "warning"' (docs/where.md)\n`);
  });

  test('an unknown field names the fields there are', async () => {
    const { code, stdout, stderr } = await runCli(['tail', '--where', 'severity == "warning"', '--dry-run']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^jetsub: --where 'severity == "warning"': at column 1: 'severity' is not a field of the record \(fields: type, received_at, device, topic, kind, action, topic_fields, valid, duplicate, errors, warnings, event, raw\); e\.g\./);
  });
});
