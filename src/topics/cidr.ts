/**
 * IPv4/IPv6 addresses and prefixes, as BigInts: parse, canonicalise, and test containment
 * for `--within`, `--route` and `--address`. Pure.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type IpVersion = 4 | 6;

export interface Prefix {
  version: IpVersion;
  /** The address as an unsigned integer. */
  value: bigint;
  length: number;
}

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

export function familyOf(version: IpVersion): 'inet' | 'inet6' {
  return version === 4 ? 'inet' : 'inet6';
}

/** The address's integer value and version, or null when it is not an IP address (or has a `%zone`). */
export function parseAddress(text: string): { version: IpVersion; value: bigint } | null {
  if (text.includes('%')) return null;
  if (isIPv4(text)) {
    let value = 0n;
    for (const octet of text.split('.')) value = (value << 8n) | BigInt(Number(octet));
    return { version: 4, value };
  }
  if (isIPv6(text)) return { version: 6, value: parseIpv6(text) };
  return null;
}

function parseIpv6(text: string): bigint {
  let head = text;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail (::ffff:192.0.2.1) is two groups.
    const v4 = parseAddress(text.slice(lastColon + 1))!.value;
    const tailV4 = `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
    head = text.slice(0, lastColon + 1) + tailV4;
  }
  const [left = '', right] = head.split('::');
  const leftGroups = left ? left.split(':') : [];
  const rightGroups = right ? right.split(':') : [];
  const missing = 8 - leftGroups.length - rightGroups.length;
  const groups = right === undefined ? leftGroups : [...leftGroups, ...Array(missing).fill('0'), ...rightGroups];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(parseInt(group, 16));
  return value;
}

/** `addr/len` → a prefix, or a reason it is not one. */
export function parsePrefix(text: string): Prefix | string {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const address = parseAddress(addressText);
  if (!address) return `'${addressText}' is not an IPv4 or IPv6 address`;
  if (slash < 0) return 'the prefix length is missing';
  const lengthText = text.slice(slash + 1);
  const length = Number(lengthText);
  if (!/^\d{1,3}$/.test(lengthText) || length > BITS[address.version]) {
    return `'/${lengthText}' is not a prefix length for IPv${address.version} (0-${BITS[address.version]})`;
  }
  return { ...address, length };
}

/** The prefix with its host bits cleared. */
export function networkOf(prefix: Prefix): Prefix {
  const hostBits = BigInt(BITS[prefix.version] - prefix.length);
  return { ...prefix, value: (prefix.value >> hostBits) << hostBits };
}

export function hasHostBits(prefix: Prefix): boolean {
  return networkOf(prefix).value !== prefix.value;
}

/** Whether `inner` (an address, or a prefix of at least the same length) lies inside `outer`. */
export function isWithin(outer: Prefix, inner: { version: IpVersion; value: bigint; length?: number }): boolean {
  if (inner.version !== outer.version) return false;
  if (inner.length !== undefined && inner.length < outer.length) return false;
  const hostBits = BigInt(BITS[outer.version] - outer.length);
  return inner.value >> hostBits === outer.value >> hostBits;
}

/** Canonical text (RFC 5952 for IPv6: lower case, longest zero run compressed). */
export function formatAddress(version: IpVersion, value: bigint): string {
  if (version === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt((7 - i) * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatPrefix(prefix: Prefix): string {
  return `${formatAddress(prefix.version, prefix.value)}/${prefix.length}`;
}
