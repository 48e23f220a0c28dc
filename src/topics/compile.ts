/**
 * Topic flags → MQTT filters to subscribe, plus the client-side acceptance test for what
 * MQTT cannot express. Pure; compiled once at start-up, applied per message.
 */
import { usageError } from '../errors.js';
import { ACTIONS, ALL_EVENTS_FILTER, type Action, INTERFACE_KINDS, type InterfaceKind, JUNOS_ROOT } from './catalog.js';
import { type Prefix, familyOf, formatPrefix, hasHostBits, networkOf, parsePrefix } from './cidr.js';
import { collapseFilters } from './collapse.js';
import { compileGlob } from './glob.js';
import { compileFilterMatcher, coversFilter, describeFilterProblem } from './mqtt-filter.js';
import { checkName, splitUnit } from './names.js';
import { expandLoneNarrowing, hasKernelClass, hasOtherClass, parseNarrowing } from './narrowing.js';
import type { ParsedTopic } from './parse.js';
import type { NameArg, TopicSelection } from './selection.js';
import type { EventRecord } from '../record.js';
import { compileSyslogInterfaceNarrowing } from './syslog-interface.js';
import {
  type Narrowing, type Selector, selectFirewall, selectInterface, selectLiteral, selectRoute,
  selectRouteTable, selectSyslog,
} from './selectors.js';

export type { NameArg, TopicSelection } from './selection.js';

export interface CompiledTopics {
  /** The filters to subscribe, collapsed. */
  filters: string[];
  selectors: Selector[];
  /** Words for every client-side check (for --dry-run, on stderr). */
  notes: string[];
  warnings: string[];
  /** The client-side test, or null when every delivered message is wanted. */
  accepts: ((topic: string, parsed: ParsedTopic) => boolean) | null;
  /** The test on the decoded record (link traps follow --interface/--ifd), or null. */
  acceptsEvent: ((record: EventRecord) => boolean) | null;
}

const NAME_EXAMPLES = { ifd: 'ge-0/0/*', ifl: 'ge-0/0/0.*', iff: 'ae0.*', ifa: 'lo0.0' } as const;

export function compileTopicFilters(selection: TopicSelection): CompiledTopics {
  const sel = expandLoneNarrowing(selection);
  const n = parseNarrowing(sel);
  const selectors: Selector[] = [];
  for (const kind of INTERFACE_KINDS) {
    for (const arg of sel[kind] ?? []) selectors.push(interfaceSelector(kind, `--${kind}`, arg, n));
  }
  const interfaceNarrowsSyslog = isInterfaceOnlyNarrowing(sel);
  for (const name of sel.interface ?? []) {
    checkName('--interface', name, 'ae0');
    const { unit } = splitUnit('--interface', name);
    if (interfaceNarrowsSyslog) continue;
    for (const kind of INTERFACE_KINDS) {
      if (kind !== 'ifd' || unit === undefined) selectors.push(interfaceSelector(kind, '--interface', name, n, ` (${kind})`));
    }
  }
  for (const arg of sel.route ?? []) selectors.push(selectRoute(label('--route', arg), routePrefix(arg, n), n));
  for (const arg of sel.routeTable ?? []) selectors.push(selectRouteTable(label('--route-table', arg), tableName(arg), n));
  for (const arg of sel.firewall ?? []) {
    if (arg !== true) checkName('--firewall', arg, 'protect-*');
    selectors.push(selectFirewall(label('--firewall', arg), arg === true ? undefined : arg, n));
  }
  for (const arg of sel.syslog ?? []) selectors.push(selectSyslog(label('--syslog', arg), eventId(arg)));
  if (sel.configUpdate) selectors.push(selectLiteral('--config-update', '/junos/events/genpub/config-update'));
  if (sel.all) selectors.push(selectLiteral('--all', ALL_EVENTS_FILTER));
  if ((sel.action ?? []).length > 0 && !hasKernelClass(sel)) selectors.push(...loneActionSelectors(n.actions, hasOtherClass(sel)));
  const warnings: string[] = [];
  for (const filter of sel.topic ?? []) selectors.push(rawSelector(filter, warnings));
  if (selectors.length === 0) selectors.push(selectLiteral('(no topic flag: every Junos event)', ALL_EVENTS_FILTER));
  const compiled = finish(selectors, warnings);
  const narrowing = compileSyslogInterfaceNarrowing(sel.syslog, sel.interface, sel.ifd);
  if (narrowing) compiled.notes.push(`${sel.syslog!.map((arg) => label('--syslog', arg)).join(', ')}: ${narrowing.note}`);
  if (interfaceNarrowsSyslog) {
    compiled.notes.push(`--interface ${sel.interface!.join(', ')} with --syslog narrows the syslog events only: `
      + 'no kernel event of the interface is selected (add --ifd or --ifl for those)');
  }
  return { ...compiled, acceptsEvent: narrowing?.accepts ?? null };
}

/**
 * With --syslog and no kernel class flag but --interface, --interface narrows the link
 * traps instead of also selecting the interface's kernel events: `--syslog
 * SNMP_TRAP_LINK_DOWN --interface ge-0/0/1 -C 1` waits for that trap, not for whichever
 * ifd or ifl change of ge-0/0/1 the kernel publishes first.
 */
