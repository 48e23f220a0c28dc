import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileFilterMatcher, coversFilter, describeFilterProblem, generaliseFilters, overlapsFilter,
} from '../../../src/topics/mqtt-filter.js';

describe('describeFilterProblem', () => {
  const valid = [
    '#', '+', '/', '/#', '/+', '+/+', '+/#', 'a//b', '/junos/events/#', '/junos/events/syslog/+',
    '/junos/events/kernel/interfaces/ifd/+/ge-0/0/+', '$SYS/#', 'x'.repeat(65535), 'é'.repeat(32767),
  ];
  for (const filter of valid) {
    it(`accepts ${JSON.stringify(filter.slice(0, 40))}`, () => {
      assert.equal(describeFilterProblem(filter), null);
    });
  }

  const invalid: [string, RegExp][] = [
    ['', /empty/],
    ['a/#/b', /'#' must be a whole level and the last one/],
    ['#/a', /'#' must be a whole level and the last one/],
    ['a#', /'#' must be a whole level/],
    ['/junos/events#', /'#' must be a whole level/],
    ['##', /'#' must be a whole level/],
    ['a+', /'\+' must be a whole level/],
    ['a/+b/c', /'\+' must be a whole level/],
    ['++', /'\+' must be a whole level/],
    ['/junos/events/syslog/SNMP_+', /'\+' must be a whole level/],
    ['a\u0000b', /NUL/],
    ['x'.repeat(65536), /longer than 65535 bytes/],
    ['é'.repeat(32768), /longer than 65535 bytes/],
  ];
  for (const [filter, problem] of invalid) {
    it(`rejects ${JSON.stringify(filter.slice(0, 40))}`, () => {
      assert.match(describeFilterProblem(filter) ?? '(accepted)', problem);
    });
  }
});

describe('compileFilterMatcher', () => {
  const cases: [filter: string, topic: string, matches: boolean][] = [
    // exact
    ['/junos/events/genpub/config-update', '/junos/events/genpub/config-update', true],
    ['/junos/events/genpub/config-update', '/junos/events/genpub/config-update/', false],
    ['/junos/events/genpub/config-update', 'junos/events/genpub/config-update', false],
    ['ACCOUNTS', 'Accounts', false],
    // '#' matches the parent level and everything below
    ['sport/tennis/player1/#', 'sport/tennis/player1', true],
    ['sport/tennis/player1/#', 'sport/tennis/player1/ranking', true],
    ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon', true],
    ['sport/tennis/player1/#', 'sport/tennis', false],
    ['sport/#', 'sport', true],
    ['sport/#', 'sports', false],
    ['/junos/events/#', '/junos/events', true],
    ['/junos/events/#', '/junos/events/syslog/SYSTEM', true],
    ['/junos/events/#', '/junos/events/kernel/interfaces/ifa/add/ge-0/0/0.0/inet/10.0.0.1/32', true],
    ['/junos/events/#', 'junos/events/syslog/SYSTEM', false],
    ['/junos/events/#', '/junos/eventsX/syslog/SYSTEM', false],
    ['/#', '/junos', true],
    ['/#', 'junos', false],
    ['#', 'a', true],
    ['#', '/', true],
    ['a/+/#', 'a', false],
    ['a/+/#', 'a/b', true],
    ['a/+/#', 'a/b/c/d', true],
    // '+' is exactly one level, possibly empty
    ['sport/tennis/+', 'sport/tennis/player1', true],
    ['sport/tennis/+', 'sport/tennis/player1/ranking', false],
    ['sport/tennis/+', 'sport/tennis', false],
    ['sport/tennis/+', 'sport/tennis/', true],
    ['sport/+', 'sport', false],
    ['sport/+', 'sport/', true],
    ['+/+', '/finance', true],
    ['/+', '/finance', true],
    ['+', '/finance', false],
    ['/junos/events/kernel/interfaces/ifd/+/ge-0/0/+', '/junos/events/kernel/interfaces/ifd/add/ge-0/0/7', true],
    ['/junos/events/kernel/interfaces/ifd/+/ge-0/0/+', '/junos/events/kernel/interfaces/ifd/add/ge-0/0/7/1', false],
    ['/junos/events/kernel/interfaces/ifd/+/ge-0/0/+', '/junos/events/kernel/interfaces/ifd/add/lo0', false],
    ['/junos/events/kernel/interfaces/ifl/+/#', '/junos/events/kernel/interfaces/ifl/add/lo0.0', true],
    // '$' topics are not matched by filters starting with a wildcard
    ['#', '$SYS/broker/uptime', false],
    ['+/broker/uptime', '$SYS/broker/uptime', false],
    ['+/#', '$SYS', false],
    ['+', '$SYS', false],
    ['$SYS/#', '$SYS/broker/uptime', true],
    ['$SYS/+/uptime', '$SYS/broker/uptime', true],
    ['/#', '/$SYS', true],
    ['a/+', 'a/$b', true],
  ];
  for (const [filter, topic, matches] of cases) {
    it(`${filter} ${matches ? 'matches' : 'does not match'} ${JSON.stringify(topic)}`, () => {
      assert.equal(compileFilterMatcher(filter)(topic), matches);
    });
  }
});

