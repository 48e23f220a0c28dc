/**
 * tail --journal with the built jetsub against a real mosquitto, and read back with --read:
 * the line issue 14 says must work as written, a writer killed with SIGKILL in a flood
 * (every complete line read back, the torn one reported, exit 0; the next writer takes the
 * stale lock over and gzips what was left open), rotation by size into gzipped files,
 * --journal-keep by size and by age, the lock against a second writer, and "what flapped
 * between 02:00 and 03:00" with --since/--until.
 */
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, describe, test } from 'node:test';
import { publishAll, publishLines, startMosquitto, useBrokerWithPublisher } from '../helpers/brokers.js';
import { JETSUB_BIN, parseNdjson, runCli, startCli, startShell, testEnv, waitSubscribed } from '../helpers/cli.js';
import { ifdChange, ifdEvent, linkTrap, STORM_TOPIC, stormLines, type Message } from '../helpers/events.js';

/** Every line of a journal's files in name order (gzipped ones unzipped), and the bytes after the last newline of each. */
function readJournalFiles(dir: string): { lines: string[]; torn: string[]; names: string[] } {
  const names = readdirSync(dir).filter((n) => /\.ndjson(\.gz)?$/.test(n)).sort();
  const lines: string[] = [];
  const torn: string[] = [];
  for (const name of names) {
    const bytes = readFileSync(join(dir, name));
    const text = (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    const end = text.lastIndexOf('\n') + 1;
    lines.push(...text.slice(0, end).split('\n').filter(Boolean));
    if (end < text.length) torn.push(`${name}:${text.slice(0, end).split('\n').length}`);
  }
  return { lines, torn, names };
}

const ifds = (n: number, prefix = 'ge-0/0/'): Message[] => Array.from({ length: n }, (_, i) => ifdEvent(`${prefix}${i}`));

describe('--journal (mosquitto)', () => {
  const lab = useBrokerWithPublisher(() => startMosquitto({ extraConfig: 'max_queued_messages 0' }));
  const root = mkdtempSync(join(tmpdir(), 'jetsub-journal-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const host = () => ['-H', `mx1=127.0.0.1:${lab.broker.port}`];
  let n = 0;
  const newDir = () => {
    const dir = join(root, `case-${n++}`);
    mkdirSync(dir);
    return dir;
  };

  test('as written: jetsub tail --ifd --journal journal/ -C 4 && jetsub tail --read journal/ -o ndjson', async () => {
    const cwd = newDir();
    // `jetsub` on PATH is the built one; the broker comes from the environment (a --host beside --read would be a usage error).
    mkdirSync(join(cwd, 'bin'));
    writeFileSync(join(cwd, 'bin', 'jetsub'), `#!/bin/sh\nexec "${process.execPath}" "${JETSUB_BIN}" "$@"\n`);
    chmodSync(join(cwd, 'bin', 'jetsub'), 0o755);
    const shell = startShell('jetsub tail --ifd --journal journal/ -C 4 && jetsub tail --read journal/ -o ndjson', {
      cwd, env: testEnv({ JETSUB_HOST: `127.0.0.1:${lab.broker.port}`, PATH: `${join(cwd, 'bin')}:${process.env.PATH}` }),
    });
    await waitSubscribed(shell);
    await publishAll(lab.publisher, [ifdChange('ge-0/0/1'), linkTrap('DOWN', 'ge-0/0/1'), ...ifds(3)]);
    const { code, stdout, stderr } = await shell.done;
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 8, stdout);
    // The journal holds each record as -o ndjson printed it, byte for byte, and reads back the same.
    assert.deepEqual(lines.slice(4), lines.slice(0, 4));
    assert.deepEqual(parseNdjson(stdout).slice(0, 4).map((r) => r.topic), [ifdChange('ge-0/0/1'), ...ifds(3)].map((m) => m.topic));
    const files = readdirSync(join(cwd, 'journal'));
    assert.equal(files.length, 1, files.join(' '));
    assert.match(files[0]!, /^\d{8}T\d{6}\.\d{3}Z\.ndjson\.gz$/);
  });

  test('SIGKILL in a flood: every complete line is read back, the torn one reported, exit 0; the next writer takes over', async (t) => {
    const cwd = newDir();
    const journal = join(cwd, 'journal');
    const storm = join(cwd, 'storm.txt');
    writeFileSync(storm, stormLines(0, 150_000));
    const cli = startCli(['tail', ...host(), '--ifd', '--journal', journal, '--journal-file-size', '256k', '-o', 'raw'], { cwd });
    await waitSubscribed(cli);
    void publishLines(lab.broker.port, STORM_TOPIC, storm);
    const deadline = Date.now() + 60_000;
    const written = () => readdirSync(journal).filter((f) => f.endsWith('.ndjson')).reduce((sum, f) => sum + statSync(join(journal, f)).size, 0);
    while (readdirSync(journal).filter((f) => f.endsWith('.gz')).length < 2 || written() < 100_000) {
      assert.ok(Date.now() < deadline, `the journal did not grow: ${readdirSync(journal).join(' ')}\n${cli.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    cli.child.kill('SIGKILL');
    const killed = await cli.done;
    assert.equal(killed.signal, 'SIGKILL');
    const before = readJournalFiles(journal);
    // A kill between two writes leaves whole lines; what a kill inside a write leaves is made here when it did not happen.
    const open = readdirSync(journal).filter((f) => f.endsWith('.ndjson')).sort().at(-1)!;
    t.diagnostic(before.torn.length === 0 ? 'the kill fell between two writes: a torn line is appended' : `the kill cut a write: ${before.torn[0]}`);
    if (before.torn.length === 0) appendFileSync(join(journal, open), '{"type":"event","received_at":"2026-12-02T02:0');
    const { lines, torn } = readJournalFiles(journal);
    assert.equal(torn.length, 1);
    assert.ok(lines.length > 300, `${lines.length} complete lines`);

    const read = await runCli(['tail', '--read', journal, '-o', 'ndjson'], { cwd });
    assert.equal(read.code, 0, read.stderr);
    // Besides the torn line, stderr may say that stdout (this test reading it) fell behind.
    const problems = read.stderr.split('\n').filter((line) => line !== '' && !/^jetsub: stdout (is behind|caught up)/.test(line));
    assert.deepEqual(problems, [`jetsub: ${join(journal, torn[0]!.split(':')[0]!)}:${torn[0]!.split(':')[1]}: torn last line (no newline at its end: a write cut short?), skipped`]);
    const records = parseNdjson(read.stdout);
    assert.equal(records.length, lines.length);
    assert.deepEqual(records.map((r) => r.received_at), lines.map((l) => (JSON.parse(l) as { received_at: string }).received_at));
    const generations = records.map((r) => (r.event as { attributes: { 'generation-number': number } }).attributes['generation-number']);
    assert.deepEqual(generations, [...generations].sort((a, b) => a - b), 'in the order received');

    // The next writer: the stale lock taken over, the file left open gzipped, then its own file.
    const next = startCli(['tail', ...host(), '--ifd', '--journal', journal, '-C', '1', '-o', 'raw'], { cwd });
    await waitSubscribed(next);
    await publishAll(lab.publisher, [ifdChange('xe-9/9/9')]);
    const done = await next.done;
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, new RegExp(`jetsub: --journal: took over the lock of jetsub pid ${cli.child.pid}, which is not running\n`));
    const after = readdirSync(journal);
    assert.deepEqual(after.filter((f) => !f.endsWith('.ndjson.gz')), [], after.join(' '));
    const again = await runCli(['tail', '--read', journal, '-F', '%t'], { cwd });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout.split('\n').length - 1, lines.length + 1);
    assert.ok(again.stdout.endsWith(`${ifdChange('xe-9/9/9').topic}\n`));
    assert.match(again.stderr, /torn last line/);
  });

  test('rotation by size: closed files gzipped, none past --journal-file-size, read back in order', async () => {
    const cwd = newDir();
    const messages = ifds(40);
    const cli = startCli(['tail', ...host(), '--ifd', '--journal', 'journal', '--journal-file-size', '2k', '-C', '40', '-o', 'ndjson'], { cwd });
    await waitSubscribed(cli);
    await publishAll(lab.publisher, messages);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    const { lines, names, torn } = readJournalFiles(join(cwd, 'journal'));
    assert.ok(names.length >= 5, names.join(' '));
    assert.ok(names.every((name) => name.endsWith('.ndjson.gz')), names.join(' '));
    for (const name of names) assert.ok(gunzipSync(readFileSync(join(cwd, 'journal', name))).length <= 2048, name);
    assert.deepEqual([lines.join('\n') + '\n', torn], [stdout, []]);
    const read = await runCli(['tail', '--read', 'journal/', '-o', 'ndjson'], { cwd });
    assert.deepEqual([read.code, read.stdout, read.stderr], [0, stdout, '']);
  });

  test('--journal-keep: by total size the oldest go; by age, files last written before it', async () => {
    const cwd = newDir();
    const journal = join(cwd, 'journal');
    mkdirSync(journal);
    const old = join(journal, '20260101T000000.000Z.ndjson.gz');
    const recent = join(journal, '20260102T000000.000Z.ndjson.gz');
    writeFileSync(old, '');
    writeFileSync(recent, '');
    const month = new Date(Date.now() - 30 * 86_400_000);
    utimesSync(old, month, month);
    const byAge = startCli(['tail', ...host(), '--ifd', '--journal', 'journal', '--journal-keep', '7d', '-C', '1', '-o', 'raw'], { cwd });
    await waitSubscribed(byAge);
    await publishAll(lab.publisher, [ifdChange('ge-0/0/1')]);
    assert.equal((await byAge.done).code, 0);
    assert.deepEqual(readdirSync(journal).filter((f) => f.startsWith('2026010')), ['20260102T000000.000Z.ndjson.gz']);

    rmSync(journal, { recursive: true });
    const bySize = startCli(['tail', ...host(), '--ifd', '--journal', 'journal', '--journal-file-size', '1k', '--journal-keep', '2k', '-C', '40', '-o', 'ndjson'], { cwd });
    await waitSubscribed(bySize);
    await publishAll(lab.publisher, ifds(40));
    const { code, stdout, stderr } = await bySize.done;
    assert.equal(code, 0, stderr);
    const { names, lines } = readJournalFiles(journal);
    const total = names.reduce((sum, name) => sum + statSync(join(journal, name)).size, 0);
    assert.ok(total <= 2048, `${total} bytes kept in ${names.length} files`);
    assert.ok(names.length >= 2 && lines.length < 40, `${names.length} files, ${lines.length} lines`);
    // What is kept is the newest: the end of what was written.
    assert.ok(stdout.endsWith(`${lines.join('\n')}\n`));
  });

  test('one writer per journal: a second jetsub is a usage error (exit 2) before it connects', async () => {
    const cwd = newDir();
    const first = startCli(['tail', ...host(), '--ifd', '--journal', 'journal', '-o', 'raw'], { cwd });
    await waitSubscribed(first);
    const second = await runCli(['tail', ...host(), '--ifd', '--journal', 'journal'], { cwd });
    assert.deepEqual([second.code, second.stdout], [2, '']);
    assert.equal(second.stderr, `jetsub: --journal 'journal': another jetsub (pid ${first.child.pid}) writes this journal (lock: journal/.lock); `
      + 'give each jetsub its own --journal directory; if no process has that pid, remove the lock file\n');
    first.child.kill('SIGINT');
    assert.equal((await first.done).code, 0);
    assert.deepEqual(readdirSync(join(cwd, 'journal')).filter((f) => f.startsWith('.')), []);
  });
});

describe('what flapped between 02:00 and 03:00 (a journal, --since/--until)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'jetsub-journal-window-'));
  after(() => rmSync(cwd, { recursive: true, force: true }));

  test('--read journal/ --since 2026-12-02T02:00:00Z --until 2026-12-02T03:00:00Z', async () => {
    const record = (message: Message, at: string) => JSON.stringify({ type: 'event', received_at: at, device: 'mx1', topic: message.topic,
      kind: 'syslog', action: null, topic_fields: {}, valid: true, event: (JSON.parse(message.payload) as { 'jet-event': unknown })['jet-event'] });
    writeFileSync(join(cwd, 'night.ndjson'), [
      record(linkTrap('DOWN', 'ge-0/0/1'), '2026-12-02T01:59:00.000Z'), record(linkTrap('UP', 'ge-0/0/1'), '2026-12-02T01:59:30.000Z'),
      record(linkTrap('DOWN', 'ge-0/0/2'), '2026-12-02T02:10:00.000Z'), record(linkTrap('UP', 'ge-0/0/2'), '2026-12-02T02:10:05.000Z'),
      record(linkTrap('DOWN', 'xe-1/0/0'), '2026-12-02T02:59:59.000Z'), record(linkTrap('UP', 'xe-1/0/0'), '2026-12-02T03:00:00.000Z'),
    ].join('\n') + '\n');
    // A journal holds the records' own received_at: filling one from a capture keeps them.
    const fill = await runCli(['tail', '--read', 'night.ndjson', '--journal', 'journal/', '-o', 'raw'], { cwd });
    assert.equal(fill.code, 0, fill.stderr);
    const { code, stdout, stderr } = await runCli(['tail', '--read', 'journal/', '--since', '2026-12-02T02:00:00Z', '--until', '2026-12-02T03:00:00Z',
      '--syslog', 'SNMP_TRAP_LINK_*', '-F', '%I %{event.event-id} %{event.attributes.interface-name}'], { cwd });
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '2026-12-02T02:10:00.000Z SNMP_TRAP_LINK_DOWN ge-0/0/2\n2026-12-02T02:10:05.000Z SNMP_TRAP_LINK_UP ge-0/0/2\n'
      + '2026-12-02T02:59:59.000Z SNMP_TRAP_LINK_DOWN xe-1/0/0\n');
  });
});
