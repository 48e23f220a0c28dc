/**
 * A set of MQTT filters → the set to subscribe: duplicates and filters covered by another
 * dropped, and overlapping filters merged into one, so that no event arrives twice (brokers
 * such as mosquitto 2 deliver a message once per matching subscription).
 */
import { coversFilter, generaliseFilters, overlapsFilter } from './mqtt-filter.js';

export interface Collapsed {
  filters: string[];
  /** Pairs that overlapped and were merged: [a, b, merged]. */
  merges: [string, string, string][];
}

function dropCovered(filters: string[]): string[] {
  const unique = [...new Set(filters)];
  return unique.filter((f, i) => !unique.some((g, j) => j !== i && coversFilter(g, f) && (!coversFilter(f, g) || j < i)));
}

export function collapseFilters(filters: readonly string[]): Collapsed {
  let current = dropCovered([...filters]);
  const merges: [string, string, string][] = [];
  for (;;) {
    const pair = findOverlap(current);
    if (!pair) return { filters: current, merges };
    const [a, b] = pair;
    const merged = generaliseFilters(a, b);
    merges.push([a, b, merged]);
    current = dropCovered([...current.filter((f) => f !== a && f !== b), merged]);
  }
}

function findOverlap(filters: string[]): [string, string] | null {
  for (let i = 0; i < filters.length; i++) {
    for (let j = i + 1; j < filters.length; j++) {
      if (overlapsFilter(filters[i]!, filters[j]!)) return [filters[i]!, filters[j]!];
    }
  }
  return null;
}
