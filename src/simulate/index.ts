/**
 * The event generator: scenario + seed → an endless, deterministic stream of Junos events
 * (topic and payload). Pure: no sockets, no wall clock; the publisher is elsewhere
 * (src/transport/publisher.ts).
 */
import type { SimulatedEvent } from './events.js';
import type { World } from './episodes.js';
import { createRouters } from './inventory.js';
import { createRandom } from './random.js';
import type { ScenarioName } from './catalog.js';
import { SCENARIO_EVENTS } from './scenarios.js';

export interface SimulationOptions {
  scenario: ScenarioName;
  seed: number;
  /** How many routers (mx1..mxN). */
  routers: number;
  /** The device clock at the first event. */
  start: Date;
  /** How far the device clock moves per event, in milliseconds. */
  stepMs: number;
}

export function* generateEvents(options: SimulationOptions): Generator<SimulatedEvent, void> {
  let tick = 0;
  const world: World = {
    random: createRandom(options.seed),
    routers: createRouters(options.routers),
    time: () => formatDeviceTime(new Date(options.start.getTime() + tick * options.stepMs)),
  };
  for (const event of SCENARIO_EVENTS[options.scenario](world)) {
    yield event;
    tick++;
  }
}

/** `YYYY-MM-DD-HH:MM:SS`, no zone, as Junos writes `time` (the simulated routers run on UTC). */
export function formatDeviceTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', '-');
}

export { SCENARIO_NAMES, type ScenarioName } from './catalog.js';
export type { SimulatedEvent } from './events.js';
