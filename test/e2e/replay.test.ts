/**
 * The built `jetsub replay` against a real mosquitto, checked with `mosquitto_sub -v` as the
 * reference: byte-exact payloads from fixtures and from mosquitto_sub captures, jetsub
 * records back as the same events, spacing kept and scaled, --loop, bad lines, bad input.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startAedes, startMosquitto, type Mosquitto, type TestBroker } from '../helpers/brokers.js';
import { JETSUB_BIN, parseNdjson, runCli, startCli, waitSubscribed } from '../helpers/cli.js';
import { FIXTURES_DIR, readFixtures } from '../helpers/fixtures.js';
import { startMosquittoSub } from '../helpers/mosquitto-sub.js';

const dir = mkdtempSync(join(tmpdir(), 'jetsub-replay-'));
const JET_EVENTS = join(FIXTURES_DIR, 'jet-events.ndjson');

describe('replay to mosquitto, compared with mosquitto_sub -v', () => {
  let broker: Mosquitto;
  const at = () => ['-H', '127.0.0.1', '-p', String(broker.port)];
  before(async () => (broker = await startMosquitto()));
  after(async () => broker.stop());

  test('fixture lines: every payload byte for byte, in order, the bad ones too', async () => {
    const fixtures = readFixtures();
    const sub = await startMosquittoSub(broker, fixtures.length);
    const { code, stdout, stderr } = await runCli(['replay', JET_EVENTS, ...at()]);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /^jetsub: replaying .*jet-events\.ndjson to mqtt:\/\/127\.0\.0\.1:\d+ at the original pace$/m);
    assert.match(stderr, new RegExp(`^jetsub: replayed ${fixtures.length} messages in [\\d.]+ s`, 'm'));
    const expected = Buffer.concat(fixtures.map((f) => Buffer.from(`${f.topic} ${f.payload}\n`, 'utf8')));
    assert.ok((await sub.output).equals(expected), 'mosquitto_sub saw exactly the fixture payloads');
  });

  test('a mosquitto_sub -v capture replays to the same capture, NUL and invalid UTF-8 included', async () => {
    const capture = Buffer.concat([
      Buffer.from('/junos/events/syslog/SYSTEM {"jet-event":{"event-id":"SYSTEM"}}\u0000\n'),
      Buffer.from('/junos/events/kernel/interfaces/ifd/change/ge-0/0/0 '), Buffer.from([0xff, 0xfe, 0x7b]), Buffer.from('\n'),
      Buffer.from('/junos/events/syslog/UI_COMMIT  two  spaces \r\n'),
      (await runCli(['simulate', '--seed', '2', '-C', '50', '--dry-run'])).stdout.split('\n').filter(Boolean)
        .map((line) => JSON.parse(line) as { topic: string; payload: string })
        .reduce((all, e) => Buffer.concat([all, Buffer.from(`${e.topic} ${e.payload}\n`)]), Buffer.alloc(0)),
    ]);
    const file = join(dir, 'capture.txt');
    writeFileSync(file, capture);
    const sub = await startMosquittoSub(broker, 53);
    const { code, stderr } = await runCli(['replay', file, '--as-fast-as-possible', ...at()]);
    assert.equal(code, 0, stderr);
    assert.ok((await sub.output).equals(capture), 'the second capture is the first, byte for byte');
  });

  test('jetsub records: replayed and tailed again, the same events; spacing kept at --speed', async () => {
    const records = parseNdjson(readFileSync(JET_EVENTS, 'utf8')).slice(0, 6).map((fixture, index) => ({
      type: 'event', received_at: new Date(Date.UTC(2026, 10, 24, 9, 15, index)).toISOString(), device: 'mx1',
      topic: fixture.topic, kind: 'x', action: null, topic_fields: {}, valid: true, event: JSON.parse(fixture.payload as string)['jet-event'],
    }));
    const file = join(dir, 'records.ndjson');
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
    const tail = startCli(['tail', ...at(), '-o', 'ndjson', '-C', '6', '-W', '20']);
    await waitSubscribed(tail);
    const { code, stderr } = await runCli(['replay', file, '--speed', '5', ...at()]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /at 5x the original pace/);
    const tailed = parseNdjson((await tail.done).stdout);
    assert.deepEqual(tailed.map((r) => [r.topic, r.event]), records.map((r) => [r.topic, r.event]));
    const gaps = tailed.slice(1).map((r, i) => Date.parse(r.received_at as string) - Date.parse(tailed[i]!.received_at as string));
    for (const gap of gaps) assert.ok(gap > 120 && gap < 500, `1 s apart at --speed 5 is about 200 ms, not ${gap} ms`);
  });
});

describe('replay: --loop, bad lines, bad input (aedes)', () => {
  let broker: TestBroker;
  const at = () => ['-H', '127.0.0.1', '-p', String(broker.port)];
  before(async () => (broker = await startAedes()));
  after(async () => broker.stop());

  test('--loop starts over until Ctrl-C; lines that hold no message are reported and skipped', async () => {
    const file = join(dir, 'loop.txt');
    writeFileSync(file, '/junos/events/syslog/A 1\n{"broken": \n/junos/events/syslog/B 2\n');
    const tail = startCli(['tail', ...at(), '-o', 'raw', '-C', '6', '-W', '20']);
    await waitSubscribed(tail);
    const replay = startCli(['replay', file, '--loop', '--as-fast-as-possible', ...at()]);
    const tailed = await tail.done;
    assert.equal(tailed.code, 0, tailed.stderr);
    assert.equal(tailed.stdout, '1\n2\n1\n2\n1\n2\n');
    replay.child.kill('SIGINT');
    const { code, stdout, stderr } = await replay.done;
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /in a loop \(Ctrl-C to stop\)/);
    assert.match(stderr, /^jetsub: line 2 skipped: a line starting with \{ that is not JSON/m);
    assert.match(stderr, /^jetsub: replayed \d+ messages in [\d.]+ s \(\d+\/s\); skipped \d+ lines that hold no message$/m);
  });

  test('lines that are not capture records are reported with their line number, skipped, and not published', async () => {
    const tail = startCli(['tail', ...at(), '-t', '#', '-o', 'raw', '-C', '1', '-W', '20']);
    await waitSubscribed(tail);
    const replay = await runCli(['replay', '-', '--as-fast-as-possible', ...at()], { stdin: 'garbage line\nmore text here\n/junos/events/syslog/A kept\n' });
    assert.equal(replay.code, 0, replay.stderr);
    assert.equal(replay.stdout, '');
    assert.match(replay.stderr, /^jetsub: line 1 skipped: 'garbage' is not a topic, so this is not a capture record \(expected .*\)$/m);
    assert.match(replay.stderr, /^jetsub: line 2 skipped: /m);
    assert.match(replay.stderr, /^jetsub: replayed 1 messages in [\d.]+ s \(\d+\/s\); skipped 2 lines that hold no message$/m);
    const tailed = await tail.done;
    assert.equal(tailed.code, 0, tailed.stderr);
    assert.equal(tailed.stdout, 'kept\n', 'only the real line was published');
  });

  test('a progress bar on a terminal for a file of 1 MiB or more, erased before the summary; none when piped', async () => {
    const file = join(dir, 'big.ndjson');
    writeFileSync(file, (await runCli(['simulate', '--seed', '6', '-C', '5000', '--dry-run'])).stdout);
    assert.ok(statSync(file).size >= 1024 * 1024);
    const command = [process.execPath, JETSUB_BIN, 'replay', file, '--as-fast-as-possible', ...at()].map((a) => `'${a}'`).join(' ');
    const onTerminal = await runCli([], { command: ['script', '-qfec', command, '/dev/null'] });
    assert.equal(onTerminal.code, 0, onTerminal.stdout);
    assert.match(onTerminal.stdout, /\rjetsub: replay \[[#-]{30}\] +\d+% \d+ sent\x1b\[K/);
    assert.match(onTerminal.stdout, /\r\x1b\[Kjetsub: replayed 5000 messages in /);
    const piped = await runCli(['replay', file, '--as-fast-as-possible', ...at()]);
    assert.equal(piped.code, 0, piped.stderr);
    assert.doesNotMatch(piped.stderr, /\r|jetsub: replay \[/);
  });

  test('standard input, as fast as possible', async () => {
    const tail = startCli(['tail', ...at(), '-o', 'raw', '-C', '2', '-W', '20']);
    await waitSubscribed(tail);
    const { code, stderr } = await runCli(['replay', '-', '--as-fast-as-possible', ...at()], { stdin: '/junos/events/syslog/X {"a":1}\n{"topic":"/junos/events/syslog/Y","payload":"b c"}\n' });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /replaying stdin/);
    assert.equal((await tail.done).stdout, '{"a":1}\nb c\n');
  });

  const usage: [args: string[], message: RegExp][] = [
    [['replay', join(dir, 'nope.ndjson')], /^jetsub: '.*nope\.ndjson': cannot read it \(ENOENT\); give a readable file, or - for standard input$/m],
    [['replay', '-', '--loop'], /^jetsub: --loop: stdin cannot be read twice; give a file$/m],
    [['replay', JET_EVENTS, '--speed', '0'], /^jetsub: --speed '0': not a positive number/m],
    [['replay'], /missing required argument 'file'/],
    [['replay', JET_EVENTS, '--topic-prefix', 'fleet/{device}'], /^jetsub: --topic-prefix: replay publishes; it cannot tell the device of every line; leave --topic-prefix out$/m],
  ];
  for (const [args, message] of usage) {
    test(`${args.slice(1).join(' ') || '(no file)'}: exit 2, nothing sent`, async () => {
      const { code, stdout, stderr } = await runCli([...args, ...at()], { stdin: '' });
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
    });
  }
});
