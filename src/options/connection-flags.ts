/**
 * The connection flags (shared by tail, doctor, simulate, replay, top): declarations, and
 * their values merged with the environment into broker targets and connection settings.
 */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { usageError } from '../errors.js';
import type { TlsOptions } from '../transport/connection.js';
import { type ConnectionSettings, uniqueClientId } from '../transport/settings.js';
import { type Target, parsePort, parseTarget } from '../transport/target.js';
import { checkShareGroup, compileTopicPrefix } from '../topics/prefix.js';
import { collect } from './collect.js';
import type { FleetSettings } from '../pipeline/sources/broker.js';
import { parseShard, selectShard } from './shard.js';

const PROTOCOL_VERSIONS: Record<string, 3 | 4 | 5> = {
  '3.1.1': 4, '311': 4, mqttv311: 4, '4': 4,
  '5': 5, mqttv5: 5, '5.0': 5,
  '3.1': 3, '31': 3, mqttv31: 3, '3': 3,
};

export function addConnectionFlags(cmd: Command): Command {
  cmd.optionsGroup('Connection:');
  cmd.addOption(new Option('-H, --host <host>', 'broker: host[:port], mqtt://host:port, mqtts://host:port, name=host, or a device of the profile (repeatable) (default: localhost)').argParser(collect).env('JETSUB_HOST'));
  cmd.option('--hosts-file <file>', 'more hosts, one per line as for --host (# starts a comment)');
  cmd.addOption(new Option('-p, --port <port>', 'port for hosts given without one (default: 1883, mqtts 8883)').env('JETSUB_PORT'));
  cmd.addOption(new Option('-V, --protocol-version <version>', 'MQTT version: 3.1.1 (also 311, mqttv311) or 5 (also mqttv5)')
    .default('3.1.1').env('JETSUB_PROTOCOL_VERSION'));
  cmd.option('-i, --id <client-id>', 'MQTT client id (default: unique per process, so two jetsubs never kick each other off)');
  cmd.option('-k, --keepalive <seconds>', 'MQTT keepalive', '60');
  cmd.addOption(new Option('-q, --qos <0|1|2>', 'subscription QoS (the router publishes at QoS 0)').default('0').env('JETSUB_QOS'));
  cmd.addOption(new Option('-u, --username <user>',
    'user name; the password comes from JETSUB_PASSWORD, --password-file, or a prompt on a terminal').env('JETSUB_USERNAME'));
  cmd.option('--password-file <file>', 'read the password from the first line of a file');
  cmd.option('--password-env <variable>', 'read the password from this environment variable (e.g. one per device)');
  cmd.option('-P, --password <password>', 'the password (other users can see it in the process list: prefer the above)');
  cmd.option('--connect-timeout <seconds>', 'give up connecting at start after this long', '10');
  cmd.optionsGroup('Fleet (a central broker bridged from many routers):');
  cmd.option('--topic-prefix <pattern>', "subscribe under a per-device prefix and take the device from it, e.g. 'fleet/{device}'");
  cmd.option('--share <group>', 'MQTT 5 shared subscription: processes in one group split the stream between them');
  cmd.option('--shard <i/n>', 'take only shard i of n of the devices given (n processes, same hosts, each one --shard): see docs/shard.md');
  cmd.optionsGroup('TLS (central brokers; routers speak plain MQTT):');
  cmd.option('--cafile <file>', 'CA certificate(s) to verify the broker with (PEM)');
  cmd.option('--cert <file>', 'client certificate (PEM)');
  cmd.option('--key <file>', 'client private key (PEM)');
  cmd.option('--tls-servername <name>', 'host name to verify the certificate against');
  cmd.option('--insecure', 'do not verify the broker certificate (never the default)');
  return cmd;
}

function parseWhole(flag: string, text: string, min: number, max: number, unit: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    const example = Math.max(min, Math.min(max, 60));
    throw usageError(`${flag} '${text}'`, `not a whole number of ${unit} from ${min} to ${max}`, `e.g. ${flag} ${example}`);
  }
  return value;
}

