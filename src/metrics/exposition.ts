/**
 * Prometheus' text exposition format, version 0.0.4: families of samples → the text a
 * scrape gets. Pure. Label values and help texts come from the stream (device names, event
 * ids, interface names are whatever a publisher put in a topic), so they are escaped here,
 * once, as the format asks: backslash, double quote and line feed in label values; backslash
 * and line feed in help texts.
 */

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge';

export interface Sample {
  /** Label values in the order of the family's label names. */
  values: readonly string[];
  value: number;
}

export interface FamilySnapshot {
  name: string;
  help: string;
  type: MetricType;
  labels: readonly string[];
  samples: readonly Sample[];
}

/** `\` → `\\`, `"` → `\"`, line feed → `\n`: the three escapes of a label value. */
export function escapeLabelValue(value: string): string {
  return /[\\"\n]/.test(value) ? value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`)) : value;
}

/** `\` → `\\`, line feed → `\n`: a help text's escapes (a quote stays as it is). */
function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

/** Go's ParseFloat spellings, as Prometheus reads them: NaN, +Inf, -Inf. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return '';
  return `{${names.map((name, i) => `${name}="${escapeLabelValue(values[i] ?? '')}"`).join(',')}}`;
}

/** Each family with its HELP and TYPE lines, then one line per sample; a family with no sample is left out. */
export function writeExposition(families: readonly FamilySnapshot[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      lines.push(`${family.name}${formatLabels(family.labels, sample.values)} ${formatValue(sample.value)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
