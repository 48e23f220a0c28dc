/**
 * Filter compiler properties that test/unit/topics/properties.test.ts does not cover: raw
 * -t filters against an independent MQTT matcher, the union of several topic flags, --action
 * alone, --route and --address with exact prefixes in any spelling, and no flag at all.
 * Each checks what is delivered end to end (broker filter, then client-side test).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { UsageError } from '../../../src/errors.js';
import { type TopicSelection, compileTopicFilters } from '../../../src/topics/compile.js';
import { isSelected } from '../topics/is-selected.js';

const RUNS = { numRuns: 300 };
const I = '/junos/events/kernel/interfaces';
const ACTIONS = ['add', 'change', 'delete'] as const;

/** MQTT 3.1.1 §4.7 matching, written here from the spec. */
function mqttMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Topics of every kind, with names that several patterns below can hit or miss. */
const TOPIC_POOL: readonly string[] = ACTIONS.flatMap((a) => [
  `${I}/ifd/${a}/ge-0/0/0`, `${I}/ifd/${a}/lo0`, `${I}/ifd/${a}/xe-1/2/3:1`,
  `${I}/ifl/${a}/ge-0/0/0.100`, `${I}/ifl/${a}/ae0.0`, `${I}/ifl/${a}/irb.310`,
  `${I}/iff/${a}/ge-0/0/0.100/inet6`, `${I}/iff/${a}/lo0.0/inet`,
  `${I}/ifa/${a}/ge-0/0/0.0/inet/192.0.2.1/24`, `${I}/ifa/${a}/lo0.0/inet6/2001:db8::1/128`,
  `/junos/events/kernel/firewall/filter/${a}/protect-re`, `/junos/events/kernel/firewall/filter/${a}/a/b`,
  `/junos/events/kernel/route/${a}/inet/10.0.0.0/8`, `/junos/events/kernel/route/${a}/inet6/2001:db8::/32`,
  `/junos/events/kernel/route-table/${a}/inet.0/default`, `/junos/events/kernel/route-table/${a}/VRF-A.inet.0/lr1`,
]).concat([
  '/junos/events/syslog/SNMP_TRAP_LINK_DOWN', '/junos/events/syslog/UI_COMMIT_COMPLETED', '/junos/events/syslog/SYSTEM',
  '/junos/events/genpub/config-update', '/junos/events/other/thing', '/junos/other', 'junos/events/syslog/X', '/x/y',
]);

/** One topic flag with a name, a glob, or no name. */
const flagArb: fc.Arbitrary<TopicSelection> = fc.oneof(
  fc.constant<TopicSelection>({ ifd: [true] }),
  fc.constantFrom('ge-0/0/*', 'lo0', '*:1', 'ae*', '*').map((n) => ({ ifd: [n] })),
  fc.constantFrom('ge-0/0/0', 'ae0.0', 'irb.*', '*.100').map((n) => ({ ifl: [n] })),
  fc.constantFrom('ge-0/0/0', 'lo0.0').map((n) => ({ iff: [n] })),
  fc.constantFrom('ge-0/0/0.0', '*').map((n) => ({ ifa: [n] })),
  fc.constantFrom('ge-0/0/0', 'lo0.0', 'ae0').map((n) => ({ interface: [n] })),
  fc.constantFrom('protect-re', 'a/*', '*').map((n) => ({ firewall: [n] })),
  fc.constantFrom('10.0.0.0/8', '2001:db8::/32').map((n) => ({ route: [n] })),
  fc.constantFrom('inet.0', 'VRF-*').map((n) => ({ routeTable: [n] })),
  fc.constantFrom('SNMP_TRAP_LINK_*', 'SYSTEM', 'ui_commit_completed').map((n) => ({ syslog: [n] })),
  fc.constant({ configUpdate: true }),
  fc.constantFrom('/junos/events/syslog/+', '/junos/events/kernel/route/#', '/junos/+/genpub/#').map((t) => ({ topic: [t] })),
);

/** The flags that select kernel topics of their own (everything but --interface, --syslog, --config-update, -t). */
const KERNEL_CLASS_FLAGS = ['ifd', 'ifl', 'iff', 'ifa', 'route', 'routeTable', 'firewall'] as const;

function merge(selections: TopicSelection[]): TopicSelection {
  const merged: Record<string, unknown> = {};
  for (const selection of selections) {
    for (const [key, value] of Object.entries(selection)) {
      merged[key] = Array.isArray(value) ? [...((merged[key] as unknown[]) ?? []), ...value] : value;
    }
  }
  return merged as TopicSelection;
}

