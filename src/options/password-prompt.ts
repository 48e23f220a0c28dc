/**
 * The password prompt: with `-u` and no password from --password, --password-file or
 * JETSUB_PASSWORD, jetsub asks on the terminal, without echo. Only when stdin and stderr
 * are both terminals (cli.ts offers `readPassword` then); in cron it never waits.
 */
import { usageError } from '../errors.js';
import type { ConnectionSettings } from '../transport/settings.js';

/** A terminal's input, as much of tty.ReadStream as the prompt needs. */
export interface TerminalInput extends NodeJS.ReadableStream {
  isRaw?: boolean;
  setRawMode(mode: boolean): unknown;
}

const ENTER = new Set(['\r', '\n', '\u0004']);
const ERASE = new Set(['\u007f', '\b']);
const INTERRUPT = '\u0003';
const KILL_LINE = '\u0015';

/** Reads one line from a terminal in raw mode, echoing nothing. Ctrl-C rejects with a usage error. */
export function readHiddenLine(input: TerminalInput, output: NodeJS.WritableStream, prompt: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const wasRaw = input.isRaw === true;
    let typed: string[] = [];
    const finish = (interrupted: boolean) => {
      input.removeListener('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      const fix = 'give the password with JETSUB_PASSWORD or --password-file';
      if (interrupted) reject(usageError('--username', 'the password prompt was interrupted', fix));
      else resolve(typed.join(''));
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (ENTER.has(char)) return finish(false);
        if (char === INTERRUPT) return finish(true);
        if (ERASE.has(char)) typed = typed.slice(0, -1);
        else if (char === KILL_LINE) typed = [];
        else if (char >= ' ') typed.push(char);
      }
    };
    // Raw first: whatever is typed once the prompt shows is neither echoed nor a signal.
    input.setRawMode(true);
    output.write(prompt);
    input.on('data', onData);
    input.resume();
  });
}

/**
 * Asks for the password when a user name was given without one and a terminal can answer.
 * `terminal.readPassword` is read only then (it makes process.stdin, ~2 ms).
 */
export async function askPassword(
  connection: ConnectionSettings,
  where: string,
  terminal: { readonly readPassword?: (prompt: string) => Promise<string> },
): Promise<ConnectionSettings> {
  if (connection.username === undefined || connection.password !== undefined) return connection;
  const readPassword = terminal.readPassword;
  if (readPassword === undefined) return connection;
  return { ...connection, password: await readPassword(`password for ${connection.username} on ${where}: `) };
}
