/**
 * `jetsub top` on a real terminal: the built CLI runs in tmux (a pseudo-terminal with a
 * screen we can read back) against a real mosquitto fed with link flaps. The captured screen
 * must show the flapping interfaces with the right counts; q and Ctrl-C exit 0; and the
 * terminal is restored (the alternate screen left, the tty back in canonical mode).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { publishAll, startMosquitto, useBrokerWithPublisher } from '../helpers/brokers.js';
import { JETSUB_BIN, testEnv } from '../helpers/cli.js';
import { execBounded } from '../helpers/processes.js';
import { flaps, ifdChange, linkTrap } from '../helpers/events.js';

const run = execBounded;

/** A tmux server of our own (own socket, no user config) with one shell window. */
class Tmux {
  private constructor(private readonly socket: string, private readonly dir: string) {}

  static async start(columns: number, rows: number): Promise<Tmux> {
    const dir = mkdtempSync(join(tmpdir(), 'jetsub-tmux-'));
    const tmux = new Tmux(join(dir, 'tmux.sock'), dir);
    await tmux.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'top', '-x', String(columns), '-y', String(rows),
      'env', 'PS1=$ ', 'bash', '--norc', '--noprofile');
    await tmux.tmux('set-option', '-g', 'status', 'off');
    return tmux;
  }

  async tmux(...args: string[]): Promise<string> {
    const { stdout } = await run('tmux', ['-S', this.socket, ...args], { env: testEnv({ TERM: 'xterm-256color' }) });
    return stdout;
  }

  /** Type text; names such as Enter or C-c are keys. */
  async send(...keys: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', 'top', ...keys);
  }

  async typeLine(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', 'top', '-l', text);
    await this.send('Enter');
  }

  capture(): Promise<string> {
    return this.tmux('capture-pane', '-p', '-t', 'top');
  }

  /** The screen as soon as it matches; there is no other signal from a terminal than what it shows. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = await this.capture();
      if (pattern.test(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${pattern} on the screen:\n${screen}`);
  }

  async stop(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The cells of an interface's row, split on runs of two or more spaces. */
function rowOf(screen: string, iface: string): string[] {
  const line = screen.split('\n').find((l) => l.split(/\s{2,}/)[1] === iface);
  assert.ok(line, `no row for ${iface} on the screen:\n${screen}`);
  return line.trim().split(/\s{2,}/);
}

const shellQuote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

