/**
 * Episodes: short sequences of events that belong together on a real router — a link
 * flap, a commit and what it changes in the kernel, a login, a burst of route churn.
 * Scenarios (scenarios.ts) string them together. Each reads `world.time()` as it yields,
 * so every event carries the clock of its own position in the stream.
 */
import {
  type SimulatedEvent, chatterEvent, configUpdateEvent, firewallEvent, ifaEvent, iffEvent, iflEvent, ifdEvent,
  routeEvent, routeTableEvent, syslogEvent,
} from './events.js';
import { type Address, type Family, type Port, type Router, type Unit, familyOfTable, unitName } from './inventory.js';
import { nextHopsOf, randomPrefix } from './prefixes.js';
import type { Random } from './random.js';

export interface World {
  random: Random;
  routers: Router[];
  /** Device-local time (`YYYY-MM-DD-HH:MM:SS`) of the event about to be yielded. */
  time(): string;
}

export type Episode = (world: World) => Iterable<SimulatedEvent>;

const USERS = ['lab', 'noc', 'automation', 'jdoe'] as const;
const ROUTES_PER_TABLE = 400;

/** An interface going down and coming back: ifd and ifl changes, and the SNMP link traps. */
export function* flap(world: World): Generator<SimulatedEvent> {
  const router = world.random.pick(world.routers);
  const port = world.random.pick(router.ports.filter((p) => p.physical));
  const units = router.units.filter((unit) => unit.ifd === port.name);
  port.up = false;
  yield ifdEvent(router, world.time(), 'change', port);
  yield syslogEvent(router, world.time(), 'SNMP_TRAP_LINK_DOWN', linkTrap(port));
  for (const unit of units) yield iflEvent(router, world.time(), 'change', unit, false);
  port.up = true;
  yield ifdEvent(router, world.time(), 'change', port);
  for (const unit of units) yield iflEvent(router, world.time(), 'change', unit, true);
  yield syslogEvent(router, world.time(), 'SNMP_TRAP_LINK_UP', linkTrap(port));
}

function linkTrap(port: Port) {
  const oper = port.up ? 'up(1)' : 'down(2)';
  return {
    severity: port.up ? 'info' : 'warning',
    facility: 'daemon',
    process: 'mib2d' as const,
    text: `ifIndex ${port.snmpId}, ifAdminStatus up(1), ifOperStatus ${oper}, ifName ${port.name}`,
    attributes: {
      'snmp-interface-index': String(port.snmpId), 'admin-status': 'up(1)', 'operational-status': oper, 'interface-name': port.name,
    },
  };
}

/** A few route adds, changes and deletes in one router's tables (IPv4, IPv6, VRFs). */
export function* churn(world: World): Generator<SimulatedEvent> {
  const router = world.random.pick(world.routers);
  for (let n = world.random.int(1, 8); n > 0; n--) yield churnRoute(world, router);
}

function churnRoute(world: World, router: Router): SimulatedEvent {
  const { random } = world;
  const table = random.pick(router.tables.flatMap((t) => (t === 'inet.0' ? [t, t, t] : t === 'inet6.0' ? [t, t] : [t])));
  const family = familyOfTable(table);
  const routes = routesOf(router, table);
  const action = routes.size < 5 ? 'add' : routes.size > ROUTES_PER_TABLE ? 'delete' : random.weighted({ add: 4, change: 3, delete: 3 });
  if (action === 'add') {
    const prefix = freshPrefix(random, routes, family);
    const hops = pickHops(random, router, table, family);
    routes.set(prefix, hops);
    return routeEvent(router, world.time(), 'add', table, prefix, hops);
  }
  const prefix = random.pick([...routes.keys()]);
  if (action === 'delete') {
    const hops = routes.get(prefix)!;
    routes.delete(prefix);
    return routeEvent(router, world.time(), 'delete', table, prefix, hops);
  }
  const hops = pickHops(random, router, table, family);
  routes.set(prefix, hops);
  return routeEvent(router, world.time(), 'change', table, prefix, hops);
}

