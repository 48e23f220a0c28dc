/**
 * Reliability flags for long-running tails: a persistent session (--session), dropping
 * redeliveries (--dedupe), and when to stop retrying a lost broker (--max-reconnects,
 * --give-up-after). Declarations, and their values merged into the connection settings.
 */
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import type { ConnectionSettings } from '../transport/settings.js';

/** MQTT 5 session expiry when --session is given without --session-expiry: one day. */
const DEFAULT_SESSION_EXPIRY_S = 24 * 60 * 60;
/** The largest MQTT 5 session expiry short of "never" (0xFFFFFFFF). */
const MAX_SESSION_EXPIRY_S = 0xfffffffe;
/** Printable, no spaces: a session name is the MQTT client id the broker logs. */
const SESSION_NAME = /^[\x21-\x7e]{1,256}$/;

/** --buffer's default: a burst of ~100,000 events read ahead while stdout is behind (~23 MiB of router events, held deflated in a few). */
const DEFAULT_BUFFER = 100_000;
const MAX_BUFFER = 10_000_000;

export interface ReliabilitySettings {
  connection: ConnectionSettings;
  dedupe: boolean;
  /** Events read ahead while stdout is behind (src/pipeline/read-ahead.ts). */
  buffer: number;
}

export function addReliabilityFlags(cmd: Command): Command {
  cmd.optionsGroup('Reliability (long-running tails, cron):');
  cmd.option('--session <name>',
    'persistent session: client id <name>, clean session off, QoS 1; the broker queues events while jetsub is away');
  cmd.option('--session-expiry <seconds>',
    `MQTT 5 (-V 5): how long the broker keeps the session (default: ${DEFAULT_SESSION_EXPIRY_S}, one day)`);
  cmd.option('--dedupe', 'drop redeliveries (MQTT DUP) of events already written in this run');
  cmd.option('--max-reconnects <n>', 'exit 3 after n failed reconnect attempts in a row (default: keep trying)');
  cmd.option('--buffer <events>',
    `while stdout is behind, read up to this many events ahead into memory before pausing the broker (default: ${DEFAULT_BUFFER})`);
  cmd.option('--give-up-after <seconds>', 'exit 3 when a lost broker is not back within this long (default: keep trying)');
  cmd.option('--no-broker-drops', "do not subscribe to the broker's $SYS/broker/publish/messages/dropped (a broker that refuses $SYS)");
  return cmd;
}

function parseCount(flag: string, text: string): number {
  if (!/^\d{1,9}$/.test(text)) {
    throw usageError(`${flag} '${text}'`, 'not a whole number', `e.g. ${flag} 10 (0 gives up at the first loss)`);
  }
  return Number(text);
}

function parseBuffer(text: string): number {
  if (!/^\d{1,8}$/.test(text) || Number(text) > MAX_BUFFER) {
    throw usageError(`--buffer '${text}'`, `not a number of events from 0 to ${MAX_BUFFER}`, 'e.g. --buffer 200000 (0: pause at once)');
  }
  return Number(text);
}

function parseSeconds(flag: string, text: string, max: number, example: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value <= 0 || value > max) {
    throw usageError(`${flag} '${text}'`, `not a number of seconds above 0 and up to ${max}`, `e.g. ${flag} ${example}`);
  }
  return value;
}

function resolveSession(flags: Record<string, unknown>, connection: ConnectionSettings): ConnectionSettings {
  const name = flags.session as string | undefined;
  const expiry = flags.sessionExpiry as string | undefined;
  if (name === undefined) {
    if (expiry !== undefined) throw usageError('--session-expiry', 'applies to a persistent session only', 'add --session <name>');
    return connection;
  }
  if (!SESSION_NAME.test(name)) {
    const fix = 'use 1 to 256 printable characters without spaces, e.g. --session nightly-export';
    throw usageError(`--session '${name}'`, 'not a usable client id', fix);
  }
  if (flags.id !== undefined) {
    throw usageError('--session', 'names the client id itself', 'give either --session <name> or -i <client-id>, not both');
  }
  if (expiry !== undefined && connection.protocolVersion !== 5) {
    throw usageError('--session-expiry', 'MQTT 3.1.1 has no session expiry (the broker decides)',
      'add -V 5, or leave --session-expiry out');
  }
  return {
    ...connection,
    clientId: name,
    clean: false,
    // QoS 0 messages are not queued for an absent session: a session subscribes at QoS 1 at least.
    qos: connection.qos === 0 ? 1 : connection.qos,
    sessionExpiry: connection.protocolVersion === 5
      ? (expiry === undefined ? DEFAULT_SESSION_EXPIRY_S : parseSeconds('--session-expiry', expiry, MAX_SESSION_EXPIRY_S, '86400'))
      : undefined,
  };
}

export function resolveReliability(flags: Record<string, unknown>, base: ConnectionSettings): ReliabilitySettings {
  const connection = resolveSession(flags, base);
  const dedupe = flags.dedupe === true;
  if (dedupe && connection.qos === 0) {
    throw usageError('--dedupe', 'QoS 0 events are never redelivered, so there is nothing to drop', 'add --session <name> or -q 1');
  }
  const maxReconnects = flags.maxReconnects === undefined ? undefined : parseCount('--max-reconnects', String(flags.maxReconnects));
  const giveUpAfter = flags.giveUpAfter === undefined
    ? undefined : parseSeconds('--give-up-after', String(flags.giveUpAfter), 31_536_000, '300');
  return {
    buffer: flags.buffer === undefined ? DEFAULT_BUFFER : parseBuffer(String(flags.buffer)),
    connection: {
      ...connection,
      ...(maxReconnects !== undefined && { maxReconnects }),
      ...(giveUpAfter !== undefined && { giveUpAfterMs: giveUpAfter * 1000 }),
      ...(flags.brokerDrops === false && { brokerDrops: false }),
    },
    dedupe,
  };
}