describe('jetsub top on a terminal (tmux, mosquitto)', () => {
  const lab = useBrokerWithPublisher(() => startMosquitto());
  let tmux: Tmux;
  const command = (...args: string[]) =>
    [process.execPath, JETSUB_BIN, 'top', '-H', `mx1=127.0.0.1:${lab.broker.port}`, ...args].map(shellQuote).join(' ') + '; echo "EXIT=$?"';

  test('80x24: shows the flapping interfaces with their counts; keys work; q exits 0 and restores the terminal', async () => {
    tmux = await Tmux.start(80, 24);
    try {
      await tmux.typeLine(command());
      await tmux.waitFor(/mx1 +connected[^\n]*\n[^]*ROUTER +INTERFACE +LINK +FLAPS\/5m +LAST CHANGE +EV\/S/);
      await publishAll(lab.publisher, [
        ...flaps('ge-0/0/1', 7, { withIfd: true }), ...flaps('ge-0/0/2', 3, { withIfd: true }), linkTrap('DOWN', 'xe-0/0/3'), ifdChange('ge-0/0/4'),
        { topic: '/junos/events/syslog/SNMP_TRAP_LINK_DOWN', payload: 'not json' },
        linkTrap('DOWN', 'ge-0/0/9\u001b[2J\u001b[31m'),
      ]);
      const screen = await tmux.waitFor(/ 34 events  1 invalid/);
      const lines = screen.split('\n');
      assert.equal(lines.length, 25, 'the screen is 24 lines and a final newline');
      for (const line of lines) assert.ok(line.length <= 80, line);
      assert.deepEqual(rowOf(screen, 'ge-0/0/1').slice(0, 4), ['mx1', 'ge-0/0/1', 'up', '7']);
      assert.deepEqual(rowOf(screen, 'ge-0/0/2').slice(0, 4), ['mx1', 'ge-0/0/2', 'up', '3']);
      assert.deepEqual(rowOf(screen, 'xe-0/0/3').slice(0, 4), ['mx1', 'xe-0/0/3', 'down', '0']);
      assert.deepEqual(rowOf(screen, 'ge-0/0/4').slice(0, 5), ['mx1', 'ge-0/0/4', '?', '0', '-']);
      assert.deepEqual(rowOf(screen, 'ge-0/0/9\\x1b[2J\\x1b[31m').slice(2, 4), ['down', '0']);
      assert.match(screen, /^mx1 +connected +34 events +5 intf +2 down +10 flaps\/5m$/m);
      assert.match(screen, /^ids {2}SNMP_TRAP_LINK_DOWN 13 {2}KERNEL_EVENT_IFD_CHANGE 11 {2}SNMP_TRAP_LINK_UP 10$/m);
      assert.match(screen, /^ev\/s +[▁▂▃▄▅▆▇█ ]*[▁▂▃▄▅▆▇█] +\d+(\.\d)?\/s$/m);
      assert.match(screen, /^5 interfaces +q quit {2}p pause {2}s sort {2}\/ filter$/m);

      await tmux.send('s');
      const byFlaps = await tmux.waitFor(/sort flaps/);
      const table = byFlaps.split('\n');
      const head = table.findIndex((l) => l.startsWith('ROUTER'));
      assert.deepEqual(table.slice(head + 1, head + 3).map((l) => l.split(/\s{2,}/)[1]), ['ge-0/0/1', 'ge-0/0/2']);

      await tmux.send('/', 'xe-*', 'Enter');
      const filtered = await tmux.waitFor(/filter xe-\*/);
      assert.match(filtered, /^1 interfaces/m);
      assert.deepEqual(rowOf(filtered, 'xe-0/0/3').slice(0, 3), ['mx1', 'xe-0/0/3', 'down']);
      assert.doesNotMatch(filtered, /ge-0\/0\/1/);

      await tmux.send('p');
      await tmux.waitFor(/PAUSED {2}sort flaps {2}filter xe-\*/);

      await tmux.send('q');
      const after = await tmux.waitFor(/^EXIT=\d+$/m);
      assert.match(after, /^EXIT=0$/m);
      assert.doesNotMatch(after, /ROUTER|jetsub top|flaps\/5m/, 'the alternate screen is left: the shell shows again');
      assert.match(after, /^\$ .*jetsub\.js' 'top'/m);
      assert.match(after, /^jetsub: connecting to mqtt:\/\/127\.0\.0\.1:\d+ as jetsub-\w+ \(mx1\)\njetsub: connected to [^\n]*\njetsub: subscribed to \/junos\/events\/# \(qos 0\)\nEXIT=0\n\$$/m);
      await tmux.typeLine("stty -a | tr ' ;' '\\n\\n' | grep -x -e -icanon -e icanon -e -echo -e echo | sort | tr '\\n' ' '; echo");
      await tmux.waitFor(/^echo icanon$/m);
    } finally {
      await tmux.stop();
    }
  });

  test('jetsub demo flap --view top: the simulated routers flap on the live screen; q exits 0 and restores the terminal', async () => {
    tmux = await Tmux.start(80, 24);
    try {
      await tmux.typeLine([process.execPath, JETSUB_BIN, 'demo', 'flap', '--view', 'top', '--rate', '200', '--seed', '7'].map(shellQuote).join(' ') + '; echo "EXIT=$?"');
      const screen = await tmux.waitFor(/^demo +connected +\d+ events +\d+ intf +\d+ down +[1-9]\d* flaps\/5m$/m);
      const rows = screen.split('\n').slice(screen.split('\n').findIndex((l) => l.startsWith('ROUTER')) + 1).filter((l) => /^mx\d /.test(l));
      assert.ok(rows.length > 0, screen);
      for (const row of rows) assert.match(row, /^mx[123] +\S+ +(up|down|\?) +\d+ +(\d+[smhd]\S* ago|-) +[\d.]+k?$/);
      assert.ok(rows.some((row) => Number(row.split(/\s{2,}/)[3]) > 0), screen);
      await tmux.send('q');
      const after = await tmux.waitFor(/^EXIT=\d+$/m);
      assert.match(after, /^EXIT=0$/m);
      assert.doesNotMatch(after, /ROUTER|jetsub top|flaps\/5m/);
    } finally {
      await tmux.stop();
    }
  });

  test('uses a larger terminal; follows a resize, a lost broker and its return; Ctrl-C exits 0 and restores the terminal', async () => {
    tmux = await Tmux.start(80, 24);
    try {
      await tmux.typeLine(command('--sort', 'flaps'));
      await tmux.waitFor(/mx1 +connected/);
      await publishAll(lab.publisher, [...flaps('ae0', 2, { withIfd: true }), ...flaps('et-0/0/0:1', 4, { withIfd: true })]);
      await tmux.waitFor(/^mx1 +connected +18 events/m);
      await tmux.tmux('resize-window', '-t', 'top', '-x', '132', '-y', '40');
      const wide = await tmux.waitFor(/LAST CHANGE +EV\/S +EVENTS +LAST EVENT/);
      assert.equal(wide.split('\n').length, 41);
      assert.deepEqual(rowOf(wide, 'et-0/0/0:1').slice(0, 4), ['mx1', 'et-0/0/0:1', 'up', '4']);
      assert.deepEqual(rowOf(wide, 'ae0').slice(0, 4), ['mx1', 'ae0', 'up', '2']);
      assert.deepEqual(rowOf(wide, 'ae0').slice(-2), ['6', 'SNMP_TRAP_LINK_UP']);

      await lab.broker.stop();
      await tmux.waitFor(/^mx1 +reconnecting/m);
      await lab.broker.start();
      await tmux.waitFor(/^mx1 +connected .* 1 gaps$/m);

      await tmux.send('C-c');
      const after = await tmux.waitFor(/^EXIT=\d+$/m);
      assert.match(after, /^EXIT=0$/m);
      assert.doesNotMatch(after, /ROUTER|jetsub top|flaps\/5m/);
      await tmux.typeLine("stty -a | tr ' ;' '\\n\\n' | grep -x -e -icanon -e icanon -e -echo -e echo | sort | tr '\\n' ' '; echo");
      await tmux.waitFor(/^echo icanon$/m);
    } finally {
      await tmux.stop();
    }
  });
});

describe('jetsub top --read on a terminal (tmux, no broker)', () => {
  test('fills the screen from a capture, then holds the state at its end until q (exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jetsub-top-read-screen-'));
    const start = Date.parse('2026-12-02T02:00:00Z');
    const line = ({ topic, payload }: { topic: string; payload: string }, i: number) => JSON.stringify({
      type: 'event', received_at: new Date(start + i * 1000).toISOString(), device: 'mx1', topic, kind: 'syslog', action: null,
      topic_fields: {}, valid: true, event: (JSON.parse(payload) as { 'jet-event': unknown })['jet-event'],
    });
    writeFileSync(join(dir, 'night.ndjson'), [...flaps('ge-0/0/1', 3), linkTrap('DOWN', 'xe-0/0/3')].map(line).join('\n') + '\n');
    const tmux = await Tmux.start(80, 24);
    try {
      await tmux.typeLine([process.execPath, JETSUB_BIN, 'top', '--read', join(dir, 'night.ndjson')].map(shellQuote).join(' ') + '; echo "EXIT=$?"');
      // The clock is the capture's: the time of its last record.
      const screen = await tmux.waitFor(/^jetsub top {2}02:00:06Z {2}7 events {2}0 invalid/m);
      assert.deepEqual(rowOf(screen, 'ge-0/0/1').slice(0, 4), ['mx1', 'ge-0/0/1', 'up', '3']);
      assert.deepEqual(rowOf(screen, 'xe-0/0/3').slice(0, 4), ['mx1', 'xe-0/0/3', 'down', '0']);
      assert.match(screen, /^mx1 +read +7 events +2 intf +1 down +3 flaps\/5m$/m);
      await tmux.send('q');
      const after = await tmux.waitFor(/^EXIT=\d+$/m);
      assert.match(after, /^EXIT=0$/m);
      assert.doesNotMatch(after, /ROUTER|flaps\/5m/);
    } finally {
      await tmux.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
