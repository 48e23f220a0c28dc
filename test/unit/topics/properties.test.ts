import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { UsageError } from '../../../src/errors.js';
import { ACTIONS, KINDS } from '../../../src/topics/catalog.js';
import { formatAddress, parseAddress } from '../../../src/topics/cidr.js';
import { collapseFilters } from '../../../src/topics/collapse.js';
import { type TopicSelection, compileTopicFilters } from '../../../src/topics/compile.js';
import { compileFilterMatcher, coversFilter, overlapsFilter } from '../../../src/topics/mqtt-filter.js';
import { parseTopic } from '../../../src/topics/parse.js';
import { isSelected } from './is-selected.js';

const RUNS = { numRuns: 300 };
const I = '/junos/events/kernel/interfaces';
const ROUTE = '/junos/events/kernel/route';

// ---------------------------------------------------------------------------------------------
// Interface names and name patterns

/** A concrete ifd as Junos names it: `ge-0/0/0`, `xe-1/2/3:1`, `ae12`, `lo0`, `irb`, `fxp0`. */
const ifdArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('ge', 'xe', 'et'), fc.nat(2), fc.nat(2), fc.nat(11), fc.option(fc.nat(3), { nil: undefined }))
    .map(([t, f, p, n, ch]) => `${t}-${f}/${p}/${n}${ch === undefined ? '' : `:${ch}`}`),
  fc.tuple(fc.constantFrom('ae', 'lo', 'fxp', 'em'), fc.nat(12)).map(([t, n]) => `${t}${n}`),
  fc.constant('irb'),
);

const unitArb = fc.oneof(fc.nat(3), fc.nat(32767));

/** Replace or insert `*`/`?` at random positions. */
function globbed(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(text, fc.array(fc.tuple(fc.nat(), fc.constantFrom('*', '?'), fc.boolean()), { maxLength: 3 }))
    .map(([t, edits]) => {
      let out = t;
      for (const [at, glob, insert] of edits) {
        const i = at % (out.length + (insert ? 1 : 0));
        out = out.slice(0, i) + glob + out.slice(insert ? i : i + 1);
      }
      return out;
    });
}

/** An ifd pattern: an ifd, globbed or not, or a bare `*`. */
const ifdPatternArb = fc.oneof(ifdArb, globbed(ifdArb), fc.constantFrom('*', '*/*/*', 'ge-*', '*0', '?e-0/0/*'));
const unitPatternArb = fc.oneof(unitArb.map(String), globbed(unitArb.map(String)), fc.constant('*'));

