/**
 * What each scenario (catalog.ts) generates: an endless stream of episodes.
 */
import type { ScenarioName } from './catalog.js';
import type { SimulatedEvent } from './events.js';
import {
  type Episode, type World, churn, chatter, commitAddress, commitFilter, commitInstance, commitUnit, flap, login, routeStorm,
} from './episodes.js';

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

export const SCENARIO_EVENTS: Readonly<Record<ScenarioName, (world: World) => Iterable<SimulatedEvent>>> = {
  *mixed(world) {
    const names = Object.keys(MIXED);
    for (const name of world.random.shuffle(names)) yield* MIXED[name]![0](world);
    const weights = Object.fromEntries(names.map((name) => [name, MIXED[name]![1]]));
    for (;;) yield* MIXED[world.random.weighted(weights)]![0](world);
  },
  flap: (world) => repeat(world, () => flap),
  churn: (world) => repeat(world, () => churn),
  commit: (world) => repeat(world, (random) => random.pick([commitUnit, commitUnit, commitAddress, commitFilter, commitInstance])),
  login: (world) => repeat(world, () => login),
  storm: (world) => repeat(world, () => routeStorm),
};

function* repeat(world: World, next: (random: World['random']) => Episode): Generator<SimulatedEvent> {
  for (;;) yield* next(world.random)(world);
}
