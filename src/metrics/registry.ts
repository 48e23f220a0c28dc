/**
 * Counters and gauges kept by label values, with the number of series bounded: label values
 * that come from the stream (devices, event ids, interfaces) are whatever a publisher put in
 * a topic, so a flood of made-up names must not grow jetsub (or the Prometheus that scrapes
 * it) without end. Families marked `bounded` share one budget of `maxSeries` series; past it
 * a new series of a counter is added into its family's overflow series (every label
 * `_overflow`), a new series of a gauge is not kept, and each such update is counted in
 * jetsub_metrics_series_dropped_total. `onLimit` is called once, the first time.
 */
import type { FamilySnapshot, MetricType } from './exposition.js';

/** The value of every label of an overflow series. */
export const OVERFLOW_VALUE = '_overflow';

export interface FamilySpec {
  name: string;
  help: string;
  type: MetricType;
  labels: readonly string[];
  /** Its label values come from the stream: its series count against maxSeries. */
  bounded?: boolean;
}

/** One series: its value may be changed in place (the hot path keeps it instead of looking it up per event). */
export interface Series {
  readonly values: readonly string[];
  value: number;
}

export interface Family {
  /** The series of these label values, made at `initial` when new; the overflow series, or null for a gauge, past the limit. */
  series(values: readonly string[], initial?: number): Series | null;
  /** Adds to a counter (or a gauge); a series starts at 0. */
  add(values: readonly string[], by?: number): void;
  set(values: readonly string[], value: number): void;
}

export interface RegistryOptions {
  maxSeries: number;
  /** The first time a series is refused. */
  onLimit(maxSeries: number): void;
}

export interface Registry {
  family(spec: FamilySpec): Family;
  /** Every family, in the order made, then the registry's own three. */
  snapshot(): FamilySnapshot[];
}

/**
 * A family's series by label values, one Map per label: no key string is built per event
 * (joining the values into one key cost ~1.4 µs an event, the lookups here ~0.1). `all` keeps
 * them in the order made, for the exposition.
 */
interface Tree {
  next: Map<string, Tree | Series>;
}

interface Entry {
  spec: FamilySpec;
  root: Tree;
  all: Series[];
  overflow: Series | null;
}

function findSeries(entry: Entry, values: readonly string[]): Series | undefined {
  if (values.length === 0) return entry.all[0];
  let node: Tree | Series | undefined = entry.root;
  for (const value of values) {
    node = (node as Tree).next.get(value);
    if (node === undefined) return undefined;
  }
  return node as Series;
}

function addSeries(entry: Entry, series: Series): void {
  let node = entry.root;
  const last = series.values.length - 1;
  series.values.forEach((value, i) => {
    if (i === last) {
      node.next.set(value, series);
      return;
    }
    let child = node.next.get(value) as Tree | undefined;
    if (child === undefined) node.next.set(value, (child = { next: new Map() }));
    node = child;
  });
  entry.all.push(series);
}

export function createRegistry(options: RegistryOptions): Registry {
  const families: Entry[] = [];
  let used = 0;
  let dropped = 0;

  /** The series to update, made when allowed; null: refused (a gauge past the limit). */
  const seriesOf = (entry: Entry, values: readonly string[], initial = 0): Series | null => {
    const found = findSeries(entry, values);
    if (found !== undefined) return found;
    if (entry.spec.bounded === true) {
      if (used >= options.maxSeries) {
        if (dropped++ === 0) options.onLimit(options.maxSeries);
        if (entry.spec.type === 'gauge') return null;
        entry.overflow ??= { values: entry.spec.labels.map(() => OVERFLOW_VALUE), value: 0 };
        return entry.overflow;
      }
      used++;
    }
    const made = { values: [...values], value: initial };
    addSeries(entry, made);
    return made;
  };

  return {
    family(spec) {
      const entry: Entry = { spec, root: { next: new Map() }, all: [], overflow: null };
      families.push(entry);
      return {
        series: (values, initial) => seriesOf(entry, values, initial),
        add(values, by = 1) {
          const series = seriesOf(entry, values);
          if (series !== null) series.value += by;
        },
        set(values, value) {
          const series = seriesOf(entry, values);
          if (series !== null) series.value = value;
        },
      };
    },
    snapshot() {
      const snapshots: FamilySnapshot[] = families.map(({ spec, all, overflow }) => ({
        ...spec,
        samples: overflow === null ? all : [...all, overflow],
      }));
      return [
        ...snapshots,
        { name: 'jetsub_metrics_series', help: 'Series in use that count against --metrics-max-series.', type: 'gauge',
          labels: [], samples: [{ values: [], value: used }] },
        { name: 'jetsub_metrics_max_series', help: 'The series limit (--metrics-max-series).', type: 'gauge',
          labels: [], samples: [{ values: [], value: options.maxSeries }] },
        { name: 'jetsub_metrics_series_dropped_total',
          help: 'Updates of a new series past --metrics-max-series: into the overflow series (counters) or not kept (gauges).',
          type: 'counter', labels: [], samples: [{ values: [], value: dropped }] },
      ];
    },
  };
}
