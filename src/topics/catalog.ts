/**
 * The Junos JET topic catalogue: the single source of truth for kinds, actions, families,
 * topic patterns, attributes and the flags that select each kind. The parser, the filter
 * compiler, `jetsub topics`, the schemas and shell completion all derive from it.
 */

/** Every topic jetsub knows starts here; note the leading slash. */
export const JUNOS_ROOT = '/junos/events';
export const ALL_EVENTS_FILTER = `${JUNOS_ROOT}/#`;

export const ACTIONS = ['add', 'change', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

export const INTERFACE_KINDS = ['ifd', 'ifl', 'iff', 'ifa'] as const;
export type InterfaceKind = (typeof INTERFACE_KINDS)[number];

export const KERNEL_KINDS = [...INTERFACE_KINDS, 'firewall', 'route', 'route-table'] as const;
export type KernelKind = (typeof KERNEL_KINDS)[number];

export const KINDS = [...KERNEL_KINDS, 'syslog', 'config-update', 'other'] as const;
export type Kind = (typeof KINDS)[number];

/** Families for help and completion; any `[a-z0-9-]+` is accepted. */
export const FAMILIES = [
  'inet', 'inet6', 'iso', 'mpls', 'ccc', 'tcc', 'vpls', 'bridge', 'ethernet-switching',
  'tnp', 'mlppp', 'mlfr-end-to-end', 'mlfr-uni-nni', 'multilink-ppp', 'any',
] as const;

export const SEVERITIES = [
  'emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug',
] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface KindInfo {
  kind: Kind;
  title: string;
  /** The topic pattern as documented, `{action}` etc. standing for levels. */
  pattern: string;
  /** The literal topic levels before `{action}` (or the whole literal prefix). */
  base: string;
  attributes: readonly string[];
  flags: readonly string[];
  /** Confirmed on a device or in Juniper's documentation, or assumed. */
  confidence: 'confirmed' | 'assumed';
}

const KERNEL = `${JUNOS_ROOT}/kernel`;
const IFACE = `${KERNEL}/interfaces`;

export const CATALOG: readonly KindInfo[] = [
  {
    kind: 'ifd', title: 'physical interface', base: `${IFACE}/ifd`,
    pattern: `${IFACE}/ifd/{action}/{ifd}`,
    attributes: ['name', 'snmp-id', 'flags'],
    flags: ['--ifd [name]', '--interface <name>', '--action'], confidence: 'confirmed',
  },
  {
    kind: 'ifl', title: 'logical interface', base: `${IFACE}/ifl`,
    pattern: `${IFACE}/ifl/{action}/{ifd}.{unit}`,
    attributes: ['name', 'subunit', 'snmp-id', 'flags'],
    flags: ['--ifl [name]', '--interface <name>', '--action'], confidence: 'confirmed',
  },
  {
    kind: 'iff', title: 'interface family', base: `${IFACE}/iff`,
    pattern: `${IFACE}/iff/{action}/{ifd}.{unit}/{family}`,
    attributes: ['name', 'subunit', 'family', 'table-name', 'flags'],
    flags: ['--iff [name]', '--interface <name>', '--family', '--action'], confidence: 'confirmed',
  },
  {
    kind: 'ifa', title: 'interface address', base: `${IFACE}/ifa`,
    pattern: `${IFACE}/ifa/{action}/{ifd}.{unit}/{family}/{address}/{length}`,
    attributes: [
      'name', 'subunit', 'family', 'local-address', 'destination-address',
      'broadcast-address', 'generation-number', 'flags',
    ],
    flags: ['--ifa [name]', '--interface <name>', '--family', '--address', '--within', '--action'],
    confidence: 'confirmed',
  },
  {
    kind: 'firewall', title: 'firewall filter', base: `${KERNEL}/firewall/filter`,
    pattern: `${KERNEL}/firewall/filter/{action}/{filter}`,
    attributes: ['name', 'version', 'client-id', 'filter-type', 'protocol', 'interface-name', 'flags'],
    flags: ['--firewall [filter]', '--action'], confidence: 'assumed',
  },
  {
    kind: 'route', title: 'route', base: `${KERNEL}/route`,
    pattern: `${KERNEL}/route/{action}/{family}/{address}/{length}`,
    attributes: [
      'table-name', 'logical-router-name', 'address-family', 'route-type', 'route-prefix',
      'nexthop-address', 'flags',
    ],
    flags: ['--route [prefix]', '--family', '--within', '--action'], confidence: 'assumed',
  },
  {
    kind: 'route-table', title: 'route table', base: `${KERNEL}/route-table`,
    pattern: `${KERNEL}/route-table/{action}/{table}/{logical-router}`,
    attributes: ['name', 'logical-router-name', 'address-family', 'flags'],
    flags: ['--route-table [table]', '--lr <logical-router>', '--action'], confidence: 'assumed',
  },
  {
    kind: 'syslog', title: 'syslog event', base: `${JUNOS_ROOT}/syslog`,
    pattern: `${JUNOS_ROOT}/syslog/{EVENT_ID}`,
    attributes: ['(the message\'s structured attributes; values are strings)'],
    flags: ['--syslog [EVENT_ID]'], confidence: 'confirmed',
  },
  {
    kind: 'config-update', title: 'configuration diff after a commit', base: `${JUNOS_ROOT}/genpub/config-update`,
    pattern: `${JUNOS_ROOT}/genpub/config-update`,
    attributes: ['commit-patch (XML string or JSON object; no jet-event wrapper)'],
    flags: ['--config-update'], confidence: 'confirmed',
  },
];

/** Where a syslog event names the interface it is about. */
export interface SyslogInterfaceField {
  /** The attribute that holds the name. */
  attribute: string;
  /** Read from the message when the attribute is missing (the first group is the name). */
  message?: RegExp;
}

/**
 * Syslog events that name an interface, by event id: `--interface` and `--ifd` narrow them
 * (src/topics/syslog-interface.ts). Only ids whose attribute is confirmed are listed.
 */
export const SYSLOG_INTERFACE_FIELDS: Readonly<Record<string, SyslogInterfaceField>> = {
  SNMP_TRAP_LINK_DOWN: { attribute: 'interface-name', message: /\bifName (\S+)/ },
  SNMP_TRAP_LINK_UP: { attribute: 'interface-name', message: /\bifName (\S+)/ },
};

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}

export function isKernelKind(kind: Kind): kind is KernelKind {
  return (KERNEL_KINDS as readonly string[]).includes(kind);
}
