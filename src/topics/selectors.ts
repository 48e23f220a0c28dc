/**
 * One selector per thing the user asked for (`--ifl ge-0/0/0`, `--route --within 10/8`):
 * the MQTT filters that cover it and, where MQTT cannot say it exactly, the check the
 * client applies to each received topic. Pure; compiled once at start-up.
 */
import { compileGlob, hasGlob } from './glob.js';
import { type Action, type InterfaceKind, CATALOG, type Kind, type KindInfo } from './catalog.js';
import { type Prefix, formatAddress, isWithin, parseAddress } from './cidr.js';
import { compileNameLevels, createNameTest, type NameLevels } from './names.js';
import type { ParsedTopic } from './parse.js';

export interface Selector {
  /** What the user asked for, as flags (`--ifl ge-0/0/0`). */
  label: string;
  filters: string[];
  /** The client-side condition, when the filters select more than was asked. */
  check?: (parsed: ParsedTopic) => boolean;
  /** Words for that condition (shown by --dry-run). */
  clientSide?: string;
}

/** Narrowing flags, already checked: --action, --family, --address, --within, --lr. */
export interface Narrowing {
  actions: readonly Action[] | null;
  families: readonly string[];
  addresses: readonly Prefix[];
  within: readonly Prefix[];
  lrs: readonly string[];
}

type Check = { test: (parsed: ParsedTopic) => boolean; words: string };

const BASE = Object.fromEntries(CATALOG.map((info: KindInfo) => [info.kind, info.base])) as Record<Kind, string>;

function actionLevels(n: Narrowing): readonly string[] {
  return n.actions ?? ['+'];
}

/** Filters = base/action/levels/tail for every action and tail option; `#` when depth is unknown. */
function buildFilters(kind: Kind, n: Narrowing, levels: string[] | null, tails: string[][]): string[] {
  const filters: string[] = [];
  for (const action of actionLevels(n)) {
    if (levels === null) filters.push(`${BASE[kind]}/${action}/#`);
    else for (const tail of tails) filters.push([BASE[kind], action, ...levels, ...tail].join('/'));
  }
  return filters;
}

function makeSelector(label: string, filters: string[], checks: Check[]): Selector {
  if (checks.length === 0) return { label, filters };
  return {
    label,
    filters,
    check: (parsed) => checks.every((c) => c.test(parsed)),
    clientSide: checks.map((c) => c.words).join(', and '),
  };
}

/** One dimension (family, table, address...): its level options, the client-side check, and
 * whether the levels alone are exact. No patterns means any value. */
interface Dimension {
  options: string[][];
  check: Check | null;
  exact: boolean;
}

function patternDimension(patterns: readonly string[], field: (p: ParsedTopic) => string | undefined, what: string): Dimension {
  if (patterns.length === 0) return { options: [['+']], check: null, exact: true };
  const options = [...new Set(patterns.map((p) => (hasGlob(p) ? '+' : p)))].map((o) => o.split('/'));
  const regexes = patterns.map((p) => compileGlob(p, false));
  return {
    options,
    check: { words: `${what} is ${patterns.join(' or ')}`, test: (p) => regexes.some((r) => r.test(field(p) ?? '')) },
    exact: patterns.every((p) => !hasGlob(p) || p === '*'),
  };
}

function product(dimensions: string[][][]): string[][] {
  return dimensions.reduce<string[][]>((acc, options) => acc.flatMap((a) => options.map((o) => [...a, ...o])), [[]]);
}

function formatWithLength(a: Prefix): string {
  return formatAddress(a.version, a.value) + (a.length >= 0 ? `/${a.length}` : '');
}

/** [address, length] levels; a length of -1 means any. IPv6 spellings vary, so they are compared on the client. */
function addressDimension(addresses: readonly Prefix[]): Dimension {
  if (addresses.length === 0) return { options: [['+', '+']], check: null, exact: true };
  const options = addresses.map((a) => [a.version === 4 ? formatAddress(4, a.value) : '+', a.length >= 0 ? String(a.length) : '+']);
  return {
    options: [...new Map(options.map((o) => [o.join('/'), o])).values()],
    check: {
      words: `address is ${addresses.map(formatWithLength).join(' or ')}`,
      test: (p) => {
        const got = p.fields.address === undefined ? null : parseAddress(p.fields.address);
        return got !== null && addresses.some((a) => a.version === got.version && a.value === got.value &&
          (a.length < 0 || a.length === p.fields.prefix_length));
      },
    },
    exact: addresses.every((a) => a.version === 4),
  };
}

