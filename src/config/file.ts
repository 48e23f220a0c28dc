/**
 * The profile file, `$XDG_CONFIG_HOME/jetsub/config.json` (default `~/.config/jetsub/config.json`):
 * defaults for any flag, and named devices.
 *
 *   {
 *     "defaults": { "output": "table", "protocol-version": "5" },
 *     "devices": {
 *       "mx1": { "host": "192.0.2.1", "port": 1883 },
 *       "hub": { "host": "mqtts://broker.example.net", "username": "noc", "password-env": "HUB_PASSWORD" }
 *     }
 *   }
 *
 * Keys are long flag names without the dashes. Reading and checking the shape lives here;
 * what the values mean for a command is in ./apply.ts.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../errors.js';

/** A flag's value as JSON holds it: `true` for a flag without a value, a list for a repeatable one. */
export type SettingValue = string | number | boolean | readonly (string | number)[];
export type Settings = ReadonlyMap<string, SettingValue>;

export interface Device {
  name: string;
  /** As for --host, without `name=`: `192.0.2.1`, `mqtts://broker:8883`, `[2001:db8::1]`. */
  host: string;
  port?: number;
  /** Any other flag for this device: username, password-env, password-file, protocol-version, ... */
  settings: Settings;
}

export interface Profile {
  file: string;
  defaults: Settings;
  devices: ReadonlyMap<string, Device>;
}

const CLEAR_PASSWORD_FIX = 'never store a password in the file: use "password-env": "MX1_PASSWORD" (an environment variable) '
  + 'or "password-file": "~/.secrets/mx1"';

/** Where the profile is; undefined when neither XDG_CONFIG_HOME nor HOME says. */
export function locateProfile(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'jetsub', 'config.json');
  return env.HOME ? join(env.HOME, '.config', 'jetsub', 'config.json') : undefined;
}

/** The profile, or null when there is no file. A file that cannot be used is a UsageError (exit 2). */
export function loadProfile(env: NodeJS.ProcessEnv): Profile | null {
  const file = locateProfile(env);
  if (file === undefined) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new UsageError(`${file}: cannot read it (${code ?? String(error)}); make it a readable file, or remove it`);
  }
  return parseProfile(text, file);
}

export function parseProfile(text: string, file: string): Profile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${describeJsonError(text, error)}); `
      + 'fix it (JSON allows no comments or trailing commas), or move the file away');
  }
  const fail = (where: string, problem: string, fix: string) => new UsageError(`${file}: ${where}: ${problem}; ${fix}`);
  if (!isObject(json)) throw fail('the file', 'is not a JSON object', 'write {"defaults": {...}, "devices": {...}}');
  for (const key of Object.keys(json)) {
    if (key !== 'defaults' && key !== 'devices' && key !== '$schema') throw fail(`"${key}"`, 'unknown key', 'use "defaults" and "devices"');
  }
  const defaults = readSettings(json.defaults ?? {}, 'defaults', fail);
  const devices = new Map<string, Device>();
  const section = json.devices ?? {};
  if (!isObject(section)) throw fail('devices', 'is not an object', 'write "devices": {"mx1": {"host": "192.0.2.1"}}');
  for (const [name, entry] of Object.entries(section)) {
    const where = `devices.${name}`;
    if (!/^[A-Za-z0-9][\w.-]*$/.test(name)) throw fail(where, 'not a usable device name', 'use letters, digits, ".", "_" and "-"');
    if (!isObject(entry)) throw fail(where, 'is not an object', `write "${name}": {"host": "192.0.2.1", "port": 1883}`);
    const { host, port, ...rest } = entry;
    if (typeof host !== 'string' || host === '') throw fail(`${where}.host`, 'missing or not a string', 'write "host": "192.0.2.1"');
    if (port !== undefined && !(typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535)) {
      throw fail(`${where}.port`, `${JSON.stringify(port)} is not a TCP port`, 'write a number from 1 to 65535, e.g. "port": 1883');
    }
    devices.set(name, { name, host, port: port as number | undefined, settings: readSettings(rest, where, fail) });
  }
  return { file, defaults, devices };
}

type Fail = (where: string, problem: string, fix: string) => UsageError;

function readSettings(value: unknown, where: string, fail: Fail): Settings {
  if (!isObject(value)) throw fail(where, 'is not an object', `write "${where}": {"output": "table"}`);
  const settings = new Map<string, SettingValue>();
  for (const [key, item] of Object.entries(value)) {
    if (key === 'password') throw fail(`${where}.password`, 'a password in clear', CLEAR_PASSWORD_FIX);
    if (!isSettingValue(item)) {
      const fix = 'use a string, a number, true, or a list of strings for a repeatable flag';
      throw fail(`${where}.${key}`, `${JSON.stringify(item)} is not a flag value`, fix);
    }
    settings.set(key, item);
  }
  return settings;
}

function isSettingValue(value: unknown): value is SettingValue {
  const scalar = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  return scalar(value) || typeof value === 'boolean' || (Array.isArray(value) && value.length > 0 && value.every(scalar));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Unexpected token } in JSON at position 42` → the same, with the line and column of position 42. */
function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (!position) return message;
  const before = text.slice(0, Number(position[1])).split('\n');
  return `${message.replace(/\s*\(line \d+ column \d+\)$/, '')}: line ${before.length}, column ${before.at(-1)!.length + 1}`;
}