function isInterfaceOnlyNarrowing(sel: TopicSelection): boolean {
  const otherKernel = [sel.ifd, sel.ifl, sel.iff, sel.ifa, sel.route, sel.routeTable, sel.firewall].some((v) => (v?.length ?? 0) > 0);
  return (sel.syslog?.length ?? 0) > 0 && (sel.interface?.length ?? 0) > 0 && !otherKernel;
}

function label(flag: string, arg: NameArg): string {
  return arg === true ? flag : `${flag} ${arg}`;
}

function interfaceSelector(kind: InterfaceKind, flag: string, arg: NameArg, n: Narrowing, suffix = ''): Selector {
  if (arg === true) return selectInterface(kind, flag, undefined, undefined, n);
  checkName(flag, arg, NAME_EXAMPLES[kind]);
  const { ifd, unit } = splitUnit(flag, arg);
  if (kind === 'ifd' && unit !== undefined) {
    throw usageError(`--ifd '${arg}'`, 'ifd events are per physical interface and have no unit',
      `use --ifl '${arg}' for the logical interface, or --interface '${arg}' for all its events`);
  }
  return selectInterface(kind, `${flag} ${arg}${suffix}`, ifd, unit, n);
}

function routePrefix(arg: NameArg, n: Narrowing): Prefix | undefined {
  if (arg === true) return undefined;
  const prefix = parsePrefix(arg);
  if (typeof prefix === 'string') {
    throw usageError(`--route '${arg}'`, prefix,
      'give an exact prefix such as 10.0.0.0/8 or 2001:db8::/32 (every route inside one: --within)');
  }
  if (hasHostBits(prefix)) {
    throw usageError(`--route '${arg}'`, 'the address has host bits set', `did you mean --route ${formatPrefix(networkOf(prefix))}?`);
  }
  const ipFamily = familyOf(prefix.version);
  if (n.families.length > 0 && !n.families.some((f) => compileGlob(f, false).test(ipFamily))) {
    throw usageError(`--route '${arg}'`, `an IPv${prefix.version} prefix is never in family ${n.families.join('/')}`,
      `drop --family or use --family ${ipFamily}`);
  }
  return prefix;
}

function tableName(arg: NameArg): string | undefined {
  if (arg === true) return undefined;
  checkName('--route-table', arg, 'VRF-*.inet.0');
  return arg;
}

function eventId(arg: NameArg): string | undefined {
  if (arg === true) return undefined;
  const id = arg.toUpperCase();
  if (!/^[A-Z0-9_*?-]+$/.test(id)) {
    throw usageError(`--syslog '${arg}'`, 'an event id is letters, digits and _ (upper case)',
      "e.g. --syslog SNMP_TRAP_LINK_DOWN or --syslog 'SNMP_TRAP_LINK_*'");
  }
  return id;
}

function rawSelector(filter: string, warnings: string[]): Selector {
  const problem = describeFilterProblem(filter);
  if (problem) throw usageError(`--topic '${filter}'`, `not a valid MQTT topic filter: ${problem}`, 'e.g. -t \'/junos/events/kernel/#\'');
  if (filter.startsWith('junos/')) {
    warnings.push(`--topic '${filter}' has no leading slash and matches nothing on a Junos broker; did you mean '/${filter}'?`);
  }
  return selectLiteral(`--topic ${filter}`, filter);
}

/** --action with no kernel class: that action for every kernel class (null: every action). */
function loneActionSelectors(actions: readonly Action[] | null, otherClassGiven: boolean): Selector[] {
  if (otherClassGiven) {
    throw usageError('--action',
      'it narrows kernel events (--ifd, --ifl, --iff, --ifa, --interface, --route, --route-table, --firewall), and none of them is given',
      'add one of them, or give --action without other topic flags for every kernel event with that action');
  }
  const kernel = `${JUNOS_ROOT}/kernel`;
  return (actions ?? ['+']).map((a) => ({
    label: `--action ${a === '+' ? ACTIONS.join(',') : a}`,
    filters: [
      `${kernel}/interfaces/+/${a}/#`, `${kernel}/firewall/filter/${a}/#`, `${kernel}/route/${a}/#`, `${kernel}/route-table/${a}/#`,
    ],
  }));
}

function finish(selectors: Selector[], warnings: string[]): Omit<CompiledTopics, 'acceptsEvent'> {
  const { filters, merges } = collapseFilters(selectors.flatMap((s) => s.filters));
  const notes = selectors.filter((s) => s.clientSide).map((s) => `${s.label}: ${s.clientSide}`);
  for (const [a, b, merged] of merges) {
    notes.push(`${a} and ${b} overlap: subscribed once as ${merged}, and matched on the client so no event arrives twice`);
  }
  const exactFilters = selectors.filter((s) => !s.check).flatMap((s) => s.filters);
  const everyDeliveredIsWanted = filters.every((f) => exactFilters.some((e) => coversFilter(e, f)));
  return { filters, selectors, notes, warnings, accepts: everyDeliveredIsWanted ? null : createAcceptor(selectors) };
}

function createAcceptor(selectors: Selector[]): (topic: string, parsed: ParsedTopic) => boolean {
  const compiled = selectors.map((s) => ({ matchers: s.filters.map(compileFilterMatcher), check: s.check }));
  return (topic, parsed) => compiled.some((s) => s.matchers.some((m) => m(topic)) && (!s.check || s.check(parsed)));
}