/** Adds a dimension's check when its levels are not exact or cannot be used (unknown depth). */
function addCheck(checks: Check[], dim: Dimension, levelsUsable: boolean): void {
  if (dim.check && (!dim.exact || !levelsUsable)) checks.push(dim.check);
}

function withinCheck(within: readonly Prefix[], routes: boolean): Check {
  return {
    words: `${routes ? 'prefix' : 'address'} within ${within.map((w) => `${formatAddress(w.version, w.value)}/${w.length}`).join(' or ')}`,
    test: (p) => {
      const address = p.fields.address === undefined ? null : parseAddress(p.fields.address);
      if (address === null) return false;
      const inner = routes ? { ...address, length: p.fields.prefix_length ?? -1 } : address;
      return within.some((w) => isWithin(w, inner));
    },
  };
}

/** The interface part of a topic for one class: `ifd` alone for ifd, `ifd.unit` otherwise. */
function interfaceLevels(kind: InterfaceKind, ifd: string | undefined, unit: string | undefined): NameLevels {
  if (kind === 'ifd' || ifd === undefined) return compileNameLevels(ifd);
  const base = compileNameLevels(ifd);
  if (base.levels === null) return { levels: null, exact: base.exact && (unit === undefined || unit === '*') };
  const original = ifd.split('/');
  const last = `${original[original.length - 1]}.${unit ?? '*'}`;
  const lastExact = !hasGlob(last) || last === '*.*';
  return { levels: [...base.levels.slice(0, -1), hasGlob(last) ? '+' : last], exact: base.exact && lastExact };
}

export function selectInterface(
  kind: InterfaceKind, label: string, ifd: string | undefined, unit: string | undefined, n: Narrowing,
): Selector {
  const name = interfaceLevels(kind, ifd, unit);
  const checks: Check[] = [];
  if (!name.exact && ifd !== undefined) {
    const ifdTest = createNameTest(ifd);
    const unitTest = unit === undefined || unit === '*' ? null : compileGlob(unit, false);
    checks.push({
      words: `interface matches ${ifd}${kind === 'ifd' ? '' : `.${unit ?? '*'}`}`,
      test: (p) => ifdTest(p.fields.ifd) && (unitTest === null || (p.fields.unit !== undefined && unitTest.test(String(p.fields.unit)))),
    });
  }
  const dims: Dimension[] = [];
  if (kind === 'iff' || kind === 'ifa') dims.push(patternDimension(n.families, (p) => p.fields.family, 'family'));
  if (kind === 'ifa') dims.push(addressDimension(n.addresses));
  for (const dim of dims) addCheck(checks, dim, name.levels !== null);
  if (kind === 'ifa' && n.within.length > 0) checks.push(withinCheck(n.within, false));
  return makeSelector(label, buildFilters(kind, n, name.levels, product(dims.map((d) => d.options))), checks);
}

export function selectRoute(label: string, prefix: Prefix | undefined, n: Narrowing): Selector {
  const checks: Check[] = [];
  const dims = [patternDimension(n.families, (p) => p.fields.family, 'family'), addressDimension(prefix ? [prefix] : [])];
  for (const dim of dims) addCheck(checks, dim, true);
  if (n.within.length > 0) checks.push(withinCheck(n.within, true));
  return makeSelector(label, buildFilters('route', n, [], product(dims.map((d) => d.options))), checks);
}

export function selectRouteTable(label: string, table: string | undefined, n: Narrowing): Selector {
  const checks: Check[] = [];
  const dims = [
    patternDimension(table === undefined ? [] : [table], (p) => p.fields.table, 'table'),
    patternDimension(n.lrs, (p) => p.fields.logical_router, 'logical router'),
  ];
  for (const dim of dims) addCheck(checks, dim, true);
  return makeSelector(label, buildFilters('route-table', n, [], product(dims.map((d) => d.options))), checks);
}

export function selectFirewall(label: string, filter: string | undefined, n: Narrowing): Selector {
  const name = compileNameLevels(filter);
  const checks: Check[] = [];
  if (!name.exact && filter !== undefined) {
    const test = createNameTest(filter);
    checks.push({ words: `filter name matches ${filter}`, test: (p) => test(p.fields.filter) });
  }
  return makeSelector(label, buildFilters('firewall', n, name.levels, [[]]), checks);
}

export function selectSyslog(label: string, eventId: string | undefined): Selector {
  const id = patternDimension(eventId === undefined ? [] : [eventId], (p) => p.fields.event_id, 'event id');
  const checks: Check[] = [];
  addCheck(checks, id, true);
  return makeSelector(label, id.options.map((o) => [BASE.syslog, ...o].join('/')), checks);
}

export function selectLiteral(label: string, filter: string): Selector {
  return { label, filters: [filter] };
}
