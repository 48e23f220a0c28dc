/**
 * The simulated routers: host-names mx1..mxN, each with interfaces of every shape Junos
 * topics have (multi-level ge-0/0/0, channelized xe-0/1/0:1, one-level ae0, lo0, irb),
 * their units and addresses, routing tables and firewall filters. Built from the router
 * number alone, so the same --devices gives the same inventory.
 */

export type Family = 'inet' | 'inet6';

export interface Address {
  family: Family;
  /** The interface's own address: the topic's address, and `local-address` with /32 or /128. */
  local: string;
  /** The subnet, `destination-address`; absent on loopbacks. */
  network?: string;
  /** `broadcast-address`, IPv4 subnets only. */
  broadcast?: string;
}

export interface Unit {
  ifd: string;
  unit: number;
  snmpId: number;
  /** The routing table its families belong to (`inet.0`, `VRF-A.inet.0`). */
  instance: string;
  addresses: Address[];
}

export interface Port {
  name: string;
  snmpId: number;
  up: boolean;
  /** Ports whose link can go down (not lo0 or irb). */
  physical: boolean;
}

export interface Filter {
  name: string;
  family: Family;
  /** The logical interface the filter is applied to. */
  interfaceName: string;
  version: number;
}

export interface Router {
  hostname: string;
  number: number;
  ports: Port[];
  units: Unit[];
  filters: Filter[];
  /** Tables with routes; `VRF-B.*` come and go with commits. */
  tables: string[];
  /** How this router's `set system commit notification` diffs look. */
  diffFormat: 'xml' | 'json';
  /** Process ids of the daemons that log, stable per router. */
  pids: Record<'mib2d' | 'mgd' | 'login' | 'sshd' | 'mosquitto', number>;
  /** Units created by commits (`ae0.3xx`), removed again by later commits. */
  addedUnits: number[];
  /** Installed routes per table: prefix → next hops. */
  routes: Map<string, Map<string, string[]>>;
  generation: number;
}

const PORT_NAMES = [
  'ge-0/0/0', 'ge-0/0/1', 'ge-0/0/2', 'ge-0/0/3',
  'xe-0/1/0:0', 'xe-0/1/0:1', 'xe-0/1/0:2', 'xe-0/1/0:3',
  'et-1/0/0', 'ae0', 'ae1',
] as const;

export function createRouters(count: number): Router[] {
  return Array.from({ length: count }, (_, index) => createRouter(index + 1));
}

function createRouter(number: number): Router {
  const ports: Port[] = PORT_NAMES.map((name, index) => ({ name, snmpId: 500 + index, up: true, physical: true }));
  ports.push({ name: 'lo0', snmpId: 16, up: true, physical: false }, { name: 'irb', snmpId: 600, up: true, physical: false });
  const units: Unit[] = [
    p2pUnit(number, 'ge-0/0/0', 0, 520, 1),
    p2pUnit(number, 'ge-0/0/1', 0, 521, 2),
    p2pUnit(number, 'xe-0/1/0:1', 0, 530, 3),
    p2pUnit(number, 'et-1/0/0', 100, 540, 4),
    { ...p2pUnit(number, 'ae0', 100, 601, 5), instance: 'VRF-A' },
    { ...p2pUnit(number, 'ae0', 200, 602, 6), instance: 'VRF-A' },
    {
      ifd: 'lo0', unit: 0, snmpId: 17, instance: 'default',
      addresses: [
        { family: 'inet', local: `10.255.255.${number % 256}` },
        { family: 'inet6', local: `2001:db8:ffff::${number.toString(16)}` },
      ],
    },
    {
      ifd: 'irb', unit: 310, snmpId: 610, instance: 'default',
      addresses: [{
        family: 'inet', local: `192.168.${number % 256}.1`, network: `192.168.${number % 256}.0/24`,
        broadcast: `192.168.${number % 256}.255`,
      }],
    },
  ];
  return {
    hostname: `mx${number}`,
    number,
    ports,
    units,
    filters: [
      { name: 'protect-re', family: 'inet', interfaceName: 'lo0.0', version: 1 },
      { name: 'protect-re-v6', family: 'inet6', interfaceName: 'lo0.0', version: 1 },
      // An interface-specific filter instance: its name holds the interface, slashes included.
      { name: 'edge-in-ge-0/0/0.0-i', family: 'inet', interfaceName: 'ge-0/0/0.0', version: 1 },
      { name: 'police-customer', family: 'inet', interfaceName: 'ae0.100', version: 1 },
    ],
    tables: ['inet.0', 'inet6.0', 'VRF-A.inet.0', 'VRF-A.inet6.0'],
    diffFormat: number % 2 === 1 ? 'xml' : 'json',
    pids: { mib2d: 2200 + number, mgd: 8100 + number, login: 13600 + number, sshd: 4400 + number, mosquitto: 3300 + number },
    addedUnits: [],
    routes: new Map(),
    generation: 100,
  };
}

/** A point-to-point unit: 10.<router>.<link>.1/30 and 2001:db8:<router>:<link>::1/64. */
function p2pUnit(router: number, ifd: string, unit: number, snmpId: number, link: number): Unit {
  const v4 = `10.${router % 256}.${link}`;
  const v6 = `2001:db8:${router.toString(16)}:${link.toString(16)}`;
  return {
    ifd, unit, snmpId, instance: 'default',
    addresses: [
      { family: 'inet', local: `${v4}.1`, network: `${v4}.0/30`, broadcast: `${v4}.3` },
      { family: 'inet6', local: `${v6}::1`, network: `${v6}::/64` },
    ],
  };
}

export function unitName(unit: Pick<Unit, 'ifd' | 'unit'>): string {
  return `${unit.ifd}.${unit.unit}`;
}

/** `inet.0` for the default instance, `VRF-A.inet6.0` for others. */
export function tableName(instance: string, family: Family): string {
  return instance === 'default' ? `${family}.0` : `${instance}.${family}.0`;
}

export function familyOfTable(table: string): Family {
  return table.includes('inet6') ? 'inet6' : 'inet';
}

/** `mx3` → 3: router host-names are `mx` and their number. */
export function routerNumberOf(hostname: string): number {
  return Number(hostname.slice(2));
}
