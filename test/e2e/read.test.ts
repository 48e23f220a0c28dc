/**
 * tail --read and top --read with the built jetsub: captures made by a real tail and a real
 * mosquitto_sub against mosquitto, then read back with no broker — the lines issue 14 says
 * must work as written, .gz, globs and standard input, each format replay reads, malformed
 * lines, --since/--until, -C at the end of input, usage errors, and top's final state.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { publishAll, startMosquitto, useBrokerWithPublisher } from '../helpers/brokers.js';
import { JETSUB_BIN, parseNdjson, runCli, startCli, startShell, waitSubscribed } from '../helpers/cli.js';
import { ifdChange, linkTrap, routeEvent, type Message } from '../helpers/events.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { startMosquittoSub } from '../helpers/mosquitto-sub.js';

const TRAFFIC: Message[] = [
  ifdChange('ge-0/0/1'), ifdChange('xe-1/0/0'), linkTrap('DOWN', 'ge-0/0/2'), ifdChange('ge-0/0/2'), routeEvent('add', 'inet', '10.0.0.0/8'),
  ifdChange('ge-0/1/0'), ifdChange('ge-0/0/3'),
];

describe('--read (captures from mosquitto, read back without a broker)', () => {
  const lab = useBrokerWithPublisher(() => startMosquitto());
  const dir = mkdtempSync(join(tmpdir(), 'jetsub-read-'));
  const inDir = { cwd: dir };
  let capture = '';
  let mosquittoCapture: Buffer = Buffer.alloc(0);
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(async () => {
    const sub = await startMosquittoSub(lab.broker, TRAFFIC.length);
    const cli = startCli(['tail', '-H', `mx1=127.0.0.1:${lab.broker.port}`, '-C', String(TRAFFIC.length), '-o', 'ndjson']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, TRAFFIC);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    capture = stdout;
    mosquittoCapture = await sub.output;
    writeFileSync(join(dir, 'capture.ndjson'), capture);
    writeFileSync(join(dir, 'capture.ndjson.gz'), gzipSync(capture));
    writeFileSync(join(dir, 'mosquitto.log'), mosquittoCapture);
  });
  const topicsOf = (messages: readonly Message[]) => messages.map((m) => m.topic);

  test("as written: tail --read capture.ndjson --ifd 'ge-0/0/*' -o ndjson exits 0 at the end of the file", async () => {
    const { code, stdout, stderr } = await runCli(['tail', '--read', 'capture.ndjson', '--ifd', 'ge-0/0/*', '-o', 'ndjson'], inDir);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    const expected = parseNdjson(capture).filter((r) => /ifd\/change\/ge-0\/0\//.test(String(r.topic)));
    assert.equal(expected.length, 3);
    // The record as it was written: device, received_at, fields, validity.
    assert.deepEqual(parseNdjson(stdout), expected);
  });

  test("as written: tail --read capture.ndjson -F '%t' prints one topic per line", async () => {
    const { code, stdout, stderr } = await runCli(['tail', '--read', 'capture.ndjson', '-F', '%t'], inDir);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, topicsOf(TRAFFIC).map((t) => `${t}\n`).join(''));
  });

  test('as written: tail --read capture.ndjson -o csv prints a header, then one row per event', async () => {
    const { code, stdout, stderr } = await runCli(['tail', '--read', 'capture.ndjson', '-o', 'csv'], inDir);
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split('\r\n').length > 1 ? stdout.trimEnd().split('\r\n') : stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^received_at,device,kind,action,topic,/);
    assert.equal(lines.length, 1 + TRAFFIC.length);
    const records = parseNdjson(capture);
    lines.slice(1).forEach((line, i) => assert.ok(line.startsWith(`${records[i]!.received_at},mx1,`), line));
  });

  test('a .gz capture, a glob (quoted: jetsub expands it), and - for standard input, gzipped or not', async () => {
    const expected = topicsOf(TRAFFIC).map((t) => `${t}\n`).join('');
    for (const args of [['--read', 'capture.ndjson.gz'], ['--read', '-']]) {
      const stdin = args[1] === '-' ? capture : undefined;
      const { code, stdout, stderr } = await runCli(['tail', ...args, '-F', '%t'], { ...inDir, stdin });
      assert.equal(code, 0, stderr);
      assert.equal(stdout, expected, args.join(' '));
    }
    const gzStdin = startShell(`gzip -c capture.ndjson | node ${JSON.stringify(JETSUB_BIN)} tail --read - -F %t`, inDir);
    const piped = await gzStdin.done;
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stdout, expected);
    const { code, stdout, stderr } = await runCli(['tail', '--read', 'capture.*', '--read', 'capture.ndjson', '-F', '%t'], inDir);
    assert.equal(code, 0, stderr);
    // capture.ndjson, capture.ndjson.gz (the glob, by name), then capture.ndjson again.
    assert.equal(stdout, expected.repeat(3));
  });

  test('every format replay reads: the fixtures, mosquitto_sub -v lines, jetsub records', async () => {
    const fixtures = readFileSync(join(FIXTURES_DIR, 'jet-events.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Message);
    const fromFixtures = await runCli(['tail', '--read', join(FIXTURES_DIR, 'jet-events.ndjson'), '-F', '%t', '--validate', 'off'], inDir);
    assert.equal(fromFixtures.code, 0, fromFixtures.stderr);
    assert.equal(fromFixtures.stdout, topicsOf(fixtures).map((t) => `${t}\n`).join(''));
    const fromSub = await runCli(['tail', '--read', 'mosquitto.log', '-o', 'ndjson'], inDir);
    assert.equal(fromSub.code, 0, fromSub.stderr);
    const records = parseNdjson(fromSub.stdout);
    assert.deepEqual(records.map((r) => r.topic), topicsOf(TRAFFIC));
    // mosquitto_sub's bytes are the payload: the events are those of the capture; the device is the file.
    assert.deepEqual(records.map((r) => r.event), parseNdjson(capture).map((r) => r.event));
    assert.deepEqual(new Set(records.map((r) => r.device)), new Set(['mosquitto.log']));
    assert.equal(records.every((r) => r.valid === true), true);
  });

  test('a malformed line is reported with file:line and skipped; the stream goes on', async () => {
    const lines = capture.trimEnd().split('\n');
    writeFileSync(join(dir, 'broken.ndjson'), [lines[0], '{"type":"event", oops', lines[1], ' starts with a space', lines[2]].join('\n') + '\n');
    const { code, stdout, stderr } = await runCli(['tail', '--read', 'broken.ndjson', '-F', '%t'], inDir);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, topicsOf(TRAFFIC.slice(0, 3)).map((t) => `${t}\n`).join(''));
    assert.equal(stderr, 'jetsub: broken.ndjson:2: skipped: a line starting with { that is not JSON (expected a {"topic","payload"} line, a jetsub record, or `topic payload`)\n'
      + 'jetsub: broken.ndjson:4: skipped: a `topic payload` line without a topic (it starts with a space)\n');
  });

  test('--since and --until on received_at; -C at the end of input: 0 when met, 4 (as -W) when not', async () => {
    const times = parseNdjson(capture).map((r) => String(r.received_at));
    const window = await runCli(['tail', '--read', 'capture.ndjson', '--since', times[2]!, '--until', times[5]!, '-F', '%t'], inDir);
    assert.equal(window.code, 0, window.stderr);
    const inWindow = parseNdjson(capture).filter((r) => String(r.received_at) >= times[2]! && String(r.received_at) < times[5]!).map((r) => `${r.topic}\n`);
    assert.equal(window.stdout, inWindow.join(''));
    const relative = await runCli(['tail', '--read', 'capture.ndjson', '--since', '1h', '-F', '%t'], inDir);
    assert.equal(relative.stdout.split('\n').length - 1, TRAFFIC.length, relative.stderr);
    const future = await runCli(['tail', '--read', 'capture.ndjson', '--since', '2099-01-01', '-F', '%t'], inDir);
    assert.deepEqual([future.code, future.stdout, future.stderr], [0, '', '']);
    const met = await runCli(['tail', '--read', 'capture.ndjson', '-C', '2', '-F', '%t'], inDir);
    assert.deepEqual([met.code, met.stdout, met.stderr], [0, topicsOf(TRAFFIC.slice(0, 2)).map((t) => `${t}\n`).join(''), '']);
    const short = await runCli(['tail', '--read', 'capture.ndjson', '--ifd', 'xe-*', '-C', '3', '-F', '%t'], inDir);
    assert.deepEqual([short.code, short.stdout, short.stderr], [4, `${TRAFFIC[1]!.topic}\n`, 'jetsub: the input ended before 3 events (-C 3)\n']);
  });

  test('usage errors exit 2 before anything is read: a connection flag, a bad time, an empty window, no --read, a journal where --read reads, a missing file', async () => {
    const cases: [string[], string][] = [
      [['--read', 'capture.ndjson', '-H', '127.0.0.1'], 'jetsub: --host with --read: --read reads files and connects to no broker; drop --host, or drop --read'],
      [['--read', 'capture.ndjson', '--qos', '1'], 'jetsub: --qos with --read: --read reads files and connects to no broker; drop --qos, or drop --read'],
      [['--read', 'capture.ndjson', '--since', 'yesterday'], "jetsub: --since 'yesterday': not a time; e.g. --since 2026-12-02T02:00:00Z, --since 2026-12-02, or --since 2h (two hours ago)"],
      [['--read', 'capture.ndjson', '--since', '1h', '--until', '2h'], 'jetsub: --since 1h --until 2h: the window is empty; give a --since before the --until'],
      [['--since', '2h'], 'jetsub: --since: filters what --read reads (a broker has no past); add --read <file|dir>'],
      [['--read', 'capture.ndjson', '--journal', '.'], "jetsub: --journal '.': --read reads this directory; write the journal into another directory"],
      [['--read', 'nothing.ndjson'], "jetsub: --read 'nothing.ndjson': no such file or directory; give a capture file, a journal directory, a glob, or - for standard input"],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runCli(['tail', ...args], inDir);
      assert.deepEqual([code, stdout], [2, ''], args.join(' '));
      assert.ok(stderr.startsWith(`${message}\n`), stderr);
    }
    // From the environment (or a profile), a connection setting is ignored: it is not given for this run.
    const env = await runCli(['tail', '--read', 'capture.ndjson', '-F', '%t'], { ...inDir, env: { ...process.env, JETSUB_HOST: '192.0.2.1' } });
    assert.equal(env.code, 0, env.stderr);
  });
});

describe('top --read: the state at the end of the input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jetsub-top-read-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const at = (s: number) => new Date(Date.parse('2026-12-02T02:00:00Z') + s * 1000).toISOString();
  const line = (message: Message, seconds: number) => {
    const payload = JSON.parse(message.payload) as { 'jet-event': unknown };
    return JSON.stringify({ type: 'event', received_at: at(seconds), device: 'mx1', topic: message.topic, kind: 'syslog', action: null,
      topic_fields: {}, valid: true, event: payload['jet-event'] });
  };
  before(() => {
    // ge-0/0/1 flaps twice and stays down; ge-0/0/2 goes down; then, 10 minutes on, ge-0/0/1 comes up again.
    writeFileSync(join(dir, 'flaps.ndjson'), [
      line(linkTrap('DOWN', 'ge-0/0/1'), 0), line(linkTrap('UP', 'ge-0/0/1'), 10), line(linkTrap('DOWN', 'ge-0/0/1'), 20),
      line(linkTrap('UP', 'ge-0/0/1'), 30), line(linkTrap('DOWN', 'ge-0/0/1'), 40), line(linkTrap('DOWN', 'ge-0/0/2'), 50),
      line(linkTrap('UP', 'ge-0/0/1'), 640),
    ].join('\n') + '\n');
  });
  const rows = (snapshot: Record<string, unknown>) => (snapshot.interfaces as Record<string, unknown>[])
    .map((r) => [r.interface, r.link, r.flaps, r.events]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  test('tail --read --collapse-flaps: windows on received_at, so the up 10 minutes on is not in the first window', async () => {
    const { code, stdout, stderr } = await runCli(['tail', '--read', 'flaps.ndjson', '--collapse-flaps', '60', '-o', 'ndjson'], { cwd: dir });
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    const records = parseNdjson(stdout);
    assert.deepEqual(records[0], {
      type: 'flaps', device: 'mx1', interface: 'ge-0/0/1', flaps: 2, events: 5, state: 'down', from: at(0), to: at(40), window_s: 60,
    });
    assert.deepEqual(records.slice(1).map((r) => [r.received_at, r.topic]), [
      [at(50), '/junos/events/syslog/SNMP_TRAP_LINK_DOWN'], [at(640), '/junos/events/syslog/SNMP_TRAP_LINK_UP'],
    ]);
  });

  test('-o json: one snapshot, at the time of the last record, then exit 0', async () => {
    const { code, stdout, stderr } = await runCli(['top', '--read', 'flaps.ndjson', '-o', 'json'], { cwd: dir });
    assert.equal(code, 0, stderr);
    const snapshots = parseNdjson(stdout);
    assert.equal(snapshots.length, 1);
    assert.equal(snapshots[0]!.at, at(640));
    assert.equal(snapshots[0]!.events, 7);
    // Flaps count over the last 5 minutes of the input: only the one that ended at 640 s.
    assert.deepEqual(rows(snapshots[0]!), [['ge-0/0/1', 'up', 1, 6], ['ge-0/0/2', 'down', 0, 1]]);
    // Nothing was connected to: the device is one read from the input.
    assert.deepEqual((snapshots[0]!.devices as Record<string, unknown>[]).map((d) => [d.device, d.connection]), [['mx1', 'read']]);
  });

  test('--until: the state then (two flaps within 5 minutes, ge-0/0/1 down), -o text too', async () => {
    const { code, stdout, stderr } = await runCli(['top', '--read', 'flaps.ndjson', '--until', at(60), '-o', 'json'], { cwd: dir });
    assert.equal(code, 0, stderr);
    const [snapshot] = parseNdjson(stdout);
    assert.equal(snapshot!.at, at(60));
    assert.deepEqual(rows(snapshot!), [['ge-0/0/1', 'down', 2, 5], ['ge-0/0/2', 'down', 0, 1]]);
    const text = await runCli(['top', '--read', 'flaps.ndjson', '--until', at(60), '-o', 'text', '--sort', 'name'], { cwd: dir });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^jetsub top {2}02:01:00Z {2}6 events/);
    assert.match(text.stdout, /\n\S+\s+ge-0\/0\/1\s+down\s+2\s/);
    assert.equal(text.stdout.split('\njetsub top').length, 1, 'one snapshot');
  });
});
