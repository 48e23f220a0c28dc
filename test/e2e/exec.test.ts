/**
 * tail --exec with the built jetsub against a real mosquitto: the line issue 14 says must work
 * as written, what the command gets (stdin, JETSUB_* variables, where its output goes), commands
 * that fail, hang or cannot start, a flood with a slow command and a small queue, concurrency,
 * the end of a run with commands still running, and the usage errors before any socket.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, publishAll, publishLines, startMosquitto, useBrokerWithPublisher } from '../helpers/brokers.js';
import { parseNdjson, runCli, startCli, testEnv, waitSubscribed } from '../helpers/cli.js';
import { ifdChange, ifdEvent, routeEvent, STORM_TOPIC, stormLines, syslogEvent } from '../helpers/events.js';

const IFD = (n: number) => `/junos/events/kernel/interfaces/ifd/change/ge-0/0/${n}`;

/** stderr less the connection's status lines. */
function reports(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l !== '' && !/^jetsub: (connecting|connected|subscribed) /.test(l));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('tail --exec (mosquitto)', () => {
  // No limit on mosquitto's queue for jetsub: the flood must reach it whole.
  const lab = useBrokerWithPublisher(() => startMosquitto({ extraConfig: 'max_queued_messages 0' }));
  const common = () => ['-H', '127.0.0.1', '-p', String(lab.broker.port)];
  let dir: string;
  const workDir = () => mkdtempSync(join(dir, 'run-'));
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'jetsub-exec-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('as written: tail --ifd --exec \'sh -c "cat >> events.ndjson"\' -C 3: events.ndjson holds exactly the 3 records of stdout', async () => {
    const cwd = workDir();
    const cli = startCli(['tail', ...common(), '--ifd', '--exec', 'sh -c "cat >> events.ndjson"', '-C', '3'], { cwd });
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [1, 2, 3, 4, 5].map((i) => ifdChange(`ge-0/0/${i}`)));
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.topic), [IFD(1), IFD(2), IFD(3)]);
    assert.equal(readFileSync(join(cwd, 'events.ndjson'), 'utf8'), stdout, 'each command got its record as -o ndjson prints it, in order');
    assert.deepEqual(reports(stderr).filter((l) => !/waiting up to/.test(l)), ['jetsub: --exec: 3 commands run, every one exited 0']);
  });

  test('the command gets the record on stdin and in JETSUB_* variables, the user\'s environment without its JETSUB_*; its output goes to stderr', async () => {
    const cwd = workDir();
    const script = 'cat > "stdin-$JETSUB_KIND.ndjson"; env | grep ^JETSUB_ | sort > "env-$JETSUB_KIND.txt"; '
      + 'printf "%s\\n" "$USER_VAR" > "user-$JETSUB_KIND.txt"; echo "said by the command for $JETSUB_KIND"; echo "its stderr" >&2';
    const env = testEnv({ USER_VAR: 'kept', JETSUB_OUTPUT: 'ndjson', JETSUB_INTERFACE: 'leftover' });
    const cli = startCli(['tail', ...common(), '--ifd', '--route', '--syslog', '--exec', `sh -c '${script}'`, '-C', '3'], { cwd, env });
    await waitSubscribed(cli, 3);
    await publishAll(lab.publisher, [
      ifdEvent('ge-0/0/7', { action: 'add' }), routeEvent('add', 'inet', '10.20.0.0/16'), syslogEvent('UI_COMMIT_COMPLETED', 'commit complete'),
    ]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 3);
    assert.ok(lines.every((l) => l.startsWith('{"type":"event"')), 'stdout holds records only');
    const read = (name: string) => readFileSync(join(cwd, name), 'utf8');
    assert.deepEqual(['ifd', 'route', 'syslog'].map((kind) => read(`stdin-${kind}.ndjson`)), lines.map((l) => `${l}\n`));
    const received = parseNdjson(stdout).map((r) => r.received_at as string);
    const device = `127.0.0.1:${lab.broker.port}`;
    const shared = (kind: string, receivedAt: string) => [`JETSUB_DEVICE=${device}`, `JETSUB_KIND=${kind}`, 'JETSUB_HOSTNAME=mx1',
      `JETSUB_RECEIVED_AT=${receivedAt}`, 'JETSUB_TYPE=event', 'JETSUB_VALID=true'];
    assert.deepEqual(read('env-ifd.txt').trim().split('\n'), [...shared('ifd', received[0]!), 'JETSUB_ACTION=add',
      'JETSUB_EVENT_ID=KERNEL_EVENT_IFD_ADD', 'JETSUB_IFD=ge-0/0/7', 'JETSUB_INTERFACE=ge-0/0/7', 'JETSUB_SEVERITY=info',
      'JETSUB_TOPIC=/junos/events/kernel/interfaces/ifd/add/ge-0/0/7'].sort());
    assert.deepEqual(read('env-route.txt').trim().split('\n'), [...shared('route', received[1]!), 'JETSUB_ACTION=add',
      'JETSUB_ADDRESS=10.20.0.0', 'JETSUB_EVENT_ID=KERNEL_EVENT_ROUTE_ADD', 'JETSUB_FAMILY=inet', 'JETSUB_PREFIX=10.20.0.0/16',
      'JETSUB_PREFIX_LENGTH=16', 'JETSUB_SEVERITY=info', 'JETSUB_TOPIC=/junos/events/kernel/route/add/inet/10.20.0.0/16'].sort());
    assert.deepEqual(read('env-syslog.txt').trim().split('\n'), [...shared('syslog', received[2]!), 'JETSUB_EVENT_ID=UI_COMMIT_COMPLETED',
      'JETSUB_SEVERITY=warning', 'JETSUB_TOPIC=/junos/events/syslog/UI_COMMIT_COMPLETED'].sort());
    assert.equal(read('user-ifd.txt'), 'kept\n');
    for (const kind of ['ifd', 'route', 'syslog']) assert.match(stderr, new RegExp(`^said by the command for ${kind}$`, 'm'));
    assert.match(stderr, /^its stderr$/m);
  });

  test('a failing command is reported with its exit code or signal and the topic; the stream goes on, the exit code stays 0', async () => {
    const script = 'cat >/dev/null; case "$JETSUB_INTERFACE" in ge-0/0/1) exit 3;; ge-0/0/2) kill -s SEGV $$;; esac; exit 0';
    const cli = startCli(['tail', ...common(), '--ifd', '--exec', `sh -c '${script}'`, '-C', '4']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [1, 2, 3, 1].map((i) => ifdChange(`ge-0/0/${i}`)));
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.topic), [IFD(1), IFD(2), IFD(3), IFD(1)]);
    assert.deepEqual(reports(stderr).filter((l) => !/waiting up to/.test(l)), [
      `jetsub: --exec: exited with code 3 on ${IFD(1)}`,
      `jetsub: --exec: killed by SIGSEGV on ${IFD(2)}`,
      `jetsub: --exec: exited with code 3 on ${IFD(1)}`,
      'jetsub: --exec: 4 commands run, 3 failed',
    ]);
  });

  test('a command that fails for every record: at most 10 lines per 10 s, the rest counted in one line', async () => {
    const cli = startCli(['tail', ...common(), '--ifd', '--exec', 'false', '--exec-concurrency', '4', '-C', '30']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, Array.from({ length: 30 }, (_, i) => ifdChange(`ge-0/0/${i}`)));
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(parseNdjson(stdout).length, 30);
    const lines = reports(stderr).filter((l) => !/waiting up to/.test(l));
    assert.equal(lines.filter((l) => /^jetsub: --exec: exited with code 1 on \/junos\/events\/kernel\/interfaces\/ifd\/change\/ge-0\/0\/\d+$/.test(l)).length, 10);
    assert.deepEqual(lines.slice(10), [
      'jetsub: 20 more like it not shown (--exec failures; at most 10 such lines per 10 s)',
      'jetsub: --exec: 30 commands run, 30 failed',
    ]);
  });

  test('a command that hangs is killed at --exec-timeout with its process group (SIGTERM; SIGKILL when it ignores that), the stream goes on', async () => {
    const cwd = workDir();
    // ge-0/0/1: a shell whose child sleeps (the group must go, not the shell alone); ge-0/0/2 ignores SIGTERM.
    const script = 'case "$JETSUB_INTERFACE" in ge-0/0/1) sleep 30 & echo $! > sleeper.pid; wait;; '
      + 'ge-0/0/2) trap "" TERM; sleep 30;; esac; exit 0';
    const cli = startCli(['tail', ...common(), '--ifd', '--exec', `sh -c '${script}'`, '--exec-timeout', '1s', '-C', '4'], { cwd });
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [1, 2, 3].map((i) => ifdChange(`ge-0/0/${i}`)));
    await cli.waitFor(/ge-0\/0\/3/, { stream: 'stdout' });
    assert.doesNotMatch(cli.stderr, /timed out/, 'the records after the hanging command were written before it timed out');
    await cli.waitFor(/killed \(SIGKILL\)/, { timeoutMs: 15_000 });
    await publishAll(lab.publisher, [ifdChange('ge-0/0/4')]);
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(parseNdjson(stdout).map((r) => r.topic), [IFD(1), IFD(2), IFD(3), IFD(4)]);
    assert.deepEqual(reports(stderr).filter((l) => !/waiting up to/.test(l)), [
      `jetsub: --exec: timed out after 1 s, killed (SIGTERM) on ${IFD(1)}`,
      `jetsub: --exec: timed out after 1 s, killed (SIGKILL) on ${IFD(2)}`,
      'jetsub: --exec: 4 commands run, 2 failed (2 timed out)',
    ]);
    const sleeper = Number(readFileSync(join(cwd, 'sleeper.pid'), 'utf8'));
    assert.equal(isAlive(sleeper), false, 'the sleep in the command\'s group was killed too');
  });

  test('at -C the queue is worked through for up to --exec-timeout: what still waits then is counted as not run', async () => {
    const started = Date.now();
    // Ignores SIGTERM: killed at 2 s + 2 s, after the end's bound (2 s) has given up on the queue.
    const cli = startCli(['tail', ...common(), '--ifd', '--exec', 'sh -c \'trap "" TERM; sleep 30\'', '--exec-timeout', '2s', '-C', '3']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [1, 2, 3].map((i) => ifdChange(`ge-0/0/${i}`)));
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(parseNdjson(stdout).length, 3);
    assert.deepEqual(reports(stderr), [
      'jetsub: --exec: waiting up to 2 s for 1 running and 2 waiting commands (a signal stops them now)',
      `jetsub: --exec: timed out after 2 s, killed (SIGKILL) on ${IFD(1)}`,
      'jetsub: --exec: 1 command run, 1 failed (1 timed out), 2 not run (still waiting when the run ended)',
    ]);
    assert.ok(Date.now() - started < 20_000, 'jetsub ended within the bounds');
  });

  test('a flood: 2,000 events, a slow command and --exec-queue 5: stdout loses nothing, drops are counted and reported, the end is prompt', async () => {
    const cwd = workDir();
    const events = 2000;
    const file = join(cwd, 'storm.txt');
    writeFileSync(file, stormLines(1, events));
    const cli = startCli(['tail', ...common(), '--ifd', '--exec', 'sh -c "cat >> ran.ndjson; sleep 0.2"', '--exec-queue', '5',
      '-C', String(events), '-W', '120'], { cwd });
    await waitSubscribed(cli);
    assert.equal(await publishLines(lab.broker.port, STORM_TOPIC, file), 0);
    await cli.waitFor(/"generation-number":2000\b/, { stream: 'stdout', timeoutMs: 60_000 });
    const lastRecord = Date.now();
    const { code, stdout, stderr } = await cli.done;
    const ended = Date.now() - lastRecord;
    assert.equal(code, 0, stderr.slice(-2000));
    const generations = parseNdjson(stdout).map((r) => (r.event as { attributes: Record<string, number> }).attributes['generation-number']);
    assert.deepEqual(generations, Array.from({ length: events }, (_, i) => i + 1), 'stdout has every event, in order');
    const summary = /^jetsub: --exec: (\d+) commands run, (\d+) records dropped \(queue full\)$/m.exec(stderr);
    assert.ok(summary, stderr.slice(-2000));
    const [run, dropped] = [Number(summary[1]), Number(summary[2])];
    assert.equal(run + dropped, events, 'every record was run or counted as dropped');
    assert.ok(dropped > 0);
    const ran = readFileSync(join(cwd, 'ran.ndjson'), 'utf8').split('\n').filter((l) => l !== '');
    assert.equal(ran.length, run, 'the summary counts the commands that ran');
    const stdoutLines = new Set(stdout.split('\n'));
    assert.ok(ran.every((line) => stdoutLines.has(line)), 'each command got a record of stdout');
    assert.match(stderr, /^jetsub: --exec: 1 running and 5 waiting: records are dropped for --exec until there is room \(stdout still gets every record\)$/m);
    // Once the flood is over, at most 6 commands of 0.2 s are left to run.
    assert.ok(ended < 15_000, `jetsub ended ${ended} ms after the last record`);
  });

  test('-W with a slow command and a full queue: jetsub ends at -W plus what is left to run, and counts the rest', async () => {
    const started = Date.now();
    const cli = startCli(['tail', ...common(), '--ifd', '--exec', 'sleep 0.5', '--exec-queue', '3', '-W', '3']);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, Array.from({ length: 50 }, (_, i) => ifdChange(`ge-0/0/${i}`)));
    const { code, stdout, stderr } = await cli.done;
    const elapsed = Date.now() - started;
    assert.equal(code, 0, stderr);
    assert.equal(parseNdjson(stdout).length, 50);
    const summary = /^jetsub: --exec: (\d+) commands run, (\d+) records dropped \(queue full\)$/m.exec(stderr);
    assert.ok(summary, stderr);
    assert.equal(Number(summary[1]) + Number(summary[2]), 50);
    // -W 3, then at most 4 commands of 0.5 s; generous for a loaded machine.
    assert.ok(elapsed < 20_000, `ended after ${elapsed} ms`);
  });

  test('--exec-concurrency 3: three commands run at once, never more', async () => {
    const cwd = workDir();
    // Each command marks itself running, notes how many are, and succeeds only once it has seen 3 at once.
    const script = 'touch "a.$$"; ls a.* | wc -l >> counts; i=0; '
      + 'while [ "$(ls a.* | wc -l)" -lt 3 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; sleep 0.3; rm "a.$$"; [ $i -lt 100 ]';
    const cli = startCli(['tail', ...common(), '--ifd', '--exec', `sh -c '${script}'`, '--exec-concurrency', '3', '-C', '6'], { cwd });
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [1, 2, 3, 4, 5, 6].map((i) => ifdChange(`ge-0/0/${i}`)));
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(parseNdjson(stdout).length, 6);
    assert.match(stderr, /--exec: 6 commands run, every one exited 0\n$/);
    const counts = readFileSync(join(cwd, 'counts'), 'utf8').trim().split('\n').map(Number);
    assert.equal(counts.length, 6);
    assert.ok(counts.every((c) => c >= 1 && c <= 3), `running at once: ${counts.join(', ')}`);
    assert.deepEqual(readdirSync(cwd).filter((f) => f.startsWith('a.')), []);
  });

  test('a signal while commands run at the end: the first waits for them, the second kills them now', async () => {
    const cwd = workDir();
    const cli = startCli(['tail', ...common(), '--ifd', '--exec', 'sh -c "touch started; sleep 30"', '--exec-timeout', '60s'], { cwd });
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [ifdChange('ge-0/0/1')]);
    await cli.waitFor(/ge-0\/0\/1/, { stream: 'stdout' });
    const deadline = Date.now() + 10_000;
    while (!existsSync(join(cwd, 'started')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    cli.child.kill('SIGTERM');
    await cli.waitFor(/--exec: waiting up to 60 s for 1 running and 0 waiting commands \(a signal stops them now\)\n/);
    const signalled = Date.now();
    cli.child.kill('SIGTERM');
    const { code, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.ok(Date.now() - signalled < 5000, 'the second signal ends the wait at once');
    assert.match(stderr, new RegExp(`--exec: still running when the run ended, killed \\(SIGTERM\\) on ${IFD(1)}\njetsub: --exec: 1 command run, 1 failed\n$`));
  });

  test('a command gone after the start (ENOENT) is reported per record; the stream goes on', async () => {
    const cwd = workDir();
    const script = join(cwd, 'notify.sh');
    writeFileSync(script, '#!/bin/sh\nexit 0\n');
    chmodSync(script, 0o755);
    const cli = startCli(['tail', ...common(), '--ifd', '--exec', script, '-C', '2']);
    await waitSubscribed(cli);
    rmSync(script);
    await publishAll(lab.publisher, [1, 2].map((i) => ifdChange(`ge-0/0/${i}`)));
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(parseNdjson(stdout).length, 2);
    assert.deepEqual(reports(stderr).filter((l) => !/waiting up to/.test(l)), [
      `jetsub: --exec: cannot run ${script}: no such file (ENOENT) on ${IFD(1)}`,
      `jetsub: --exec: cannot run ${script}: no such file (ENOENT) on ${IFD(2)}`,
      'jetsub: --exec: 2 commands run, 2 failed',
    ]);
  });
});