function readFileFlag(flag: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw usageError(`${flag} '${file}'`, `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'give a readable file');
  }
}

export function resolveTargets(flags: Record<string, unknown>): Target[] {
  const port = flags.port === undefined ? undefined : parsePort('--port', String(flags.port));
  const listed = [...((flags.host as string[] | undefined) ?? []), ...readHostsFile(flags.hostsFile as string | undefined)];
  const hosts = listed.length > 0 ? listed : ['localhost'];
  const targets = hosts.map((h) => parseTarget(h, port));
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.device)) throw usageError(`--host '${t.device}'`, 'the same device is given twice', 'name each device once (name=host)');
    seen.add(t.device);
  }
  return flags.shard === undefined ? targets : selectShard(targets, parseShard(String(flags.shard)));
}

/** One host per line, as for --host; `#` starts a comment, blank lines are skipped. */
function readHostsFile(file: string | undefined): string[] {
  if (file === undefined) return [];
  const hosts = readFileFlag('--hosts-file', file).toString('utf8').split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
  if (hosts.length === 0) throw usageError(`--hosts-file '${file}'`, 'it lists no host', 'one host per line, e.g. mx1=192.0.2.1');
  return hosts;
}

export function resolveConnectionSettings(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): ConnectionSettings {
  const version = PROTOCOL_VERSIONS[String(flags.protocolVersion).toLowerCase()];
  if (version === undefined) {
    throw usageError(`--protocol-version '${flags.protocolVersion}'`, 'unknown MQTT version', 'use 3.1.1 (311, mqttv311) or 5 (mqttv5)');
  }
  if (!/^[012]$/.test(String(flags.qos))) throw usageError(`--qos '${flags.qos}'`, 'QoS must be 0, 1 or 2', 'e.g. --qos 1');
  const qos = Number(flags.qos) as 0 | 1 | 2;
  const id = flags.id as string | undefined;
  if (id !== undefined && (id === '' || Buffer.byteLength(id) > 65535)) {
    throw usageError('--id', 'a client id cannot be empty', 'leave -i out for a unique one');
  }
  return {
    clientId: id ?? uniqueClientId(),
    protocolVersion: version,
    keepalive: parseWhole('--keepalive', String(flags.keepalive), 0, 65535, 'seconds'),
    qos,
    clean: true,
    connectTimeoutMs: parseWhole('--connect-timeout', String(flags.connectTimeout), 1, 3600, 'seconds') * 1000,
    ...resolveCredentials(flags, env),
    tls: resolveTls(flags),
  };
}

/** The password: --password, else --password-file, else JETSUB_PASSWORD (else a prompt, see password-prompt.ts). */
function resolveCredentials(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): { username?: string; password?: string } {
  const username = flags.username as string | undefined;
  const file = flags.passwordFile as string | undefined;
  const given = flags.password as string | undefined;
  if (given !== undefined && file !== undefined) {
    throw usageError('--password', 'given together with --password-file', 'give the password one way only (--password-file is the safer)');
  }
  const password = given ?? (file !== undefined
    ? readFileFlag('--password-file', file).toString('utf8').split(/\r?\n/)[0]
    : readPasswordEnv(flags.passwordEnv as string | undefined, env) ?? env.JETSUB_PASSWORD);
  if (password !== undefined && username === undefined) {
    if (given !== undefined) throw usageError('--password', 'a password needs a user name', 'add -u <user>');
    if (file !== undefined) throw usageError('--password-file', 'a password needs a user name', 'add -u <user>');
    return {};
  }
  return { username, password };
}

function readPasswordEnv(name: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (name === undefined) return undefined;
  if (env[name] === undefined) {
    throw usageError(`--password-env ${name}`, 'that environment variable is not set', `export ${name}, or use --password-file`);
  }
  return env[name];
}

/** What to warn about before connecting: a password on the command line is in every `ps`. */
export function describeCredentialRisks(flags: Record<string, unknown>): string[] {
  return flags.password === undefined
    ? []
    : ['--password: other users on this host can read it in the process list; prefer JETSUB_PASSWORD, --password-file or the prompt'];
}

function resolveTls(flags: Record<string, unknown>): TlsOptions {
  const read = (flag: string, key: string) => (flags[key] === undefined ? undefined : readFileFlag(flag, String(flags[key])));
  if ((flags.cert === undefined) !== (flags.key === undefined)) {
    const [given, missing] = flags.cert === undefined ? ['--key', '--cert'] : ['--cert', '--key'];
    throw usageError(given, 'a client certificate and its key go together', `give ${missing} too`);
  }
  return {
    ca: read('--cafile', 'cafile'),
    cert: read('--cert', 'cert'),
    key: read('--key', 'key'),
    servername: flags.tlsServername as string | undefined,
    rejectUnauthorized: flags.insecure !== true,
  };
}

/** --topic-prefix and --share, checked before any socket opens. */
export function resolveFleet(flags: Record<string, unknown>): FleetSettings {
  const topicPrefix = flags.topicPrefix as string | undefined;
  compileTopicPrefix(topicPrefix);
  const share = flags.share as string | undefined;
  return { topicPrefix, share: share === undefined ? undefined : checkShareGroup(share) };
}

/** TLS flags with no mqtts:// host would silently do nothing: a usage error. */
export function checkTlsFlags(flags: Record<string, unknown>, targets: readonly Target[], connection: ConnectionSettings): void {
  const given = TLS_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
  if (connection.tls && targets.every((t) => t.protocol !== 'mqtts') && given.length > 0) {
    throw usageError(given.join(', '), 'TLS flags need a TLS broker', 'give the host as mqtts://host[:port]');
  }
}

const TLS_FLAGS = [
  ['cafile', '--cafile'], ['cert', '--cert'], ['key', '--key'], ['tlsServername', '--tls-servername'], ['insecure', '--insecure'],
] as const;