describe('coversFilter', () => {
  const cases: [outer: string, inner: string, covers: boolean][] = [
    ['#', '/junos/events/#', true],
    ['#', '+/x', true],
    ['/junos/events/#', '/junos/events/kernel/#', true],
    ['/junos/events/kernel/#', '/junos/events/#', false],
    ['/junos/events/#', '/junos/events', true],
    ['a/#', 'a', true],
    ['a/#', 'a/+', true],
    ['a/#', 'a/#', true],
    ['a/+', 'a/#', false],
    ['a/+', 'a/b', true],
    ['a/+', 'a/+', true],
    ['a/b', 'a/+', false],
    ['a/+', 'a/b/c', false],
    ['a/+', 'a', false],
    ['a', 'a/#', false],
    ['a/+/#', 'a', false],
    ['a/+/#', 'a/b', true],
    ['a/+/#', 'a/#', false],
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
    ['+', '/', false],
    ['+/#', '/a', true],
    ['/junos/events/kernel/interfaces/+/+/ge-0/0/0', '/junos/events/kernel/interfaces/ifd/add/ge-0/0/0', true],
    ['/junos/events/kernel/interfaces/ifd/+/#', '/junos/events/kernel/interfaces/ifd/+/ge-0/0/+', true],
    ['/junos/events/kernel/interfaces/ifd/+/ge-0/0/+', '/junos/events/kernel/interfaces/ifd/+/#', false],
    // '$' topics: a leading wildcard never reaches them
    ['#', '$SYS/#', false],
    ['#', '$SYS', false],
    ['+/+', '$SYS/x', false],
    ['+/#', '$SYS/x', false],
    ['$SYS/#', '$SYS/x', true],
    ['$SYS/#', '+/x', false],
  ];
  for (const [outer, inner, covers] of cases) {
    it(`${outer} ${covers ? 'covers' : 'does not cover'} ${inner}`, () => {
      assert.equal(coversFilter(outer, inner), covers);
    });
  }
});

describe('overlapsFilter', () => {
  const cases: [x: string, y: string, overlaps: boolean][] = [
    ['a/+', 'a/b', true],
    ['a/b', 'a/c', false],
    ['a/#', 'b/#', false],
    ['a/#', 'a', true],
    ['a/+', 'a', false],
    ['a/+', 'a/b/#', true],
    ['a/+/c', 'a/b/+', true],
    ['a/+/c', 'a/b/d', false],
    ['a/b', 'a', false],
    ['a', 'a', true],
    ['#', 'x', true],
    ['+', '/', false],
    ['/junos/events/kernel/interfaces/+/add/#', '/junos/events/kernel/interfaces/ifd/+/ge-0/0/0', true],
    ['/junos/events/kernel/interfaces/ifl/+/ge-0/0/+', '/junos/events/kernel/interfaces/ifd/+/ge-0/0/+', false],
    ['/junos/events/kernel/interfaces/ifl/+/ge-0/0/+', '/junos/events/kernel/interfaces/ifl/add/ge-0/0/0.0', true],
    ['/junos/events/syslog/+', '/junos/events/syslog/SYSTEM/x', false],
    // '$' topics
    ['#', '$SYS/x', false],
    ['+/x', '$SYS/+', false],
    ['+/#', '$SYS/#', false],
    ['$SYS/#', '$SYS/x', true],
    ['$SYS/+', '$SYS/#', true],
  ];
  for (const [x, y, overlaps] of cases) {
    it(`${x} and ${y} ${overlaps ? 'overlap' : 'do not overlap'} (both orders)`, () => {
      assert.equal(overlapsFilter(x, y), overlaps);
      assert.equal(overlapsFilter(y, x), overlaps);
    });
  }
});

