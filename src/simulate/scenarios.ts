/**
 * The scenarios `jetsub simulate` and `jetsub demo` offer: endless streams of episodes.
 * This registry is the single source of truth for their names, help and default rates.
 */
import type { SimulatedEvent } from './events.js';
import {
  type Episode, type World, churn, chatter, commitAddress, commitFilter, commitInstance, commitUnit, flap, login, routeStorm,
} from './episodes.js';

export interface Scenario {
  summary: string;
  /** Events per second when --rate is not given; null: as fast as the broker takes them. */
  defaultRate: number | null;
  /** Events when neither --count nor --duration is given; null: until interrupted. */
  defaultCount: number | null;
  events(world: World): Iterable<SimulatedEvent>;
}

/** Episode weights for `mixed`: about 60% route churn, 20% interface events, the rest syslog and commits. */
const MIXED: Readonly<Record<string, [Episode, number]>> = {
  churn: [churn, 50],
  flap: [flap, 8],
  'commit-unit': [commitUnit, 4],
  'commit-address': [commitAddress, 2],
  'commit-filter': [commitFilter, 3],
  'commit-instance': [commitInstance, 1],
  login: [login, 12],
  chatter: [chatter, 8],
};

export const SCENARIOS = {
  mixed: {
    summary: 'all of the below in realistic proportions: every kind of event, starting with one of each episode',
    defaultRate: 10, defaultCount: null,
    *events(world) {
      const names = Object.keys(MIXED);
      for (const name of world.random.shuffle(names)) yield* MIXED[name]![0](world);
      const weights = Object.fromEntries(names.map((name) => [name, MIXED[name]![1]]));
      for (;;) yield* MIXED[world.random.weighted(weights)]![0](world);
    },
  },
  flap: {
    summary: 'interfaces going down and up: ifd/ifl changes with changing flags, SNMP_TRAP_LINK_DOWN/UP',
    defaultRate: 10, defaultCount: null,
    events: (world) => repeat(world, () => flap),
  },
  churn: {
    summary: 'route add/change/delete for IPv4 and IPv6 prefixes in inet.0, inet6.0 and VRF tables',
    defaultRate: 10, defaultCount: null,
    events: (world) => repeat(world, () => churn),
  },
  commit: {
    summary: 'commits: UI_COMMIT, the kernel changes they cause (units, addresses on lo0.0 and irb.310, filters, tables), UI_COMMIT_COMPLETED, the config-update diff',
    defaultRate: 10, defaultCount: null,
    events: (world) => repeat(world, (random) => random.pick([commitUnit, commitUnit, commitAddress, commitFilter, commitInstance])),
  },
  login: {
    summary: 'LOGIN_INFORMATION, now and then after SSHD_LOGIN_FAILED attempts',
    defaultRate: 10, defaultCount: null,
    events: (world) => repeat(world, () => login),
  },
  storm: {
    summary: 'a burst of BGP route churn (hundreds of adds, changes, withdrawals) as fast as the broker takes it',
    defaultRate: null, defaultCount: 10_000,
    events: (world) => repeat(world, () => routeStorm),
  },
} as const satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.freeze(Object.keys(SCENARIOS) as ScenarioName[]);

export function isScenarioName(value: string): value is ScenarioName {
  return Object.hasOwn(SCENARIOS, value);
}

function* repeat(world: World, next: (random: World['random']) => Episode): Generator<SimulatedEvent> {
  for (;;) yield* next(world.random)(world);
}
