import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type IpVersion, type Prefix, familyOf, formatAddress, formatPrefix, hasHostBits, isWithin, networkOf,
  parseAddress, parsePrefix,
} from '../../../src/topics/cidr.js';

function prefix(text: string): Prefix {
  const parsed = parsePrefix(text);
  if (typeof parsed === 'string') throw new Error(`test setup: ${text}: ${parsed}`);
  return parsed;
}

function address(text: string): { version: IpVersion; value: bigint } {
  const parsed = parseAddress(text);
  if (!parsed) throw new Error(`test setup: ${text} is not an address`);
  return parsed;
}

describe('parseAddress', () => {
  const cases: [string, IpVersion, bigint][] = [
    ['0.0.0.0', 4, 0n],
    ['192.0.2.1', 4, 0xc0000201n],
    ['255.255.255.255', 4, 0xffffffffn],
    ['::', 6, 0n],
    ['::1', 6, 1n],
    ['1::', 6, 1n << 112n],
    ['2001:db8::1', 6, 0x20010db8000000000000000000000001n],
    ['2001:DB8::1', 6, 0x20010db8000000000000000000000001n],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', 6, 0x20010db8000000000000000000000001n],
    ['1:2:3:4:5:6:7:8', 6, 0x00010002000300040005000600070008n],
    ['1:2:3:4:5:6:7::', 6, 0x00010002000300040005000600070000n],
    ['::2:3:4:5:6:7:8', 6, 0x00000002000300040005000600070008n],
    ['fe80::5668:a3ff:fe1e:6d0', 6, 0xfe800000000000005668a3fffe1e06d0n],
    ['::ffff:192.0.2.1', 6, 0xffffc0000201n],
    ['::192.0.2.1', 6, 0xc0000201n],
    ['1:2:3:4:5:6:192.0.2.1', 6, 0x000100020003000400050006c0000201n],
  ];
  for (const [text, version, value] of cases) {
    it(`${text} → IPv${version} ${value.toString(16)}`, () => {
      assert.deepEqual(parseAddress(text), { version, value });
    });
  }

  const bad = [
    '', ' 192.0.2.1', '192.0.2.1 ', '1.2.3', '256.0.0.1', '010.0.0.1', '1.2.3.4.5', '10.0.0.0/8',
    '2001:db8:::1', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1', ':1', 'ge-0/0/0', 'lo0',
    // a zone names a link, not an address; with an IPv4 tail it used to throw
    'fe80::1%eth0', '::1.2.3.4%x', '::ffff:192.0.2.1%25ge-0',
  ];
  for (const text of bad) {
    it(`${JSON.stringify(text)} → null`, () => {
      assert.equal(parseAddress(text), null);
    });
  }
});

describe('parsePrefix', () => {
  const good: [string, Prefix][] = [
    ['10.0.0.0/8', { version: 4, value: 0x0a000000n, length: 8 }],
    ['10.0.0.1/32', { version: 4, value: 0x0a000001n, length: 32 }],
    ['0.0.0.0/0', { version: 4, value: 0n, length: 0 }],
    ['10.0.0.1/8', { version: 4, value: 0x0a000001n, length: 8 }],
    ['2001:db8::/32', { version: 6, value: 0x20010db8n << 96n, length: 32 }],
    ['::/0', { version: 6, value: 0n, length: 0 }],
    ['fe80::1/128', { version: 6, value: 0xfe80n << 112n | 1n, length: 128 }],
    ['10.0.0.0/08', { version: 4, value: 0x0a000000n, length: 8 }],
  ];
  for (const [text, expected] of good) {
    it(`${text}`, () => {
      assert.deepEqual(parsePrefix(text), expected);
    });
  }

  const bad: [string, RegExp][] = [
    ['10.0.0.0', /the prefix length is missing/],
    ['2001:db8::', /the prefix length is missing/],
    ['10.0.0.0/', /'\/' is not a prefix length for IPv4 \(0-32\)/],
    ['10.0.0.0/33', /'\/33' is not a prefix length for IPv4 \(0-32\)/],
    ['10.0.0.0/-1', /not a prefix length for IPv4/],
    ['10.0.0.0/8/9', /not a prefix length for IPv4/],
    ['10.0.0.0/ 8', /not a prefix length for IPv4/],
    ['10.0.0.0/1e1', /not a prefix length for IPv4/],
    ['10.0.0.0/0x8', /not a prefix length for IPv4/],
    ['10.0.0.0/0008', /not a prefix length for IPv4/],
    ['2001:db8::/129', /'\/129' is not a prefix length for IPv6 \(0-128\)/],
    ['10/8', /'10' is not an IPv4 or IPv6 address/],
    ['10.0.0/24', /'10.0.0' is not an IPv4 or IPv6 address/],
    ['x/8', /'x' is not an IPv4 or IPv6 address/],
    ['/8', /'' is not an IPv4 or IPv6 address/],
    ['', /'' is not an IPv4 or IPv6 address/],
    ['fe80::%eth0/64', /'fe80::%eth0' is not an IPv4 or IPv6 address/],
  ];
  for (const [text, problem] of bad) {
    it(`${JSON.stringify(text)} is refused`, () => {
      const result = parsePrefix(text);
      assert.equal(typeof result, 'string');
      assert.match(result as string, problem);
    });
  }
});

