/**
 * Every shared fixture, published to a real broker (aedes in-process, and mosquitto), comes
 * out of the built `jetsub tail` in every output format: exit code, stdout and stderr.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { publishAll, startAedes, startMosquitto, useBrokerWithPublisher, type TestBroker } from '../helpers/brokers.js';
import { parseNdjson, startCli, waitSubscribed } from '../helpers/cli.js';
import { readFixtures } from '../helpers/fixtures.js';

const fixtures = readFixtures();

/** Expected per fixture line: kind, action, validity (null: not JSON). Written by hand, not derived from the code. */
const EXPECTED: Record<number, [kind: string, action: string | null, valid: boolean, json: boolean]> = {
  1: ['ifd', 'add', true, true], 2: ['ifd', 'change', true, true], 3: ['ifd', 'delete', true, true],
  4: ['ifl', 'add', true, true], 5: ['ifl', 'change', true, true], 6: ['iff', 'add', true, true],
  7: ['ifa', 'add', true, true], 8: ['ifa', 'delete', true, true], 9: ['firewall', 'add', true, true],
  10: ['route', 'add', true, true], 11: ['route', 'delete', true, true], 12: ['route-table', 'add', true, true],
  13: ['syslog', null, true, true], 14: ['syslog', null, true, true], 15: ['syslog', null, true, true],
  16: ['syslog', null, true, true], 17: ['config-update', null, true, true], 18: ['config-update', null, true, true],
  19: ['ifd', 'change', true, true], 20: ['syslog', null, false, false], 21: ['ifd', 'change', false, false],
  22: ['ifd', 'change', false, true], 23: ['ifd', 'change', false, true], 24: ['syslog', null, true, true],
};

const brokers: [string, () => Promise<TestBroker>][] = [
  ['aedes', startAedes],
  ['mosquitto', () => startMosquitto()],
];

async function tailFixtures(broker: TestBroker, publisher: MqttClient, args: string[]) {
  const cli = startCli(['tail', '-p', String(broker.port), '-H', '127.0.0.1', '-C', String(fixtures.length), '-W', '20', ...args]);
  await waitSubscribed(cli);
  await publishAll(publisher, fixtures);
  return cli.done;
}

