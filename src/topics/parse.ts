/**
 * Topic → kind, action and fields. Pure; runs on every message.
 *
 * Interface names are not escaped in Junos topics (`ge-0/0/0` is three levels, `lo0` one),
 * so variable-depth parts are found by parsing from both ends: IFF's last level is the
 * family, IFA's last three are family, address and length; the interface is what remains.
 */
import type { TopicFields } from '../record.js';
import { type Action, type Kind, JUNOS_ROOT, isAction } from './catalog.js';

export interface ParsedTopic {
  kind: Kind;
  action: Action | null;
  fields: TopicFields;
}

const ROOT_PREFIX = `${JUNOS_ROOT}/`;
const INTERFACE_CLASSES = new Set(['ifd', 'ifl', 'iff', 'ifa']);
const OTHER: ParsedTopic = Object.freeze({ kind: 'other', action: null, fields: Object.freeze({}) }) as ParsedTopic;

export function parseTopic(topic: string): ParsedTopic {
  if (!topic.startsWith(ROOT_PREFIX)) return OTHER;
  const levels = topic.slice(ROOT_PREFIX.length).split('/');
  switch (levels[0]) {
    case 'kernel':
      return parseKernel(levels);
    case 'syslog':
      return levels.length >= 2
        ? { kind: 'syslog', action: null, fields: { event_id: levels.slice(1).join('/') } }
        : OTHER;
    case 'genpub':
      return levels.length === 2 && levels[1] === 'config-update'
        ? { kind: 'config-update', action: null, fields: {} }
        : OTHER;
    default:
      return OTHER;
  }
}

function parseKernel(levels: string[]): ParsedTopic {
  if (levels[1] === 'interfaces' && INTERFACE_CLASSES.has(levels[2]!) && levels.length > 4) {
    const kind = levels[2] as 'ifd' | 'ifl' | 'iff' | 'ifa';
    return { kind, action: toAction(levels[3]!), fields: parseInterfaceLevels(kind, levels.slice(4)) };
  }
  if (levels[1] === 'firewall' && levels[2] === 'filter' && levels.length > 4) {
    return { kind: 'firewall', action: toAction(levels[3]!), fields: { filter: levels.slice(4).join('/') } };
  }
  if (levels[1] === 'route' && levels.length > 3) {
    return { kind: 'route', action: toAction(levels[2]!), fields: parseRouteLevels(levels.slice(3)) };
  }
  if (levels[1] === 'route-table' && levels.length > 3) {
    const rest = levels.slice(3);
    const fields: TopicFields = rest.length === 1
      ? { table: rest[0]! }
      : { table: rest.slice(0, -1).join('/'), logical_router: rest[rest.length - 1]! };
    return { kind: 'route-table', action: toAction(levels[2]!), fields };
  }
  return OTHER;
}

function toAction(level: string): Action | null {
  return isAction(level) ? level : null;
}

/** Trailing levels that are not part of the interface name, per class. */
const SUFFIX_LEVELS = { ifd: 0, ifl: 0, iff: 1, ifa: 3 } as const;

function parseInterfaceLevels(kind: keyof typeof SUFFIX_LEVELS, rest: string[]): TopicFields {
  const suffix = Math.min(SUFFIX_LEVELS[kind], rest.length - 1);
  const fields: TopicFields = { ...splitInterface(rest.slice(0, rest.length - suffix).join('/'), kind !== 'ifd') };
  const [family, address, length] = rest.slice(rest.length - suffix);
  if (family !== undefined) fields.family = family;
  if (kind === 'ifa') Object.assign(fields, addressFields(address, length));
  return fields;
}

/** `ge-0/0/0.100` → interface, ifd `ge-0/0/0`, unit 100 (only when the unit is numeric). */
export function splitInterface(name: string, hasUnit: boolean): TopicFields {
  if (!hasUnit) return { interface: name, ifd: name };
  const dot = name.lastIndexOf('.');
  const unitText = dot > name.lastIndexOf('/') ? name.slice(dot + 1) : '';
  if (!/^\d{1,10}$/.test(unitText)) return { interface: name, ifd: name };
  return { interface: name, ifd: name.slice(0, dot), unit: Number(unitText) };
}

function parseRouteLevels(rest: string[]): TopicFields {
  if (rest.length < 3) return { family: rest[0] };
  return { family: rest[0], ...addressFields(rest.slice(1, -1).join('/'), rest[rest.length - 1]) };
}

function addressFields(address: string | undefined, length: string | undefined): TopicFields {
  if (address === undefined) return {};
  if (length === undefined) return { address };
  const fields: TopicFields = { address, prefix: `${address}/${length}` };
  if (/^\d{1,3}$/.test(length)) fields.prefix_length = Number(length);
  return fields;
}
