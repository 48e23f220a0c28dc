/**
 * Route prefixes and next hops a network engineer would recognise: IPv4 customer and
 * aggregate space, IPv6 documentation space, always written as network addresses.
 */
import type { Family, Router } from './inventory.js';
import type { Random } from './random.js';

/** IPv4 pools (first two octets) and the lengths routes in them have. */
const IPV4_POOLS: readonly [number, number][] = [[10, 0], [172, 16], [172, 20], [198, 18], [100, 64]];

export function randomPrefix(random: Random, family: Family): string {
  return family === 'inet' ? randomIpv4Prefix(random) : randomIpv6Prefix(random);
}

function randomIpv4Prefix(random: Random): string {
  const [a, b] = random.pick(IPV4_POOLS);
  const length = random.pick([16, 20, 22, 24, 24, 24, 28, 32]);
  const value = ((a << 24) | ((b + random.int(0, 3)) << 16) | (random.int(0, 255) << 8) | random.int(0, 255)) >>> 0;
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  const network = (value & mask) >>> 0;
  return `${[24, 16, 8, 0].map((shift) => (network >>> shift) & 0xff).join('.')}/${length}`;
}

/** 2001:db8:<site>:<subnet>::/48..64, compressed the way Junos prints it. */
function randomIpv6Prefix(random: Random): string {
  const length = random.pick([48, 56, 64, 64]);
  const site = random.int(0x100, 0xfff).toString(16);
  if (length === 48) return `2001:db8:${site}::/48`;
  const subnet = random.int(1, 0xff) << (length === 56 ? 8 : 0);
  return `2001:db8:${site}:${subnet.toString(16)}::/${length}`;
}

/** The far ends of the router's point-to-point links in that table (x.x.x.2, ...::2). */
export function nextHopsOf(router: Router, table: string, family: Family): string[] {
  const instance = table.includes('.') && !/^inet6?\.0$/.test(table) ? table.slice(0, table.indexOf('.')) : 'default';
  const hops: string[] = [];
  for (const unit of router.units) {
    if (unit.instance !== instance) continue;
    for (const address of unit.addresses) {
      if (address.family !== family || address.network === undefined) continue;
      hops.push(family === 'inet' ? address.local.replace(/\.1$/, '.2') : address.local.replace(/::1$/, '::2'));
    }
  }
  return hops.length > 0 ? hops : [family === 'inet' ? '192.0.2.1' : 'fe80::1'];
}