/** A BGP session coming up, re-converging and going down: hundreds of routes, back to back. */
export function* routeStorm(world: World): Generator<SimulatedEvent> {
  const { random } = world;
  const router = random.pick(world.routers);
  const table = random.pick(['inet.0', 'inet.0', 'inet6.0', 'VRF-A.inet.0']);
  const family = familyOfTable(table);
  const routes = routesOf(router, table);
  const learned: string[] = [];
  for (let n = random.int(200, 800); n > 0; n--) {
    const prefix = freshPrefix(random, routes, family);
    const hops = pickHops(random, router, table, family);
    routes.set(prefix, hops);
    learned.push(prefix);
    yield routeEvent(router, world.time(), 'add', table, prefix, hops, 'bgp');
  }
  for (const prefix of learned) {
    if (!random.chance(0.25)) continue;
    const hops = pickHops(random, router, table, family);
    routes.set(prefix, hops);
    yield routeEvent(router, world.time(), 'change', table, prefix, hops, 'bgp');
  }
  for (const prefix of learned) {
    const hops = routes.get(prefix)!;
    routes.delete(prefix);
    yield routeEvent(router, world.time(), 'delete', table, prefix, hops, 'bgp');
  }
}

function routesOf(router: Router, table: string): Map<string, string[]> {
  let routes = router.routes.get(table);
  if (routes === undefined) router.routes.set(table, (routes = new Map()));
  return routes;
}

function freshPrefix(random: Random, routes: Map<string, string[]>, family: Family): string {
  for (;;) {
    const prefix = randomPrefix(random, family);
    if (!routes.has(prefix)) return prefix;
  }
}

function pickHops(random: Random, router: Router, table: string, family: Family): string[] {
  const hops = nextHopsOf(router, table, family);
  const first = random.int(0, hops.length - 1);
  return random.chance(0.3) && hops.length > 1 ? [hops[first]!, hops[(first + 1) % hops.length]!] : [hops[first]!];
}

/** A user logging in, now and then preceded by failed SSH attempts from elsewhere. */
export function* login(world: World): Generator<SimulatedEvent> {
  const { random } = world;
  const router = random.pick(world.routers);
  if (random.chance(0.3)) {
    const attacker = `203.0.113.${random.int(2, 250)}`;
    for (let n = random.int(1, 3); n > 0; n--) {
      const username = random.pick(['root', 'admin', 'oracle', 'test']);
      yield syslogEvent(router, world.time(), 'SSHD_LOGIN_FAILED', {
        severity: 'warning', facility: 'auth', process: 'sshd',
        text: `Login failed for user '${username}' from host '${attacker}'`,
        attributes: { username, 'source-address': attacker },
      });
    }
  }
  const username = random.pick(USERS);
  const remote = `10.254.0.${random.int(2, 254)}`;
  const tty = `pts/${random.int(0, 9)}`;
  yield syslogEvent(router, world.time(), 'LOGIN_INFORMATION', {
    severity: 'info', facility: 'auth', process: 'login',
    text: `User ${username} logged in from host ${remote} on device ${tty}`,
    attributes: { username, hostname: remote, 'tty-name': tty },
  });
}

/** The broker's own log lines, as they come back through `/junos/events/syslog/SYSTEM`. */
export function* chatter(world: World): Generator<SimulatedEvent> {
  const router = world.random.pick(world.routers);
  const client = `10.254.0.${world.random.int(2, 254)}`;
  yield chatterEvent(router, world.time(), world.random.chance(0.5)
    ? `New connection from ${client} on port 1883.`
    : `Client jetsub-${world.random.int(0x100000, 0xffffff).toString(16)} disconnected.`);
}