describe('properties: the filter compiler, gaps filled', () => {
  it('topic flags combine as a union: an event is delivered iff one of the flags alone would deliver it', () => {
    fc.assert(fc.property(fc.array(flagArb, { minLength: 2, maxLength: 4 }), (flags) => {
      const together = compileTopicFilters(merge(flags));
      // The one exception (docs/where.md, README "Where the documentation is silent"): with --syslog
      // and no kernel class flag, --interface narrows the syslog events by content instead of
      // selecting the interface's kernel topics, so on topics alone it adds nothing.
      const interfaceNarrows = flags.some((flag) => 'syslog' in flag) && flags.some((flag) => 'interface' in flag)
        && flags.every((flag) => !KERNEL_CLASS_FLAGS.some((key) => key in flag));
      if (interfaceNarrows) assert.ok(together.notes.some((note) => note.includes('narrows the syslog events only')), together.notes.join('; '));
      const alone = flags.filter((flag) => !(interfaceNarrows && 'interface' in flag)).map((flag) => compileTopicFilters(flag));
      for (const topic of TOPIC_POOL) {
        const expected = alone.some((compiled) => isSelected(compiled, topic));
        assert.equal(isSelected(together, topic), expected, `${JSON.stringify(flags)} vs ${topic}: ${together.filters.join(' ')}`);
      }
    }), RUNS);
  });

  it('-t <any filter>: a UsageError, or exactly what MQTT matching delivers', () => {
    const level = fc.constantFrom('', 'junos', 'events', 'syslog', 'kernel', '+', '#', 'a#', '+b', 'route', 'SYSTEM', 'x');
    const filterArb = fc.oneof(
      fc.array(level, { minLength: 1, maxLength: 7 }).map((levels) => levels.join('/')),
      fc.string({ maxLength: 10 }),
    );
    fc.assert(fc.property(filterArb, (filter) => {
      let compiled;
      try {
        compiled = compileTopicFilters({ topic: [filter] });
      } catch (error) {
        assert.ok(error instanceof UsageError, `${filter}: ${String(error)}`);
        const levels = filter.split('/');
        const valid = filter !== '' && levels.every((l, i) => (!l.includes('#') || (l === '#' && i === levels.length - 1)) && (!l.includes('+') || l === '+'));
        assert.ok(!valid, `a valid filter was refused: ${JSON.stringify(filter)}`);
        return;
      }
      for (const topic of TOPIC_POOL) assert.equal(isSelected(compiled, topic), mqttMatches(filter, topic), `${filter} vs ${topic}`);
    }), RUNS);
  });

  it('--action alone: every kernel event with one of the actions, and nothing else', () => {
    fc.assert(fc.property(fc.subarray([...ACTIONS], { minLength: 1 }), (actions) => {
      const compiled = compileTopicFilters({ action: [actions.join(',')] });
      for (const topic of TOPIC_POOL) {
        const match = /^\/junos\/events\/kernel\/(?:interfaces\/[a-z]+|firewall\/filter|route|route-table)\/([a-z]+)\//.exec(topic);
        const expected = match !== null && (actions as string[]).includes(match[1]!);
        assert.equal(isSelected(compiled, topic), expected, `${actions.join(',')} vs ${topic}`);
      }
    }), RUNS);
  });

  it('--route <prefix> and --ifa --address <addr>: exactly that one, however either side spells it', () => {
    // Lengths from 64: the low 64 bits are zero, so every prefix is exact (no host bits set).
    const v6 = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 64, max: 66 }));
    const pair = fc.tuple(v6, fc.boolean(), v6).map(([x, equal, y]) => [x, equal ? x : y] as const);
    fc.assert(fc.property(pair, fc.boolean(), fc.constantFrom(...ACTIONS), ([[a, b, length], [c, d, otherLength]], upper, action) => {
      const short = (x: number, y: number) => `2001:db8:${x.toString(16)}:${y.toString(16)}::`;
      const long = (x: number, y: number) => `2001:0db8:${x.toString(16).padStart(4, '0')}:${y.toString(16).padStart(4, '0')}:0:0:0:0`;
      const spell = (text: string) => (upper ? text.toUpperCase() : text);
      const same = a === c && b === d && length === otherLength;
      const route = compileTopicFilters({ route: [`${spell(long(a, b))}/${length}`] });
      assert.equal(isSelected(route, `/junos/events/kernel/route/${action}/inet6/${short(c, d)}/${otherLength}`), same);
      const address = compileTopicFilters({ ifa: [true], address: [spell(long(a, b))] });
      assert.equal(isSelected(address, `${I}/ifa/${action}/ge-0/0/0.0/inet6/${short(c, d)}/${otherLength}`), a === c && b === d);
    }), RUNS);
  });

  it('no topic flag, or --all: every Junos event and nothing outside /junos/events/', () => {
    for (const selection of [{}, { all: true }] as TopicSelection[]) {
      const compiled = compileTopicFilters(selection);
      for (const topic of TOPIC_POOL) assert.equal(isSelected(compiled, topic), topic.startsWith('/junos/events/'), topic);
    }
  });
});