describe('generaliseFilters', () => {
  const cases: [x: string, y: string, expected: string][] = [
    ['a/b', 'a/c', 'a/+'],
    ['a/b', 'a/b', 'a/b'],
    ['a/b', 'a/b/c', 'a/b/#'],
    ['a', 'b/c', '+/#'],
    ['a/#', 'a/b/c', 'a/#'],
    ['a/b/#', 'a/c', 'a/+/#'],
    ['a/+/c', 'a/b/+', 'a/+/+'],
    ['#', 'a/b', '#'],
    ['/junos/events/kernel/interfaces/ifd/+/ge-0/0/0', '/junos/events/kernel/interfaces/ifd/add/#', '/junos/events/kernel/interfaces/ifd/+/#'],
    ['/junos/events/kernel/interfaces/ifl/+/ae0.1', '/junos/events/kernel/interfaces/ifl/add/+', '/junos/events/kernel/interfaces/ifl/+/+'],
    ['$SYS/a', '$SYS/b/c', '$SYS/+/#'],
  ];
  for (const [x, y, expected] of cases) {
    it(`${x} + ${y} → ${expected}, which covers both (both orders)`, () => {
      assert.equal(generaliseFilters(x, y), expected);
      assert.equal(generaliseFilters(y, x), expected);
      assert.ok(coversFilter(expected, x) && coversFilter(expected, y));
    });
  }
});

/** Every filter and topic over a small alphabet, to check the relations against the matcher itself. */
describe('relations agree with the matcher on a small universe', () => {
  const LEVELS = ['a', 'b', '', '$s'];
  const sequences = (alphabet: string[], depth: number): string[][] =>
    depth === 0 ? [[]] : [[], ...alphabet.flatMap((l) => sequences(alphabet, depth - 1).map((rest) => [l, ...rest]))];
  const unique = (lists: string[][]): string[] => [...new Set(lists.map((l) => l.join('/')))].filter((t) => t !== '');
  // The empty topic is not a valid topic name, but the filter relations reason as if it were
  // (`+` and `/#` both match it): keep it so that they can be compared with the matcher.
  const topics = ['', ...unique(sequences(LEVELS, 3))];
  const filters = unique([...sequences([...LEVELS, '+'], 3), ...sequences([...LEVELS, '+'], 2).map((l) => [...l, '#'])]);
  const matched = new Map(filters.map((f) => {
    const m = compileFilterMatcher(f);
    return [f, new Set(topics.filter(m))];
  }));

  it('has a universe worth checking', () => {
    assert.ok(topics.length === 84 && filters.length === 185 && filters.every((f) => describeFilterProblem(f) === null), `${topics.length} topics, ${filters.length} filters`);
  });

  it('coversFilter(outer, inner) iff every topic inner matches, outer matches too', () => {
    for (const outer of filters) {
      for (const inner of filters) {
        const truth = [...matched.get(inner)!].every((t) => matched.get(outer)!.has(t));
        // The universe is finite: a filter like `a/#` matches deeper topics the universe lacks,
        // so only a claimed cover can be refuted here, and a denied one confirmed where inner is shallow.
        if (coversFilter(outer, inner)) assert.ok(truth, `${outer} claims to cover ${inner}`);
        else if (!inner.includes('#') && !outer.includes('#')) assert.ok(!truth || matched.get(inner)!.size === 0, `${outer} should cover ${inner}`);
      }
    }
  });

  it('overlapsFilter(x, y) iff some topic is matched by both', () => {
    for (const x of filters) {
      for (const y of filters) {
        const truth = [...matched.get(x)!].some((t) => matched.get(y)!.has(t));
        assert.equal(overlapsFilter(x, y), truth, `${x} / ${y}`);
      }
    }
  });

  it('generaliseFilters covers both filters whenever they overlap', () => {
    for (const x of filters) {
      for (const y of filters) {
        if (!overlapsFilter(x, y)) continue;
        const g = compileFilterMatcher(generaliseFilters(x, y));
        for (const t of [...matched.get(x)!, ...matched.get(y)!]) assert.ok(g(t), `${generaliseFilters(x, y)} misses ${t}`);
      }
    }
  });
});
