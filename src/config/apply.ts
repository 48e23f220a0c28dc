/**
 * The one place where the profile meets the flags. Precedence, lowest first: built-in
 * defaults → the profile file → environment (JETSUB_HOST, ...) → command-line flags. Commander
 * tracks where each value came from ('default' < 'config' < 'env' < 'cli'); this runs in a
 * preAction hook, after the command line and the environment were parsed, and fills in from
 * the file only what is still at its built-in default or unset. A device named by --host (or
 * JETSUB_HOST, or "defaults": {"host": ...}) becomes `name=host:port`, so its records carry
 * `device: "<name>"`, and its own settings win over "defaults".
 */
import { dirname, resolve } from 'node:path';
import { type Command, InvalidArgumentError, type Option } from 'commander';
import { UsageError } from '../errors.js';
import { formatTarget, parsePort, parseTarget } from '../transport/target.js';
import type { Device, Profile, SettingValue } from './file.js';

/** Flags whose values are passwords: the file may point at one, never hold one. */
const CREDENTIAL_FLAGS = ['password', 'password-file', 'password-env'];
const OVERRIDES = new Set(['cli', 'env']);

export function applyProfile(cmd: Command, profile: Profile, env: NodeJS.ProcessEnv): void {
  checkFlagNames(cmd, profile);
  const hostOption = findOption(cmd, 'host');
  const hosts = hostOption ? selectHosts(cmd, profile) : [];
  const devices = hosts.flatMap((host) => profile.devices.get(host) ?? []);
  const settings = mergeSettings(profile, devices);
  const credentialsGiven = env.JETSUB_PASSWORD !== undefined || CREDENTIAL_FLAGS.some((flag) => isOverridden(cmd, flag));
  for (const [flag, value] of settings) {
    const option = findOption(cmd, flag);
    if (!option || flag === 'host' || isOverridden(cmd, flag)) continue;
    if (credentialsGiven && CREDENTIAL_FLAGS.includes(flag)) continue;
    const converted = convertValue(option, value, profile.file);
    if (converted === undefined) continue;
    cmd.setOptionValueWithSource(option.attributeName(), resolvePaths(option, converted, profile.file, env), 'config');
  }
  if (hostOption && devices.length > 0) {
    const port = cmd.getOptionValue('port') as string | undefined;
    const ports = isOverridden(cmd, 'port') ? { override: port } : { fallback: port };
    const named = hosts.map((host) => {
      const device = profile.devices.get(host);
      return device ? `${device.name}=${formatTarget(parseDeviceTarget(device, ports, profile.file))}` : host;
    });
    cmd.setOptionValueWithSource('host', named, cmd.getOptionValueSource('host') ?? 'config');
  }
}

/** The hosts the command will use: from the command line or environment, else the profile's defaults. */
function selectHosts(cmd: Command, profile: Profile): string[] {
  if (isOverridden(cmd, 'host')) return [...(cmd.getOptionValue('host') as string[])];
  const fromFile = profile.defaults.get('host');
  if (fromFile === undefined) return [];
  const hosts = (Array.isArray(fromFile) ? fromFile : [fromFile]).map(String);
  cmd.setOptionValueWithSource('host', hosts, 'config');
  return hosts;
}

/** "defaults", overlaid by the settings of the devices in use; two devices may not disagree. */
function mergeSettings(profile: Profile, devices: readonly Device[]): Map<string, SettingValue> {
  const merged = new Map(profile.defaults);
  const owner = new Map<string, Device>();
  for (const device of devices) {
    for (const [flag, value] of device.settings) {
      const other = owner.get(flag);
      if (other && JSON.stringify(other.settings.get(flag)) !== JSON.stringify(value)) {
        throw new UsageError(`${profile.file}: devices ${other.name} and ${device.name} set different "${flag}", `
          + `and one jetsub uses one setting for all its hosts; run one jetsub per device, or give --${flag}`);
      }
      owner.set(flag, device);
      merged.set(flag, value);
    }
  }
  return merged;
}

/** The device's port loses to -p/JETSUB_PORT and wins over "defaults": {"port": ...}. */
function parseDeviceTarget(device: Device, ports: { override?: string; fallback?: string }, file: string) {
  try {
    const port = ports.override ?? (device.port === undefined ? ports.fallback : String(device.port));
    return parseTarget(device.host, port === undefined ? undefined : parsePort('--port', port));
  } catch (error) {
    throw new UsageError(`${file}: devices.${device.name}.host: ${(error as Error).message}`);
  }
}

/** A JSON value as commander would have produced it from the command line; undefined: leave unset. */
function convertValue(option: Option, value: SettingValue, file: string): unknown {
  const flag = option.long!.slice(2);
  const example = `"${flag}": ${option.isBoolean() ? 'true' : '"..."'}`;
  const fail = (problem: string) => new UsageError(`${file}: "${flag}": ${problem}; write it as on the command line, e.g. ${example}`);
  if (option.isBoolean()) {
    if (typeof value !== 'boolean') throw fail(`--${flag} takes no value, so give true or false`);
    return value ? true : undefined;
  }
  if (value === true && option.optional) value = String(option.presetArg ?? '');
  if (typeof value === 'boolean') throw fail(`--${flag} needs a value`);
  const items = (Array.isArray(value) ? value : [value]).map(String);
  if (items.length > 1 && !option.parseArg) throw fail(`--${flag} takes one value, not a list`);
  if (option.argChoices && !items.every((item) => option.argChoices!.includes(item))) return undefined;
  try {
    return option.parseArg ? items.reduce<unknown>((previous, item) => option.parseArg!(item, previous), undefined) : items[0];
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw fail(error.message);
    throw error;
  }
}

/** `~/x` and paths relative to the profile's directory, for flags that take a <file> or <dir>. */
function resolvePaths(option: Option, value: unknown, file: string, env: NodeJS.ProcessEnv): unknown {
  if (!/<(file|dir)>/.test(option.flags) || typeof value !== 'string') return value;
  if ((value === '~' || value.startsWith('~/')) && env.HOME) return resolve(env.HOME, value.slice(2));
  return resolve(dirname(file), value);
}

function findOption(cmd: Command, flag: string): Option | undefined {
  return cmd.options.find((option) => option.long === `--${flag}`);
}

function isOverridden(cmd: Command, flag: string): boolean {
  const option = findOption(cmd, flag);
  return option !== undefined && OVERRIDES.has(cmd.getOptionValueSource(option.attributeName()) ?? '');
}

/** Every key must be a flag of some jetsub command (a typo would otherwise do nothing). */
function checkFlagNames(cmd: Command, profile: Profile): void {
  let root = cmd;
  while (root.parent) root = root.parent;
  const known = new Set(listCommands(root).flatMap((c) => c.options.map((o) => o.long?.slice(2))));
  const sections: [string, Iterable<string>][] = [['defaults', profile.defaults.keys()],
    ...[...profile.devices.values()].map((d): [string, Iterable<string>] => [`devices.${d.name}`, d.settings.keys()])];
  for (const [where, keys] of sections) {
    for (const key of keys) {
      if (known.has(key)) continue;
      throw new UsageError(`${profile.file}: ${where}.${key}: not a jetsub flag; `
        + 'use a flag\'s long name without the dashes, e.g. "output" for --output');
    }
  }
}

function listCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(listCommands)];
}
