/**
 * What a simulation runs: produced from flags by src/options/simulate-flags.ts.
 */
import type { ScenarioName } from './catalog.js';

export interface SimulateSettings {
  scenario: ScenarioName;
  /** Events per second; null: as fast as the broker takes them. */
  rate: number | null;
  routers: number;
  seed: number;
  /** Whether --seed was given: the device clock is then fixed too, so runs are byte-identical. */
  seeded: boolean;
}

/** The device clock of a seeded run starts here, so the same seed gives the same bytes. */
export const SEEDED_START = new Date('2026-01-01T00:00:00Z');