for (const [name, start] of brokers) {
  describe(`tail against ${name}: every fixture in every format`, () => {
    const lab = useBrokerWithPublisher(start);

    test('ndjson: one record per fixture, in order, kinds and verdicts right', async () => {
      const { code, stdout, stderr } = await tailFixtures(lab.broker, lab.publisher, ['-o', 'ndjson']);
      assert.equal(code, 0, stderr);
      const records = parseNdjson(stdout);
      assert.equal(records.length, fixtures.length);
      for (const [i, record] of records.entries()) {
        const fixture = fixtures[i]!;
        const [kind, action, valid, json] = EXPECTED[fixture.line]!;
        assert.equal(record.topic, fixture.topic);
        assert.equal(record.type, 'event');
        assert.equal(record.kind, kind, `line ${fixture.line}`);
        assert.equal(record.action, action, `line ${fixture.line}`);
        assert.equal(record.valid, valid, `line ${fixture.line}: ${JSON.stringify(record.errors)}`);
        assert.equal(record.device, '127.0.0.1:' + lab.broker.port);
        assert.match(String(record.received_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        if (json) assert.equal(typeof record.event, 'object', `line ${fixture.line}`);
        else {
          assert.equal(record.event, null);
          assert.equal(typeof record.raw, 'string');
        }
      }
      // The captured vQFX event: wrapper removed, topic parsed from both ends.
      const ifa = records[6]!;
      assert.deepEqual(ifa.topic_fields, {
        interface: 'xe-0/0/1.0', ifd: 'xe-0/0/1', unit: 0, family: 'inet', address: '192.168.20.1', prefix: '192.168.20.1/32', prefix_length: 32,
      });
      assert.equal((ifa.event as Record<string, unknown>)['event-id'], 'KERNEL_EVENT_IFA_ADD');
      assert.deepEqual(records[21]!.errors, [{ pointer: '/jet-event/attributes/snmp-id', message: records[21]!.errors && (records[21]!.errors as { message: string }[])[0]!.message }]);
      assert.match(JSON.stringify(records[21]!.errors), /integer/);
      assert.match(JSON.stringify(records[22]!.errors), /\/jet-event\/time/);
      // stderr: status lines and one report per invalid payload, escaped.
      assert.match(stderr, /subscribed to \/junos\/events\/# \(qos 0\)/);
      assert.match(stderr, /payload on \/junos\/events\/syslog\/LOGIN_INFORMATION: not JSON/);
      assert.match(stderr, /invalid ifd event on \/junos\/events\/kernel\/interfaces\/ifd\/change\/ge-0\/0\/3: \/jet-event\/attributes\/snmp-id/);
      assert.equal(stderr.match(/invalid ifd event|payload on/g)?.length, 4);
    });

    test('json: one indented object per event', async () => {
      const { code, stdout, stderr } = await tailFixtures(lab.broker, lab.publisher, ['-o', 'json']);
      assert.equal(code, 0, stderr);
      const objects = stdout.split(/\n(?=\{)/).map((text) => JSON.parse(text) as { topic: string });
      assert.deepEqual(objects.map((o) => o.topic), fixtures.map((f) => f.topic));
      assert.match(stdout, /^\{\n {2}"type": "event",/);
    });

    test('raw: the payload bytes exactly as published, one per line', async () => {
      const { code, stdout, stderr } = await tailFixtures(lab.broker, lab.publisher, ['-o', 'raw']);
      assert.equal(code, 0, stderr);
      assert.equal(stdout, fixtures.map((f) => `${f.payload}\n`).join(''));
    });

    test('pretty: one line per event, no escape sequence from a payload reaches the terminal', async () => {
      const { code, stdout, stderr } = await tailFixtures(lab.broker, lab.publisher, ['-o', 'pretty', '--color', 'always']);
      assert.equal(code, 0, stderr);
      const lines = stdout.trimEnd().split('\n');
      assert.equal(lines.length, fixtures.length);
      const commandLine = lines[23]!;
      assert.match(commandLine, /UI_CMDLINE_READ_LINE/);
      assert.doesNotMatch(commandLine.replace(/\x1b\[[0-9;]*m/g, ''), /[\x00-\x08\x0b-\x1f\x7f]/, 'only SGR colour codes of our own');
      assert.match(commandLine, /\\x1b\[2J/);
      const plain = lines.map((line) => line.replace(/\x1b\[[0-9;]*m/g, ''));
      assert.match(plain[0]!, /^2026-11-24 09:15:02 mx1 ifd\/add ge-0\/0\/0 /);
      assert.match(plain[6]!, /flags=192 \(0xc0\)/);
      assert.match(plain[13]!, /SNMP_TRAP_LINK_DOWN/);
      assert.match(lines[13]!, /\x1b\[33m/, 'a warning is yellow');
    });

    test('table: a header once, then one row per event', async () => {
      const { code, stdout, stderr } = await tailFixtures(lab.broker, lab.publisher, ['-o', 'table', '--color', 'never']);
      assert.equal(code, 0, stderr);
      assert.equal(stdout.match(/\bkind\b.*\baction\b/g)?.length, 1, 'one header');
      const rows = stdout.split('\n').filter((line) => line.startsWith('│')).slice(1);
      assert.equal(rows.length, fixtures.length);
      const cells = rows.map((row) => row.split('│').map((cell) => cell.trim()));
      assert.deepEqual(cells.slice(0, 5).map((c) => [c[3], c[4], c[5]]), [
        ['ifd', 'add', 'ge-0/0/0'], ['ifd', 'change', 'ge-0/0/0'], ['ifd', 'delete', 'lo0'], ['ifl', 'add', 'ge-0/0/0.100'], ['ifl', 'change', 'ae0.0'],
      ]);
      assert.match(stdout, /└─+┴/, 'the table is closed at the end');
      assert.doesNotMatch(stdout, /\x1b/);
    });
  });
}

describe('tail against mosquitto: a syslog attribute of any JSON shape', () => {
  const lab = useBrokerWithPublisher(() => startMosquitto());

  const syslog = (message: string, attributes: unknown) => ({
    topic: '/junos/events/syslog/UI_COMMIT',
    payload: JSON.stringify({ 'jet-event': {
      'event-id': 'UI_COMMIT', hostname: 'mx1', time: '2026-11-24-09:15:02', severity: 'info', facility: 'USER', message, attributes,
    } }),
  });

  // pretty shows the attribute; table's details column shows what made the event invalid.
  const firstShown: [string, RegExp][] = [['pretty', /first user=\{"toString":""\}/], ['table', /UI_COMMIT .*✗ \/jet-event\/attributes\/user/]];
  for (const [format, first] of firstShown) {
    test(`-o ${format}: an object with its own "toString" key is shown as JSON, and the stream goes on`, async () => {
      // Before: String() of that object threw, and jetsub died with a stack trace on the first such payload.
      const cli = startCli(['tail', '-p', String(lab.broker.port), '-H', '127.0.0.1', '--syslog', '-o', format, '-C', '2', '-W', '20']);
      await waitSubscribed(cli);
      await publishAll(lab.publisher, [syslog('first', { user: { toString: '' } }), syslog('second', { user: 'lab' })]);
      const { code, stdout, stderr } = await cli.done;
      assert.equal(code, 0, stderr);
      assert.match(stdout, first);
      assert.match(stdout, /second user=lab/);
      assert.match(stderr, /invalid syslog event on \/junos\/events\/syslog\/UI_COMMIT: \/jet-event\/attributes\/user must be string, got an object/);
      assert.doesNotMatch(stderr, /TypeError|could not be shown/);
    });
  }
});