describe('tail --exec: usage errors before any socket', () => {
  const port = freePort();
  const CASES: readonly [string, string[], RegExp][] = [
    ['a command not found on PATH', ['--exec', 'no-such-command-jetsub --flag'],
      /^jetsub: --exec 'no-such-command-jetsub --flag': no-such-command-jetsub is not found on PATH; give its full path, or check its spelling and PATH\n/],
    ['a path that is not an executable file', ['--exec', './README.md'], /^jetsub: --exec '\.\/README\.md': \.\/README\.md is not an executable file; /],
    ['an unbalanced quote, with its column', ['--exec', 'sh -c "cat >> events.ndjson'],
      /^jetsub: --exec 'sh -c "cat >> events\.ndjson': at column 7: this " is never closed \(add a " at the end\); quote as a shell would, /],
    ['a trailing backslash', ['--exec', 'echo \\'], /^jetsub: --exec 'echo \\': at column 6: a backslash at the end escapes nothing/],
    ['an empty command', ['--exec', '  '], /^jetsub: --exec ' {2}': at column 1: no command given/],
    ['--exec-queue without --exec', ['--exec-queue', '5'], /^jetsub: --exec-queue: bounds --exec; add --exec <command>, /],
    ['a concurrency of 0', ['--exec', 'true', '--exec-concurrency', '0'], /^jetsub: --exec-concurrency '0': not a whole number from 1 to 256; /],
    ['a queue that is not a number', ['--exec', 'true', '--exec-queue', 'lots'], /^jetsub: --exec-queue 'lots': not a whole number from 0 to 1000000; /],
    ['a timeout that is not a duration', ['--exec', 'true', '--exec-timeout', '30 sec'],
      /^jetsub: --exec-timeout '30 sec': not a duration from 1ms to 24h; e\.g\. --exec-timeout 30s \(or 500ms, 2m, 1h\)\n/],
  ];
  for (const [name, flags, expected] of CASES) {
    test(`${name}: exit 2`, async () => {
      const { code, stdout, stderr } = await runCli(['tail', '-H', '127.0.0.1', '-p', String(await port), '--ifd', ...flags]);
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, expected);
      assert.doesNotMatch(stderr, /connecting/);
    });
  }

  test('shell operators written unquoted are passed as arguments, with a warning', async () => {
    const { code, stdout, stderr } = await runCli(['tail', '--ifd', '--exec', 'cat >> events.ndjson', '--dry-run']);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '/junos/events/kernel/interfaces/ifd/+/#\n');
    assert.equal(stderr, 'jetsub: --exec runs no shell: \'>>\' reach the command as arguments; for a pipe or a redirection, '
      + 'run a shell yourself, e.g. --exec \'sh -c "cat >> events.ndjson"\'\n');
  });
});
