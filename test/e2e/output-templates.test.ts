/**
 * -F templates and -o csv with the built jetsub against a real mosquitto: what reaches
 * stdout (escaped), the header, and the usage errors before any socket opens.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freePort, publishAll, startMosquitto, useBrokerWithPublisher } from '../helpers/brokers.js';
import { runCli, startCli, testEnv, waitSubscribed } from '../helpers/cli.js';
import { ifdChange, linkTrap, syslogEvent } from '../helpers/events.js';

describe('-F and -o csv (mosquitto)', () => {
  const lab = useBrokerWithPublisher(() => startMosquitto());
  const common = () => ['-H', '127.0.0.1', '-p', String(lab.broker.port)];

  test("-F '%t': one topic per line", async () => {
    const cli = startCli(['tail', ...common(), '--ifd', '--syslog', '-F', '%t', '-C', '3', '-W', '20']);
    await waitSubscribed(cli, 2);
    await publishAll(lab.publisher, [ifdChange('ge-0/0/1'), linkTrap('DOWN', 'ge-0/0/1'), ifdChange('ae0')]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '/junos/events/kernel/interfaces/ifd/change/ge-0/0/1\n/junos/events/syslog/SNMP_TRAP_LINK_DOWN\n/junos/events/kernel/interfaces/ifd/change/ae0\n');
  });

  test('-F with jetsub fields, a strftime time, widths; payload text escaped', async () => {
    const template = '@H:@M|%-8{kind}|%{device}|%{event.attributes.interface-name}|%{event.message}|%l';
    const cli = startCli(['tail', ...common(), '--syslog', '-F', template, '-C', '2', '-W', '20'], { env: testEnv({ TZ: 'UTC' }) });
    await waitSubscribed(cli);
    const hostile = syslogEvent('EVIL', 'red\x1b[31m\nnext line', { attributes: { 'interface-name': 'x\u202ey' } });
    await publishAll(lab.publisher, [linkTrap('DOWN', 'ge-0/0/1'), hostile]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n');
    assert.equal(lines.length, 3, stdout);
    assert.match(lines[0]!, /^\d\d:\d\d\|syslog  \|127\.0\.0\.1:\d+\|ge-0\/0\/1\|SNMP_TRAP_LINK_DOWN: ifIndex 520, .*ifName ge-0\/0\/1\|\d+$/);
    assert.match(lines[1]!, /\|x\\u202ey\|EVIL: red\\x1b\[31m\\nnext line\|\d+$/);
    assert.equal(lines[1]!.split('|')[5], String(Buffer.byteLength(hostile.payload)));
    assert.doesNotMatch(stdout, /\x1b|\u202e/);
  });

  test('-o csv: a header, then one row per event', async () => {
    const cli = startCli(['tail', ...common(), '--ifd', '--syslog', '-o', 'csv', '-C', '2', '-W', '20']);
    await waitSubscribed(cli, 2);
    await publishAll(lab.publisher, [ifdChange('ge-0/0/1'), syslogEvent('UI_COMMIT', '=cmd|calc, "quoted"', { severity: 'notice' })]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'received_at,device,kind,action,topic,topic_fields.interface,event.event-id,event.severity,valid');
    assert.match(lines[1]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z,127\.0\.0\.1:\d+,ifd,change,\/junos\/events\/kernel\/interfaces\/ifd\/change\/ge-0\/0\/1,ge-0\/0\/1,KERNEL_EVENT_IFD_CHANGE,info,true$/);
    assert.match(lines[2]!, /,127\.0\.0\.1:\d+,syslog,,\/junos\/events\/syslog\/UI_COMMIT,,UI_COMMIT,notice,true$/);
    assert.equal(lines.length, 4);
  });

  test('-o csv --columns: chosen columns, RFC 4180 quoting and the formula guard', async () => {
    const cli = startCli(['tail', ...common(), '--syslog', '-o', 'csv', '--columns', 'event.event-id,event.message,event.attributes["interface-name"]', '-C', '1', '-W', '20']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [{ topic: '/junos/events/syslog/X', payload: JSON.stringify({ 'jet-event': { 'event-id': 'X', message: '=HYPERLINK("http://evil")', attributes: { 'interface-name': 'ge-0/0/1' } } }) }]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(stdout, 'event.event-id,event.message,"event.attributes[""interface-name""]"\nX,"\'=HYPERLINK(""http://evil"")",ge-0/0/1\n');
  });

  test('-o csv that times out with no event still prints its header', async () => {
    const { code, stdout, stderr } = await runCli(['tail', ...common(), '--config-update', '-o', 'csv', '--columns', 'device,topic', '-W', '0.5']);
    assert.equal(code, 4);
    assert.equal(stdout, 'device,topic\n');
    assert.match(stderr, /timed out after 0\.5 s with no event/);
  });
});

describe('-F and --columns usage errors (exit 2, no socket)', () => {
  const cases: [string[], string][] = [
    [['-F', '%q'], "jetsub: -F '%q': at column 2: %q is the QoS in mosquitto_sub, which jetsub's record does not carry; e.g. -F '%I %t %{event.attributes.interface-name}' (docs/output.md)\n"],
    [['-F', '%t', '-o', 'ndjson'], 'jetsub: -F with -o ndjson: -F is an output format of its own; drop -o (or give -o template)\n'],
    [['-o', 'template'], "jetsub: -o template: the template is missing; give it with -F, e.g. -F '%I %t'\n"],
    [['--columns', 'device'], 'jetsub: --columns with -o ndjson: --columns chooses the columns of -o csv; add -o csv\n'],
    [['-o', 'csv', '--columns', 'device,,topic'], "jetsub: --columns 'device,,topic': at column 8: expected a field name, found ','; e.g. --columns received_at,device,event.attributes.interface-name (docs/output.md)\n"],
  ];
  for (const [flags, expected] of cases) {
    test(flags.join(' '), async () => {
      const port = String(await freePort());
      const { code, stdout, stderr } = await runCli(['tail', '-H', '127.0.0.1', '-p', port, ...flags]);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr, expected);
    });
  }
});
