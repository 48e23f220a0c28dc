/**
 * The simulator's flags (shared by simulate and demo): declarations, and their values
 * checked before any socket opens.
 */
import { randomInt } from 'node:crypto';
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { positiveNumber } from './output-flags.js';
import { SCENARIOS, SCENARIO_NAMES, isScenarioName } from '../simulate/catalog.js';
import type { SimulateSettings } from '../simulate/settings.js';

const MAX_ROUTERS = 1000;

export function describeScenarios(): string {
  const width = Math.max(...SCENARIO_NAMES.map((name) => name.length));
  return SCENARIO_NAMES.map((name) => `  ${name.padEnd(width)}  ${SCENARIOS[name].summary}`).join('\n');
}

export function addSimulateFlags(cmd: Command, group: string): Command {
  cmd.optionsGroup(group);
  cmd.option('--rate <events/s>', 'events per second (default: 10; storm: as fast as the broker takes them)');
  cmd.option('--devices <n>', `simulated routers, named mx1..mxN (1 to ${MAX_ROUTERS})`, '3');
  cmd.option('--seed <n>', 'same seed, same events; also starts the device clock at 2026-01-01 00:00:00 (default: random)');
  return cmd;
}

export function resolveSimulateSettings(scenarioText: string | undefined, flags: Record<string, unknown>): SimulateSettings {
  const scenario = scenarioText ?? 'mixed';
  if (!isScenarioName(scenario)) {
    throw usageError(`scenario '${scenario}'`, 'unknown scenario', `use one of ${SCENARIO_NAMES.join(', ')}`);
  }
  const seedText = flags.seed as string | undefined;
  return {
    scenario,
    rate: flags.rate === undefined ? SCENARIOS[scenario].defaultRate : positiveNumber('--rate', String(flags.rate), false, '100'),
    routers: parseWholeInRange('--devices', String(flags.devices), 1, MAX_ROUTERS),
    seed: seedText === undefined ? randomInt(0, 2 ** 32) : parseWholeInRange('--seed', seedText, 0, 2 ** 32 - 1),
    seeded: seedText !== undefined,
  };
}

function parseWholeInRange(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw usageError(`${flag} '${text}'`, `not a whole number from ${min} to ${max}`, `e.g. ${flag} ${Math.min(max, Math.max(min, 3))}`);
  }
  return value;
}
