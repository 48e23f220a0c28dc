/**
 * Counters and gauges kept by label values, with the number of series bounded: label values
 * that come from the stream (devices, event ids, interfaces) are whatever a publisher put in
 * a topic, so a flood of made-up names must not grow jetsub (or the Prometheus that scrapes
 * it) without end. Families marked `bounded` share one budget of `maxSeries` series; past it
 * a new series of a counter is added into its family's overflow series (every label
 * `_overflow`), a new series of a gauge is not kept, and each such update is counted in
 * jetsub_metrics_series_dropped_total. `onLimit` is called once, the first time.
 */
import type { FamilySnapshot, MetricType, Sample } from './exposition.js';

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

export interface Family {
  /** Adds to a counter (or a gauge); a series starts at 0. */
  add(values: readonly string[], by?: number): void;
  set(values: readonly string[], value: number): void;
  /** The series' value, undefined when it does not exist (never made, or refused past the limit). */
  get(values: readonly string[]): number | undefined;
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

interface Series {
  values: readonly string[];
  value: number;
}

const SEPARATOR = '\u0000';

export function createRegistry(options: RegistryOptions): Registry {
  const families: { spec: FamilySpec; series: Map<string, Series>; overflow: Series | null }[] = [];
  let used = 0;
  let dropped = 0;

  /** The series to update, made when allowed; null: refused (a gauge past the limit). */
  const seriesOf = (entry: (typeof families)[number], values: readonly string[]): Series | null => {
    const key = values.join(SEPARATOR);
    const found = entry.series.get(key);
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
    const made = { values: [...values], value: 0 };
    entry.series.set(key, made);
    return made;
  };

  return {
    family(spec) {
      const entry = { spec, series: new Map<string, Series>(), overflow: null };
      families.push(entry);
      return {
        add(values, by = 1) {
          const series = seriesOf(entry, values);
          if (series !== null) series.value += by;
        },
        set(values, value) {
          const series = seriesOf(entry, values);
          if (series !== null) series.value = value;
        },
        get: (values) => entry.series.get(values.join(SEPARATOR))?.value,
      };
    },
    snapshot() {
      const snapshots: FamilySnapshot[] = families.map(({ spec, series, overflow }) => ({
        ...spec,
        samples: overflow === null ? [...series.values()] : [...series.values(), overflow] as Sample[],
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