/** A commit adding a customer unit (ifl, iff, ifa for IPv4 and IPv6), or removing one again. */
export function* commitUnit(world: World): Generator<SimulatedEvent> {
  const { random } = world;
  const router = random.pick(world.routers);
  const removing = router.addedUnits.length > 0 && random.chance(0.4);
  const vlan = removing ? random.pick(router.addedUnits) : nextVlan(router);
  const unit = customerUnit(router, vlan);
  const user = random.pick(USERS);
  yield commitRequested(router, world.time(), user, `${removing ? 'remove' : 'add'} customer unit ${unitName(unit)}`);
  if (removing) {
    router.addedUnits = router.addedUnits.filter((v) => v !== vlan);
    for (const address of unit.addresses) {
      yield ifaEvent(router, world.time(), 'delete', unit, address);
      yield iffEvent(router, world.time(), 'delete', unit, address.family);
    }
    yield iflEvent(router, world.time(), 'delete', unit);
  } else {
    router.addedUnits.push(vlan);
    yield iflEvent(router, world.time(), 'add', unit);
    for (const address of unit.addresses) {
      yield iffEvent(router, world.time(), 'add', unit, address.family);
      yield ifaEvent(router, world.time(), 'add', unit, address);
    }
  }
  yield commitCompleted(router, world.time());
  const operation = removing ? 'delete' : 'create';
  const [inet, inet6] = unit.addresses;
  yield configUpdateEvent(router, {
    xml: `<interfaces><interface><name>${unit.ifd}</name>`
      + `<unit nc:operation="${operation}"><name>${unit.unit}</name><vlan-id>${unit.unit}</vlan-id><family>`
      + `<inet><address><name>${inet!.local}/30</name></address></inet>`
      + `<inet6><address><name>${inet6!.local}/64</name></address></inet6>`
      + '</family></unit></interface></interfaces>',
    json: {
      interfaces: { interface: [{ name: unit.ifd, unit: [{ name: String(unit.unit), '@': { operation }, 'vlan-id': unit.unit,
        family: { inet: { address: [{ name: `${inet!.local}/30` }] }, inet6: { address: [{ name: `${inet6!.local}/64` }] } } }] }] },
    },
  });
}

/** A commit adding a secondary address to lo0.0 or irb.310 (or removing it again). */
export function* commitAddress(world: World): Generator<SimulatedEvent> {
  const { random } = world;
  const router = random.pick(world.routers);
  const unit = random.pick(router.units.filter((u) => u.ifd === 'lo0' || u.ifd === 'irb'));
  const family: Family = unit.ifd === 'lo0' && random.chance(0.5) ? 'inet6' : 'inet';
  const address = secondaryAddress(router, unit, family);
  const removing = unit.addresses.some((a) => a.local === address.local);
  unit.addresses = removing ? unit.addresses.filter((a) => a.local !== address.local) : [...unit.addresses, address];
  yield commitRequested(router, world.time(), random.pick(USERS), `${removing ? 'remove' : 'add'} ${address.local} on ${unitName(unit)}`);
  yield ifaEvent(router, world.time(), removing ? 'delete' : 'add', unit, address);
  yield commitCompleted(router, world.time());
  const length = address.network?.split('/')[1] ?? (family === 'inet' ? '32' : '128');
  const operation = removing ? 'delete' : 'create';
  yield configUpdateEvent(router, {
    xml: `<interfaces><interface><name>${unit.ifd}</name><unit><name>${unit.unit}</name><family><${family}>`
      + `<address nc:operation="${operation}"><name>${address.local}/${length}</name></address>`
      + `</${family}></family></unit></interface></interfaces>`,
    json: {
      interfaces: { interface: [{ name: unit.ifd, unit: [{ name: String(unit.unit),
        family: { [family]: { address: [{ name: `${address.local}/${length}`, '@': { operation } }] } } }] }] },
    },
  });
}

function secondaryAddress(router: Router, unit: Unit, family: Family): Address {
  const r = router.number % 256;
  if (unit.ifd === 'irb') return { family, local: `192.168.${r}.254`, network: `192.168.${r}.0/24`, broadcast: `192.168.${r}.255` };
  return family === 'inet' ? { family, local: `10.255.254.${r}` } : { family, local: `2001:db8:fffe::${router.number.toString(16)}` };
}

