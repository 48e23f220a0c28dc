/**
 * Link traps follow the interface flags: `--syslog SNMP_TRAP_LINK_DOWN --interface ge-0/0/1`
 * keeps only the traps about ge-0/0/1. The interface is in the payload (`interface-name`),
 * not in the topic, so this is a test on the record, compiled once here from the flags and
 * applied after decoding. Pure.
 */
import type { EventRecord } from '../record.js';
import { SYSLOG_INTERFACE_FIELDS, type SyslogInterfaceField } from './catalog.js';
import type { NameArg } from './selection.js';
import { createNameTest, splitUnit } from './names.js';

export interface SyslogInterfaceNarrowing {
  accepts: (record: EventRecord) => boolean;
  /** For --dry-run. */
  note: string;
}

const IDS = Object.keys(SYSLOG_INTERFACE_FIELDS);
const ATTRIBUTES = [...new Set(Object.values(SYSLOG_INTERFACE_FIELDS).map((f) => `attributes.${f.attribute}`))];

/**
 * The names given to --interface and --ifd (names and globs; a flag with no name narrows
 * nothing). Null when there are none, or when no --syslog is given.
 */
export function compileSyslogInterfaceNarrowing(
  syslog: readonly NameArg[] | undefined, interfaces: readonly string[] | undefined, ifds: readonly NameArg[] | undefined,
): SyslogInterfaceNarrowing | null {
  const names = [...(interfaces ?? []), ...(ifds ?? []).filter((n): n is string => n !== true)];
  if (!syslog?.length || names.length === 0) return null;
  const tests = names.map((name) => {
    const { unit } = splitUnit('--interface', name);
    const test = createNameTest(name);
    // Without a unit, a name means the physical interface and all its units (as --interface does).
    return unit === undefined ? (got: string) => test(got) || test(physicalPart(got)) : test;
  });
  const matches = (got: string) => tests.some((t) => t(got));
  return {
    accepts: (record) => {
      if (record.kind !== 'syslog') return true;
      const id = record.topic_fields.event_id;
      const field = id === undefined ? undefined : SYSLOG_INTERFACE_FIELDS[id];
      if (field === undefined) return true;
      const name = readInterfaceName(record.event, field);
      return name !== undefined && matches(name);
    },
    note: `syslog events that name an interface (${IDS.join(', ')}: ${ATTRIBUTES.join(', ')}) are kept only for ${names.join(' or ')}`,
  };
}

/** `ge-0/0/1.100` → `ge-0/0/1`; a name without a unit is itself. */
function physicalPart(name: string): string {
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  return dot > slash ? name.slice(0, dot) : name;
}

function readInterfaceName(event: EventRecord['event'], field: SyslogInterfaceField): string | undefined {
  const attributes = event?.attributes;
  if (attributes !== null && typeof attributes === 'object' && Object.hasOwn(attributes, field.attribute)) {
    const name = (attributes as Record<string, unknown>)[field.attribute];
    if (typeof name === 'string' && name !== '') return name;
  }
  const message = event?.message;
  return field.message && typeof message === 'string' ? field.message.exec(message)?.[1] : undefined;
}
