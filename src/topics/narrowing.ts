/**
 * The narrowing flags (--action, --family, --address, --within, --lr): checked, parsed, and
 * — when given without any class they narrow — turned into the classes they mean alone.
 */
import { usageError } from '../errors.js';
import { ACTIONS, type Action, isAction } from './catalog.js';
import { type Prefix, formatPrefix, hasHostBits, networkOf, parseAddress, parsePrefix } from './cidr.js';
import type { TopicSelection } from './selection.js';
import { checkName } from './names.js';
import type { Narrowing } from './selectors.js';

type ClassFlag = 'ifd' | 'ifl' | 'iff' | 'ifa' | 'interface' | 'route' | 'routeTable' | 'firewall';
type NarrowingFlag = 'family' | 'address' | 'within' | 'lr';

const KERNEL_FLAGS: readonly ClassFlag[] = ['ifd', 'ifl', 'iff', 'ifa', 'interface', 'route', 'routeTable', 'firewall'];
const OTHER_FLAGS = ['syslog', 'configUpdate', 'all', 'topic'] as const;

/** What each narrowing flag narrows, and the classes it selects when given alone. */
const NARROWS: Record<NarrowingFlag, { flag: string; targets: readonly ClassFlag[]; alone: readonly ClassFlag[] }> = {
  family: { flag: '--family', targets: ['iff', 'ifa', 'route', 'interface'], alone: ['iff', 'ifa', 'route'] },
  address: { flag: '--address', targets: ['ifa', 'interface'], alone: ['ifa'] },
  within: { flag: '--within', targets: ['ifa', 'route', 'interface'], alone: ['ifa', 'route'] },
  lr: { flag: '--lr', targets: ['routeTable'], alone: ['routeTable'] },
};

const FLAG_NAMES: Record<ClassFlag, string> = {
  ifd: '--ifd', ifl: '--ifl', iff: '--iff', ifa: '--ifa', interface: '--interface',
  route: '--route', routeTable: '--route-table', firewall: '--firewall',
};

function isGiven(sel: TopicSelection, key: keyof TopicSelection): boolean {
  const value = sel[key];
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

/** Narrowing flags given with no class to narrow select their classes (documented in --help). */
export function expandLoneNarrowing(sel: TopicSelection): TopicSelection {
  const anyClass = [...KERNEL_FLAGS, ...OTHER_FLAGS].some((key) => isGiven(sel, key));
  const out: TopicSelection = { ...sel };
  for (const [key, rule] of Object.entries(NARROWS) as [NarrowingFlag, (typeof NARROWS)[NarrowingFlag]][]) {
    if (!isGiven(sel, key) || rule.targets.some((t) => isGiven(sel, t))) continue;
    if (anyClass) {
      const alone = rule.alone.map((t) => FLAG_NAMES[t].slice(2)).join('/');
      throw usageError(rule.flag, `it narrows ${rule.targets.map((t) => FLAG_NAMES[t]).join(', ')}, and none of them is given`,
        `add one of them, or give ${rule.flag} without other topic flags for every ${alone} event`);
    }
    for (const cls of rule.alone) {
      const current = (out[cls] ?? []) as (string | true)[];
      if (!current.includes(true)) (out as Record<string, unknown>)[cls] = [...current, true];
    }
  }
  return out;
}

export function hasKernelClass(sel: TopicSelection): boolean {
  return KERNEL_FLAGS.some((key) => isGiven(sel, key));
}

export function hasOtherClass(sel: TopicSelection): boolean {
  return OTHER_FLAGS.some((key) => isGiven(sel, key));
}

export function parseNarrowing(sel: TopicSelection): Narrowing {
  return {
    actions: parseActions(sel.action ?? []),
    families: (sel.family ?? []).map(checkFamily),
    addresses: (sel.address ?? []).map(parseAddressArg),
    within: (sel.within ?? []).map((text) => parseNetwork('--within', text)),
    lrs: (sel.lr ?? []).map((lr) => {
      checkName('--lr', lr, 'default');
      return lr;
    }),
  };
}

function parseActions(values: string[]): Action[] | null {
  const actions = new Set<Action>();
  for (const value of values.flatMap((v) => v.split(','))) {
    const action = value.trim().toLowerCase();
    if (!isAction(action)) {
      throw usageError(`--action '${value}'`, 'unknown action', `use ${ACTIONS.join(', ')} or a comma list (--action add,delete)`);
    }
    actions.add(action);
  }
  return actions.size === 0 || actions.size === ACTIONS.length ? null : ACTIONS.filter((a) => actions.has(a));
}

function checkFamily(family: string): string {
  if (!/^[a-z0-9*?-]+$/.test(family)) {
    throw usageError(`--family '${family}'`, 'a family is lower-case letters, digits and -',
      'e.g. --family inet, inet6, iso, mpls, ethernet-switching');
  }
  return family;
}

function parseNetwork(flag: string, text: string): Prefix {
  const prefix = parsePrefix(text);
  if (typeof prefix === 'string') {
    throw usageError(`${flag} '${text}'`, prefix, `give a CIDR such as ${flag} 10.0.0.0/8 or ${flag} 2001:db8::/32`);
  }
  if (hasHostBits(prefix)) {
    throw usageError(`${flag} '${text}'`, 'the address has host bits set', `did you mean ${flag} ${formatPrefix(networkOf(prefix))}?`);
  }
  return prefix;
}

/** `addr` or `addr/len`; a prefix with no length gets length -1 (any). */
function parseAddressArg(text: string): Prefix {
  if (text.includes('/')) {
    const prefix = parsePrefix(text);
    if (typeof prefix !== 'string') return prefix;
    throw usageError(`--address '${text}'`, prefix,
      'give an address with an optional length, e.g. --address 192.0.2.1 or --address 2001:db8::1/128');
  }
  const address = parseAddress(text);
  if (!address) {
    throw usageError(`--address '${text}'`, 'not an IPv4 or IPv6 address', 'e.g. --address 192.0.2.1 or --address 2001:db8::1/128');
  }
  return { ...address, length: -1 };
}