function nextVlan(router: Router): number {
  let vlan = 300;
  while (router.addedUnits.includes(vlan)) vlan++;
  return vlan;
}

/** ae0.<vlan> with 10.<router>.<vlan-200>.1/30 and 2001:db8:<router>:<vlan>::1/64. */
function customerUnit(router: Router, vlan: number): Unit {
  const r = router.number % 256;
  const link = (vlan - 200) % 256;
  const hex = router.number.toString(16);
  return {
    ifd: 'ae0', unit: vlan, snmpId: 700 + (vlan % 300), instance: 'default',
    addresses: [
      { family: 'inet', local: `10.${r}.${link}.1`, network: `10.${r}.${link}.0/30`, broadcast: `10.${r}.${link}.3` },
      { family: 'inet6', local: `2001:db8:${hex}:${vlan.toString(16)}::1`, network: `2001:db8:${hex}:${vlan.toString(16)}::/64` },
    ],
  };
}

/** A commit changing a firewall filter term: the filter's version goes up. */
export function* commitFilter(world: World): Generator<SimulatedEvent> {
  const { random } = world;
  const router = random.pick(world.routers);
  const filter = random.pick(router.filters);
  filter.version++;
  const term = random.pick(['allow-ssh', 'allow-bgp', 'allow-snmp', 'discard-rest']);
  yield commitRequested(router, world.time(), random.pick(USERS), `update ${term} in ${filter.name}`);
  yield firewallEvent(router, world.time(), 'change', filter);
  yield commitCompleted(router, world.time());
  const family = filter.family;
  yield configUpdateEvent(router, {
    xml: `<firewall><family><${family}><filter><name>${filter.name}</name>`
      + `<term nc:operation="create"><name>${term}</name></term></filter></${family}></family></firewall>`,
    json: { firewall: { family: { [family]: { filter: [{ name: filter.name, term: [{ name: term, '@': { operation: 'create' } }] }] } } } },
  });
}

/** A commit adding (or deleting) routing instance VRF-B: its tables appear (or go). */
export function* commitInstance(world: World): Generator<SimulatedEvent> {
  const { random } = world;
  const router = random.pick(world.routers);
  const tables = ['VRF-B.inet.0', 'VRF-B.inet6.0'];
  const removing = router.tables.includes(tables[0]!);
  yield commitRequested(router, world.time(), random.pick(USERS), `${removing ? 'delete' : 'add'} routing-instance VRF-B`);
  for (const table of tables) {
    yield routeTableEvent(router, world.time(), removing ? 'delete' : 'add', table);
    if (removing) router.routes.delete(table);
  }
  router.tables = removing ? router.tables.filter((t) => !tables.includes(t)) : [...router.tables, ...tables];
  yield commitCompleted(router, world.time());
  const operation = removing ? 'delete' : 'create';
  yield configUpdateEvent(router, {
    xml: `<routing-instances><instance nc:operation="${operation}"><name>VRF-B</name>`
      + '<instance-type>vrf</instance-type></instance></routing-instances>',
    json: { 'routing-instances': { instance: [{ name: 'VRF-B', '@': { operation }, 'instance-type': 'vrf' }] } },
  });
}

function commitRequested(router: Router, time: string, username: string, comment: string): SimulatedEvent {
  return syslogEvent(router, time, 'UI_COMMIT', {
    severity: 'notice', facility: 'interactive-commands', process: 'mgd',
    text: `User '${username}' requested 'commit' operation (comment: ${comment})`,
    attributes: { username, command: 'commit', message: `comment: ${comment}` },
  });
}

function commitCompleted(router: Router, time: string): SimulatedEvent {
  return syslogEvent(router, time, 'UI_COMMIT_COMPLETED', {
    severity: 'notice', facility: 'interactive-commands', process: 'mgd',
    text: 'commit complete', attributes: { message: 'commit complete' },
  });
}
