import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { EXIT } from '../../../src/errors.js';
import type { Key } from '../../../src/top/keys.js';
import { openScreen, type Terminal } from '../../../src/top/screen.js';
import { createSession } from '../../../src/top/session.js';
import { showScreen } from '../../../src/top/show-screen.js';
import { T0, flaps } from './inputs.js';

const ENTER = '\u001b[?1049h';
const LEAVE = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

class FakeTerminal {
  readonly input = Object.assign(new EventEmitter(), {
    raw: false,
    flowing: false,
    setRawMode(mode: boolean) {
      this.raw = mode;
    },
    setEncoding() {},
    resume() {
      this.flowing = true;
    },
    pause() {
      this.flowing = false;
    },
  });
  readonly output = Object.assign(new EventEmitter(), {
    columns: 80,
    rows: 24,
    written: '',
    write(text: string) {
      this.written += text;
      return true;
    },
  });
  get terminal(): Terminal {
    return { input: this.input, output: this.output };
  }
  type(text: string): void {
    this.input.emit('data', text);
  }
  /** Everything written since the last call. */
  take(): string {
    const text = this.output.written;
    this.output.written = '';
    return text;
  }
}

describe('openScreen', () => {
  it('enters the alternate screen in raw mode, and close() restores both, once', () => {
    const fake = new FakeTerminal();
    const exitEvents = new EventEmitter();
    const screen = openScreen(fake.terminal, exitEvents, { onKeys: () => undefined, onResize: () => undefined });
    assert.ok(fake.take().startsWith(ENTER));
    assert.equal(fake.input.raw, true);
    assert.equal(fake.input.flowing, true);
    screen.close();
    assert.ok(fake.take().endsWith(`${SHOW_CURSOR}${LEAVE}`));
    assert.equal(fake.input.raw, false);
    assert.equal(fake.input.flowing, false);
    screen.close();
    assert.equal(fake.take(), '');
    assert.equal(exitEvents.listenerCount('exit'), 0);
    assert.equal(fake.input.listenerCount('data'), 0);
    assert.equal(fake.output.listenerCount('resize'), 0);
  });

  it("restores the terminal on the process's 'exit' as a last resort", () => {
    const fake = new FakeTerminal();
    const exitEvents = new EventEmitter();
    openScreen(fake.terminal, exitEvents, { onKeys: () => undefined, onResize: () => undefined });
    fake.take();
    exitEvents.emit('exit', 1);
    assert.ok(fake.take().endsWith(LEAVE));
    assert.equal(fake.input.raw, false);
  });

  it('redraws only the lines that changed, and everything after a resize', () => {
    const fake = new FakeTerminal();
    let resized = 0;
    const screen = openScreen(fake.terminal, new EventEmitter(), { onKeys: () => undefined, onResize: () => resized++ });
    fake.take();
    screen.draw(['a', 'b', 'c']);
    assert.equal(fake.take(), '\u001b[?2026h\u001b[1;1H\u001b[2Ka\u001b[2;1H\u001b[2Kb\u001b[3;1H\u001b[2Kc\u001b[?2026l');
    screen.draw(['a', 'B', 'c']);
    assert.equal(fake.take(), '\u001b[?2026h\u001b[2;1H\u001b[2KB\u001b[?2026l');
    screen.draw(['a', 'B', 'c']);
    assert.equal(fake.take(), '');
    fake.output.columns = 120;
    fake.output.emit('resize');
    assert.equal(resized, 1);
    assert.deepEqual(screen.size(), { columns: 120, rows: 24 });
    assert.equal(fake.take(), '\u001b[2J');
    screen.draw(['a', 'B', 'c']);
    assert.match(fake.take(), /1;1H.*2;1H.*3;1H/);
    screen.close();
  });

  it('hands key presses over, parsed', () => {
    const fake = new FakeTerminal();
    const keys: Key[] = [];
    const screen = openScreen(fake.terminal, new EventEmitter(), { onKeys: (k) => keys.push(...k), onResize: () => undefined });
    fake.type('p\u001b[Aq');
    assert.deepEqual(keys, [{ name: 'char', char: 'p' }, { name: 'char', char: 'q' }]);
    screen.close();
  });
});

describe('showScreen', () => {
  const options = { intervalMs: 60_000, sort: 'recent', filter: '', color: false } as const;

  it('draws the state, quits on q with exit 0 and restores the terminal', async () => {
    const fake = new FakeTerminal();
    const session = createSession(['mx1'], () => T0 + 5000);
    for (const record of flaps('ge-0/0/1', 3)) session.push(record);
    const done = showScreen(session, options, fake.terminal, new EventEmitter());
    const frame = fake.take();
    assert.match(frame, /ge-0\/0\/1 +up +3 /);
    assert.equal(session.screenUp, true);
    fake.type('q');
    assert.equal(await done, EXIT.ok);
    assert.ok(fake.take().endsWith(LEAVE));
    assert.equal(fake.input.raw, false);
    assert.equal(session.screenUp, false);
  });

  it('freezes the display on p, and shows the state of now on p again', async () => {
    let now = T0 + 5000;
    const fake = new FakeTerminal();
    const session = createSession(['mx1'], () => now);
    const done = showScreen(session, options, fake.terminal, new EventEmitter());
    fake.type('p');
    assert.match(fake.take(), /PAUSED/);
    for (const record of flaps('ge-0/0/1', 2)) session.push(record);
    now += 1000;
    fake.type('s');
    const paused = fake.take();
    assert.match(paused, /sort flaps/);
    assert.doesNotMatch(paused, /ge-0\/0\/1/);
    fake.type('p');
    assert.match(fake.take(), /ge-0\/0\/1 +up +2 /);
    fake.type('\u0003');
    assert.equal(await done, EXIT.ok);
  });

  it('restores the terminal when drawing fails, and ends with exit 1 and the error', async () => {
    const fake = new FakeTerminal();
    const session = createSession(['mx1'], () => T0);
    const done = showScreen(session, options, fake.terminal, new EventEmitter());
    fake.take();
    Object.defineProperty(fake.output, 'columns', { get: () => { throw new Error('the terminal went away'); } });
    fake.output.emit('resize');
    assert.equal(await done, EXIT.internal);
    assert.ok(fake.take().endsWith(LEAVE));
    assert.equal(fake.input.raw, false);
    assert.match(session.finalMessage ?? '', /internal error: Error: the terminal went away/);
  });

  it('restores the terminal when the session ends from outside (a signal, a lost broker)', async () => {
    const fake = new FakeTerminal();
    const session = createSession(['mx1'], () => T0);
    const done = showScreen(session, options, fake.terminal, new EventEmitter());
    session.finish(EXIT.connection, 'gave up');
    assert.equal(await done, EXIT.connection);
    assert.ok(fake.take().endsWith(LEAVE));
    assert.equal(fake.input.raw, false);
  });
});