/** Realistic names with random globs (and units), and fully random strings. */
const nameLikeArb = fc.oneof(
  fc.tuple(ifdPatternArb, fc.option(unitPatternArb, { nil: undefined }))
    .map(([ifd, unit]) => (unit === undefined ? ifd : `${ifd}.${unit}`)),
  globbed(fc.tuple(ifdArb, unitArb).map(([i, u]) => `${i}.${u}`)),
  fc.string({ unit: fc.constantFrom('a', '0', '-', '/', '.', ':', '*', '?', '+', '#', ' ', '$', '\u0000', '\t'), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
);

/** The documented glob reading, written here independently: with `/`, `*` and `?` stay within a level. */
function referenceGlob(pattern: string): RegExp {
  const levelwise = pattern.includes('/');
  const body = [...pattern].map((ch) => {
    if (ch === '*') return levelwise ? '[^/]*' : '.*';
    if (ch === '?') return levelwise ? '[^/]' : '.';
    return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  }).join('');
  return new RegExp(`^${body}$`, 'su');
}

function expectUsageErrorOrValidFilters(selection: TopicSelection): void {
  let filters: string[];
  try {
    filters = compileTopicFilters(selection).filters;
  } catch (error) {
    assert.ok(error instanceof UsageError, `${JSON.stringify(selection)} threw ${String(error)}`);
    assert.equal(error.exitCode, 2);
    return;
  }
  assert.ok(filters.length > 0);
  for (const f of filters) {
    // Checked here by hand rather than with describeFilterProblem, so that a bug there cannot hide one here.
    const levels = f.split('/');
    assert.ok(f.length > 0 && !f.includes('\u0000'), `${JSON.stringify(selection)} → ${JSON.stringify(f)}`);
    levels.forEach((level, i) => {
      assert.ok(!level.includes('#') || (level === '#' && i === levels.length - 1), `${JSON.stringify(selection)} → ${f}`);
      assert.ok(!level.includes('+') || level === '+', `${JSON.stringify(selection)} → ${f}`);
    });
  }
}

describe('properties: names never produce invalid filters', () => {
  const flags = ['ifd', 'ifl', 'iff', 'ifa', 'interface', 'firewall', 'routeTable', 'lr', 'syslog'] as const;
  for (const flag of flags) {
    it(`--${flag} <any name>: a UsageError (exit 2) or valid filters`, () => {
      fc.assert(fc.property(nameLikeArb, (name) => {
        expectUsageErrorOrValidFilters({ [flag]: [name] });
      }), RUNS);
    });
  }
  it('several names and narrowing flags together', () => {
    fc.assert(fc.property(
      fc.array(nameLikeArb, { minLength: 1, maxLength: 3 }), fc.array(nameLikeArb, { maxLength: 2 }),
      fc.subarray(['add', 'change', 'delete', 'add,delete']), fc.subarray(['inet', 'inet6', 'inet*', 'e*']),
      (ifls, ifas, action, family) => {
        expectUsageErrorOrValidFilters({ ifl: ifls, ifa: ifas, iff: [true], action, family });
      },
    ), { numRuns: 150 });
  });
});

describe('properties: interface selection is exact', () => {
  const familyArb = fc.constantFrom('inet', 'inet6', 'iso', 'mpls', 'ethernet-switching');
  const kindArb = fc.constantFrom('ifd', 'ifl', 'iff', 'ifa');
  const topicArb = fc.record({ kind: kindArb, action: fc.constantFrom(...ACTIONS), ifd: ifdArb, unit: unitArb, family: familyArb });

  function topicFor(t: { kind: string; action: string; ifd: string; unit: number; family: string }): string {
    const name = t.kind === 'ifd' ? t.ifd : `${t.ifd}.${t.unit}`;
    const tail = t.kind === 'iff' ? `/${t.family}` : t.kind === 'ifa' ? `/${t.family}/192.0.2.1/24` : '';
    return `${I}/${t.kind}/${t.action}/${name}${tail}`;
  }

  /** Pattern `ifd[.unit]` against a topic's interface; a missing unit means every unit. */
  function referenceMatch(pattern: { ifd: string; unit: string | undefined }, t: { kind: string; ifd: string; unit: number }): boolean {
    if (t.kind === 'ifd') return pattern.unit === undefined && referenceGlob(pattern.ifd).test(t.ifd);
    return referenceGlob(`${pattern.ifd}.${pattern.unit ?? '*'}`).test(`${t.ifd}.${t.unit}`);
  }

  /** Mostly topics of the kind the flag selects, and patterns made from the topic's own interface. */
  function caseArb(flag: 'ifd' | 'ifl' | 'iff' | 'ifa' | 'interface') {
    const kind = flag === 'interface' ? kindArb : fc.oneof({ arbitrary: fc.constant(flag), weight: 3 }, { arbitrary: kindArb, weight: 1 });
    return fc.record({ kind, action: fc.constantFrom(...ACTIONS), ifd: ifdArb, unit: unitArb, family: familyArb }).chain((t) => fc.record({
      topic: fc.constant(t),
      ifd: fc.oneof(ifdPatternArb, globbed(fc.constant(t.ifd)), fc.constant(t.ifd)),
      unit: flag === 'ifd'
        ? fc.constant(undefined)
        : fc.option(fc.oneof(unitPatternArb, globbed(fc.constant(String(t.unit))), fc.constant(String(t.unit))), { nil: undefined }),
      actions: fc.option(fc.subarray([...ACTIONS], { minLength: 1 }), { nil: undefined }),
    }));
  }

  for (const flag of ['ifd', 'ifl', 'iff', 'ifa', 'interface'] as const) {
    it(`--${flag} <pattern> selects a topic iff the pattern matches its interface`, () => {
      fc.assert(fc.property(caseArb(flag), ({ topic, ifd, unit, actions }) => {
        const pattern = unit === undefined ? ifd : `${ifd}.${unit}`;
        const selection: TopicSelection = { [flag]: [pattern] };
        if (actions) selection.action = [actions.join(',')];
        const compiled = compileTopicFilters(selection);
        const kindWanted = flag === 'interface' || flag === topic.kind;
        const actionWanted = !actions || actions.includes(topic.action);
        const expected = kindWanted && actionWanted && referenceMatch({ ifd, unit }, topic);
        const t = topicFor(topic);
        assert.equal(isSelected(compiled, t), expected, `${pattern} vs ${t}: filters ${compiled.filters.join(' ')}`);
      }), RUNS);
    });
  }

  it('--ifl/--iff/--ifa with no name select every interface, one-level and channelized included', () => {
    fc.assert(fc.property(topicArb, (topic) => {
      if (topic.kind === 'ifd') return;
      assert.ok(isSelected(compileTopicFilters({ [topic.kind]: [true] }), topicFor(topic)), topicFor(topic));
    }), RUNS);
  });
});

describe('properties: other name patterns are exact', () => {
  const K = '/junos/events/kernel';
  const pick = (parts: string[], max: number) => fc.array(fc.constantFrom(...parts), { minLength: 1, maxLength: max }).map((p) => p.join(''));
  const patternOf = (name: fc.Arbitrary<string>) => name.chain((n) => fc.record({
    name: fc.constant(n),
    pattern: fc.oneof(fc.constant(n), globbed(fc.constant(n)), globbed(name)),
  }));
  const action = fc.constantFrom(...ACTIONS);

  it('--firewall <pattern> (names may contain /)', () => {
    const names = pick(['protect', '-re', '-mgmt', 'ge-0/0/0', '.0', '-i', '_', 'a/b', 'v4'], 4);
    fc.assert(fc.property(patternOf(names), action, ({ name, pattern }, a) => {
      const topic = `${K}/firewall/filter/${a}/${name}`;
      const expected = referenceGlob(pattern).test(name);
      assert.equal(isSelected(compileTopicFilters({ firewall: [pattern] }), topic), expected, `${pattern} vs ${topic}`);
    }), RUNS);
  });

  it('--syslog <pattern> (case-insensitive, upper case in topics)', () => {
    const ids = pick(['SNMP', '_TRAP', '_LINK', '_DOWN', '_UP', 'UI', '_COMMIT', 'LOGIN', '_INFORMATION', 'SYSTEM'], 4);
    fc.assert(fc.property(patternOf(ids), fc.boolean(), ({ name, pattern }, lower) => {
      const topic = `/junos/events/syslog/${name}`;
      const expected = referenceGlob(pattern).test(name);
      const arg = lower ? pattern.toLowerCase() : pattern;
      assert.equal(isSelected(compileTopicFilters({ syslog: [arg] }), topic), expected, `${arg} vs ${topic}`);
    }), RUNS);
  });

  it('--route-table <pattern> --lr <pattern>', () => {
    const tables = pick(['VRF', '-A', '-B', '.inet', '.inet6', '.0', '__juniper_private1__', 'mpls'], 4);
    const lrs = pick(['default', 'lr', '1', '2'], 2);
    fc.assert(fc.property(patternOf(tables), patternOf(lrs), fc.boolean(), action, (table, lr, withLr, a) => {
      const topic = `${K}/route-table/${a}/${table.name}/${lr.name}`;
      const selection: TopicSelection = { routeTable: [table.pattern], ...(withLr ? { lr: [lr.pattern] } : {}) };
      const expected = referenceGlob(table.pattern).test(table.name) && (!withLr || referenceGlob(lr.pattern).test(lr.name));
      assert.equal(isSelected(compileTopicFilters(selection), topic), expected, `${JSON.stringify(selection)} vs ${topic}`);
    }), RUNS);
  });

  it('--iff --family <pattern> and --route --family <pattern>', () => {
    const families = fc.constantFrom('inet', 'inet6', 'iso', 'mpls', 'ethernet-switching', 'mlfr-uni-nni', 'any');
    fc.assert(fc.property(patternOf(families), ifdArb, fc.boolean(), action, ({ name, pattern }, ifd, route, a) => {
      const topic = route ? `${ROUTE}/${a}/${name}/10.0.0.0/8` : `${I}/iff/${a}/${ifd}.0/${name}`;
      const selection: TopicSelection = { [route ? 'route' : 'iff']: [true], family: [pattern] };
      assert.equal(isSelected(compileTopicFilters(selection), topic), referenceGlob(pattern).test(name), `${pattern} vs ${topic}`);
    }), RUNS);
  });
});

// ---------------------------------------------------------------------------------------------
// Addresses and --within

const BITS = { 4: 32, 6: 128 } as const;

/** Written independently of src/topics/cidr.ts: dotted quad, or eight uncompressed groups (any case). */
function spell(version: 4 | 6, value: bigint, upper = false): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  const text = groups.join(':');
  return upper ? text.toUpperCase() : text;
}

function mask(version: 4 | 6, value: bigint, length: number): bigint {
  const host = BigInt(BITS[version] - length);
  return (value >> host) << host;
}

const prefixArb = fc.constantFrom(4 as const, 6 as const).chain((version) => fc.record({
  version: fc.constant(version),
  value: fc.bigInt({ min: 0n, max: (1n << BigInt(BITS[version])) - 1n }),
  length: fc.integer({ min: 0, max: BITS[version] }),
}));

describe('properties: --within is exact', () => {
  // Routes: near a --within network (same high bits, random low bits) or anywhere, of any version.
  const caseArb = fc.record({
    within: fc.array(prefixArb, { minLength: 1, maxLength: 2 }),
    route: prefixArb,
    near: fc.boolean(),
    upper: fc.boolean(),
    action: fc.constantFrom(...ACTIONS),
  }).map((c) => {
    const w = c.within[0]!;
    if (!c.near || w.version !== c.route.version) return c;
    const bits = BigInt(BITS[w.version]);
    const low = c.route.value & ((1n << (bits - BigInt(w.length))) - 1n);
    return { ...c, route: { ...c.route, value: mask(w.version, w.value, w.length) | low } };
  });

  function within(w: { version: 4 | 6; value: bigint; length: number }, a: { version: 4 | 6; value: bigint }, length?: number): boolean {
    if (w.version !== a.version) return false;
    if (length !== undefined && length < w.length) return false;
    return mask(w.version, w.value, w.length) === mask(a.version, a.value, w.length);
  }

  const args = (ws: { version: 4 | 6; value: bigint; length: number }[]) =>
    ws.map((w) => `${spell(w.version, mask(w.version, w.value, w.length))}/${w.length}`);

  it('--route --within <prefixes> selects a route iff it lies inside one of them', () => {
    fc.assert(fc.property(caseArb, ({ within: ws, route, upper, action }) => {
      const compiled = compileTopicFilters({ route: [true], within: args(ws) });
      const family = route.version === 4 ? 'inet' : 'inet6';
      const topic = `${ROUTE}/${action}/${family}/${spell(route.version, route.value, upper)}/${route.length}`;
      const expected = ws.some((w) => within(w, route, route.length));
      assert.equal(isSelected(compiled, topic), expected, `${args(ws).join(' ')} vs ${topic}`);
    }), RUNS);
  });

  it('--within <prefixes> alone selects an interface address iff it lies inside one of them', () => {
    fc.assert(fc.property(caseArb, ifdArb, ({ within: ws, route: address, upper, action }, ifd) => {
      const compiled = compileTopicFilters({ within: args(ws) });
      const family = address.version === 4 ? 'inet' : 'inet6';
      const topic = `${I}/ifa/${action}/${ifd}.0/${family}/${spell(address.version, address.value, upper)}/${address.length}`;
      const expected = ws.some((w) => within(w, address));
      assert.equal(isSelected(compiled, topic), expected, `${args(ws).join(' ')} vs ${topic}`);
    }), RUNS);
  });

  it('formatAddress is the canonical (RFC 5952) text, and parses back', () => {
    fc.assert(fc.property(prefixArb, fc.nat(8), ({ version, value }, zeroGroups) => {
      // Clear some groups so that runs of zeros are common.
      let v = value;
      for (let i = 0; i < zeroGroups && version === 6; i++) v &= ~(0xffffn << (((value >> BigInt(i * 7)) & 7n) * 16n));
      const text = formatAddress(version, v);
      const oracle = version === 4 ? spell(4, v) : new URL(`http://[${spell(6, v)}]/`).hostname.slice(1, -1);
      assert.equal(text, oracle);
      assert.deepEqual(parseAddress(text), { version, value: v });
      assert.deepEqual(parseAddress(spell(version, v, true)), { version, value: v });
    }), { numRuns: 500 });
  });
});

// ---------------------------------------------------------------------------------------------
// Collapsing, parsing

describe('properties: collapseFilters', () => {
  const levelArb = fc.constantFrom('a', 'b', '', '+', '$s');
  const filterArb = fc.tuple(fc.array(levelArb, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([levels, multi]) => (multi ? [...levels, '#'] : levels).join('/'))
    .filter((f) => f !== '');
  // Enough topics to witness every overlap of filters of up to four levels over this alphabet.
  const topics: string[] = [];
  const grow = (prefix: string[]): void => {
    if (prefix.length > 0) topics.push(prefix.join('/'));
    if (prefix.length < 4) for (const l of ['a', 'b', '', '$s', 'c']) grow([...prefix, l]);
  };
  grow([]);

  it('leaves no two overlapping filters, covers every input, and delivers every wanted topic exactly once', () => {
    fc.assert(fc.property(fc.array(filterArb, { minLength: 1, maxLength: 8 }), (filters) => {
      const out = collapseFilters(filters).filters;
      for (let i = 0; i < out.length; i++) {
        for (let j = i + 1; j < out.length; j++) assert.ok(!overlapsFilter(out[i]!, out[j]!), `${out[i]} / ${out[j]} from ${filters.join(' ')}`);
      }
      for (const f of filters) assert.ok(out.some((o) => coversFilter(o, f)), `${f} not covered by ${out.join(' ')}`);
      const inMatchers = filters.map(compileFilterMatcher);
      const outMatchers = out.map(compileFilterMatcher);
      for (const t of topics) {
        const hits = outMatchers.filter((m) => m(t)).length;
        assert.ok(hits <= 1, `${t} delivered ${hits} times by ${out.join(' ')}`);
        if (inMatchers.some((m) => m(t))) assert.equal(hits, 1, `${t} lost by ${out.join(' ')} from ${filters.join(' ')}`);
      }
    }), RUNS);
  });
});

describe('properties: parseTopic', () => {
  const levelArb = fc.oneof(
    fc.constantFrom('kernel', 'interfaces', 'ifd', 'ifl', 'iff', 'ifa', 'firewall', 'filter', 'route', 'route-table',
      'syslog', 'genpub', 'config-update', 'add', 'change', 'delete', 'inet', 'inet6', '', '10.0.0.1', '2001:db8::', '32', 'ae0.1', 'x.y'),
    fc.string({ maxLength: 6 }),
  );
  const topicArb = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ maxLength: 40 }),
    fc.array(levelArb, { maxLength: 10 }).map((levels) => ['/junos/events', ...levels].join('/')),
  );

  it('never throws, and returns a known kind, action and plain fields', () => {
    fc.assert(fc.property(topicArb, (topic) => {
      const parsed = parseTopic(topic);
      assert.ok((KINDS as readonly string[]).includes(parsed.kind), parsed.kind);
      assert.ok(parsed.action === null || (ACTIONS as readonly string[]).includes(parsed.action));
      for (const [key, value] of Object.entries(parsed.fields)) {
        assert.ok(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)), `${key}: ${String(value)} in ${topic}`);
      }
    }), { numRuns: 1000 });
  });
});