describe('formatAddress (RFC 5952 for IPv6)', () => {
  const cases: [string, string][] = [
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    // a single zero group is not compressed (4.2.2)
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['0:1:2:3:4:5:6:7', '0:1:2:3:4:5:6:7'],
    ['1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0'],
    // the longest run is compressed (4.2.3), the first of equal runs
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
    // leading zeros dropped (4.1), lower case (4.3)
    ['2001:0db8::0001', '2001:db8::1'],
    ['FE80::ABCD:EF01', 'fe80::abcd:ef01'],
    ['::', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['0.0.0.0', '0.0.0.0'],
    ['192.0.2.1', '192.0.2.1'],
    ['255.255.255.255', '255.255.255.255'],
  ];
  for (const [text, canonical] of cases) {
    it(`${text} → ${canonical}`, () => {
      const { version, value } = address(text);
      assert.equal(formatAddress(version, value), canonical);
      assert.deepEqual(parseAddress(canonical), { version, value });
    });
  }

  it('formatPrefix joins the canonical address and the length', () => {
    assert.equal(formatPrefix(prefix('2001:0DB8:0::/32')), '2001:db8::/32');
    assert.equal(formatPrefix(prefix('10.0.0.0/8')), '10.0.0.0/8');
    assert.equal(formatPrefix(prefix('::/0')), '::/0');
  });
});

describe('host bits', () => {
  const cases: [string, boolean, string][] = [
    ['10.0.0.0/8', false, '10.0.0.0/8'],
    ['10.0.0.1/8', true, '10.0.0.0/8'],
    ['10.255.255.255/8', true, '10.0.0.0/8'],
    ['10.0.0.1/32', false, '10.0.0.1/32'],
    ['0.0.0.0/0', false, '0.0.0.0/0'],
    ['1.2.3.4/0', true, '0.0.0.0/0'],
    ['192.0.2.128/25', false, '192.0.2.128/25'],
    ['192.0.2.129/25', true, '192.0.2.128/25'],
    ['192.0.2.129/24', true, '192.0.2.0/24'],
    ['2001:db8::/32', false, '2001:db8::/32'],
    ['2001:db8::1/32', true, '2001:db8::/32'],
    ['2001:db8:8000::/33', false, '2001:db8:8000::/33'],
    ['2001:db8:8000::/32', true, '2001:db8::/32'],
    ['::1/128', false, '::1/128'],
    ['::1/127', true, '::/127'],
    ['::/0', false, '::/0'],
    ['ffff::/0', true, '::/0'],
  ];
  for (const [text, hostBits, network] of cases) {
    it(`${text}: ${hostBits ? 'host bits, network' : 'no host bits,'} ${network}`, () => {
      const p = prefix(text);
      assert.equal(hasHostBits(p), hostBits);
      assert.equal(formatPrefix(networkOf(p)), network);
      assert.equal(hasHostBits(networkOf(p)), false);
    });
  }
});

describe('isWithin', () => {
  const cases: [outer: string, inner: string, within: boolean][] = [
    ['10.0.0.0/8', '10.1.2.3', true],
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['10.0.0.0/8', '9.255.255.255', false],
    ['10.0.0.0/8', '10.0.0.0/8', true],
    ['10.0.0.0/8', '10.128.0.0/9', true],
    ['10.0.0.0/8', '10.0.0.0/7', false],
    ['10.0.0.0/8', '10.0.0.1/32', true],
    ['10.0.0.0/8', '::ffff:10.0.0.1', false],
    ['0.0.0.0/0', '255.255.255.255', true],
    ['0.0.0.0/0', '0.0.0.0/0', true],
    ['0.0.0.0/0', '::', false],
    ['::/0', '2001:db8::1', true],
    ['::/0', '::/0', true],
    ['::/0', '10.0.0.1', false],
    ['2001:db8::/32', '2001:db8:ffff::/48', true],
    ['2001:db8::/32', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', true],
    ['2001:db8::/32', '2001:db9::/48', false],
    ['2001:db8::/32', '2001:db8::/31', false],
    ['2001:db8::/32', '2001:db8::', true],
    ['fe80::1/128', 'fe80::1', true],
    ['fe80::1/128', 'fe80::1/128', true],
    ['fe80::1/128', 'fe80::2', false],
    ['192.0.2.128/25', '192.0.2.127', false],
    ['192.0.2.128/25', '192.0.2.128', true],
  ];
  for (const [outer, inner, within] of cases) {
    it(`${inner} is ${within ? '' : 'not '}within ${outer}`, () => {
      const innerValue = inner.includes('/') ? prefix(inner) : address(inner);
      assert.equal(isWithin(prefix(outer), innerValue), within);
    });
  }
});

describe('familyOf', () => {
  it('maps IP versions to Junos families', () => {
    assert.equal(familyOf(4), 'inet');
    assert.equal(familyOf(6), 'inet6');
  });
});
