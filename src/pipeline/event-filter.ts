/**
 * Event filters (--severity, --event-id, --hostname, --hide-chatter, --where): compiled once
 * from flags, applied to each record. Pure.
 */
import { usageError } from '../errors.js';
import { compileWhere } from '../filter/index.js';
import type { EventRecord } from '../record.js';
import { SEVERITIES, type Severity } from '../topics/catalog.js';
import { compileGlob } from '../topics/glob.js';

export interface EventFilterFlags {
  severity?: string;
  eventId?: string[];
  hostname?: string[];
  hideChatter?: boolean;
  /** --where expressions (src/filter): every one must hold. */
  where?: string[];
}

const SEVERITY_ALIASES: Record<string, Severity> = {
  emerg: 'emergency', panic: 'emergency', crit: 'critical', err: 'error', warn: 'warning', informational: 'info',
};

/** The broker's own log lines, which come back as SYSTEM syslog events. */
const BROKER_CHATTER = new RegExp(
  '^(New connection from |New client connected from '
    + '|Client \\S+ (disconnected|closed its connection|has exceeded timeout|already connected)'
    + '|Socket error on client|mosquitto version |Opening ipv[46] listen socket|Config loaded from|Saving in-memory database'
    + '|Outgoing messages are being dropped)',
);

export function parseSeverity(flag: string, text: string): number {
  const lower = text.toLowerCase();
  const name = SEVERITY_ALIASES[lower] ?? lower;
  const rank = SEVERITIES.indexOf(name as Severity);
  if (rank < 0) throw usageError(`${flag} '${text}'`, 'unknown severity', `use one of ${SEVERITIES.join(', ')}`);
  return rank;
}

function eventString(record: EventRecord, key: string): string | undefined {
  const value = record.event?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function isBrokerChatter(record: EventRecord): boolean {
  if (eventString(record, 'event-id') !== 'SYSTEM') return false;
  const attributes = record.event?.attributes as Record<string, unknown> | undefined;
  const message = typeof attributes?.message === 'string' ? attributes.message : eventString(record, 'message');
  return message !== undefined && BROKER_CHATTER.test(message);
}

/** What the event filters keep, in --dry-run's words: all of it is matched on the client, none in the subscription. */
export function describeEventFilter(flags: EventFilterFlags): string[] {
  const notes: string[] = [];
  const { severity } = flags;
  if (severity !== undefined) notes.push(`--severity ${severity}: severity ${severity} or worse (records without one kept)`);
  if (flags.eventId?.length) notes.push(`--event-id ${flags.eventId.join(',')}: event id is one of these (no case)`);
  if (flags.hostname?.length) notes.push(`--hostname ${flags.hostname.join(',')}: the event's hostname is one of these (no case)`);
  if (flags.hideChatter) notes.push('--hide-chatter: the broker\'s own SYSTEM log lines dropped');
  for (const expression of flags.where ?? []) notes.push(`--where '${expression}': only records where it holds`);
  return notes;
}

/** Null when no event filter is given (the common case costs nothing). */
export function compileEventFilter(flags: EventFilterFlags): ((record: EventRecord) => boolean) | null {
  const tests: ((record: EventRecord) => boolean)[] = [];
  if (flags.severity !== undefined) {
    const max = parseSeverity('--severity', flags.severity);
    // Records with no (or an unknown) severity are kept: config diffs and payloads that are not JSON.
    tests.push((r) => {
      const rank = SEVERITIES.indexOf(eventString(r, 'severity')?.toLowerCase() as Severity);
      return rank < 0 || rank <= max;
    });
  }
  for (const [key, flag, field] of [['eventId', '--event-id', 'event-id'], ['hostname', '--hostname', 'hostname']] as const) {
    const globs = flags[key];
    if (!globs?.length) continue;
    const regexes = globs.map((g) => {
      if (g === '') throw usageError(flag, 'an empty pattern matches nothing', `e.g. ${flag} '${key === 'eventId' ? 'SNMP_*' : 'mx*'}'`);
      // Event ids and host-names are compared without regard to case, like the router's CLI does.
      return new RegExp(compileGlob(g, true).source, 'is');
    });
    tests.push((r) => {
      const value = eventString(r, field);
      return value !== undefined && regexes.some((re) => re.test(value));
    });
  }
  if (flags.hideChatter) tests.push((r) => !isBrokerChatter(r));
  const where = compileWhere(flags.where ?? []);
  if (where) tests.push(where);
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0]!;
  return (record) => {
    for (const test of tests) if (!test(record)) return false;
    return true;
  };
}
