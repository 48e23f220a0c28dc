/**
 * Raw samples → medians, ratios and the issue's targets, as Markdown. Pure.
 *
 * Every figure is measured in each stdout mode (./stdout.ts) and quoted as the median over
 * the rounds of one run; a ratio is the ratio of two such medians. A figure whose rounds
 * spread by more than 15% (max/min; for a ratio, the ratios of each round's pair) is
 * flagged and not quoted: the table shows its range instead, and its target says "flagged".
 */
import { MODE_LABELS, STDOUT_MODES, type StdoutMode } from './stdout.js';
import { REFERENCE, type Subscriber } from './subscribers.js';

export type Metric = 'burst' | 'drain' | 'memory' | 'retained' | 'startup';

export interface Sample {
  metric: Metric;
  /** A subscriber name, or for startup the command (`jetsub --version`, `node -e 0`). */
  subject: string;
  /** Where its stdout went; absent for start-up. */
  mode?: StdoutMode;
  round: number;
  values: Record<string, number>;
}

export interface ReportInput {
  samples: Sample[];
  subscribers: Subscriber[];
  events: number;
  memoryEvents: readonly number[];
  modes?: readonly StdoutMode[];
}

/** Rounds may differ by this much (max/min - 1) before a figure is flagged. */
const SPREAD_LIMIT = 0.15;

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface Figure {
  median: number;
  min: number;
  max: number;
  /** More than SPREAD_LIMIT between rounds. */
  flagged: boolean;
}

function toFigure(values: readonly number[]): Figure {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const flagged = values.length > 1 && (min <= 0 ? max > 0 : max / min - 1 > SPREAD_LIMIT);
  return { median: median(values), min, max, flagged };
}

type Select = { metric: Metric; subject: string; mode?: StdoutMode };

function valuesOf(samples: readonly Sample[], { metric, subject, mode }: Select, field: string): Map<number, number> {
  const byRound = new Map<number, number>();
  for (const s of samples) {
    if (s.metric === metric && s.subject === subject && s.mode === mode && field in s.values) byRound.set(s.round, s.values[field]!);
  }
  return byRound;
}

/** The median of `field` over the rounds of one metric, subject and mode. */
function figureOf(samples: readonly Sample[], select: Select, field: string): Figure {
  return toFigure([...valuesOf(samples, select, field).values()]);
}

/** a/b as the ratio of medians, flagged when the per-round ratios spread past the limit. */
function ratioFigure(samples: readonly Sample[], a: Select, b: Select, field: string, invert = false): Figure {
  const top = valuesOf(samples, a, field);
  const bottom = valuesOf(samples, b, field);
  const paired = [...top].filter(([round]) => bottom.has(round));
  const perRound = paired.map(([round, v]) => (invert ? bottom.get(round)! / v : v / bottom.get(round)!));
  const ratioOfMedians = invert
    ? median([...bottom.values()]) / median([...top.values()])
    : median([...top.values()]) / median([...bottom.values()]);
  // Load moves both sides of a pair measured side by side: the ratio is judged by its own spread.
  const spread = toFigure(perRound);
  return { median: ratioOfMedians, min: spread.min, max: spread.max, flagged: spread.flagged };
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** A figure as quoted: its median, or its range and a flag. */
function quote(figure: Figure, digits: number): string {
  if (!Number.isFinite(figure.median)) return 'n/a';
  return figure.flagged ? `⚑ ${fixed(figure.min, digits)}–${fixed(figure.max, digits)}` : fixed(figure.median, digits);
}

export interface Target {
  name: string;
  mode: StdoutMode;
  measured: string;
  ratio: string;
  /** undefined: flagged, so not judged. */
  met: boolean | undefined;
}

function judge(figure: Figure, limit: (value: number) => boolean): boolean | undefined {
  if (figure.flagged || !Number.isFinite(figure.median)) return undefined;
  return limit(figure.median);
}

function evaluateTargets(input: ReportInput): Target[] {
  const { samples, memoryEvents } = input;
  const targets: Target[] = [];
  const [small, big] = [memoryEvents[0]!, memoryEvents[memoryEvents.length - 1]!];
  for (const mode of input.modes ?? STDOUT_MODES) {
    const f = (metric: Metric, subject: string, field: string) => figureOf(samples, { metric, subject, mode }, field);
    const r = (metric: Metric, a: string, b: string, field: string, invert = false) =>
      ratioFigure(samples, { metric, subject: a, mode }, { metric, subject: b, mode }, field, invert);
    const add = (name: string, measured: string, ratio: Figure | undefined, met: boolean | undefined) => targets.push({ name, mode, measured, ratio: ratio ? quote(ratio, 2) : '', met });
    const cpu = r('drain', 'jetsub-ndjson', REFERENCE, 'cpuSeconds');
    add('drain CPU at most 0.8x mosquitto_sub -F %J', `${quote(f('drain', 'jetsub-ndjson', 'cpuSeconds'), 2)} s vs ${quote(f('drain', REFERENCE, 'cpuSeconds'), 2)} s`, cpu, judge(cpu, (v) => v <= 0.8));
    const burstJ = r('burst', 'jetsub-ndjson', REFERENCE, 'received');
    add('burst kept at least 1.0x mosquitto_sub -F %J', `${quote(f('burst', 'jetsub-ndjson', 'received'), 0)} vs ${quote(f('burst', REFERENCE, 'received'), 0)}`, burstJ, judge(burstJ, (v) => v >= 1));
    const burstP = r('burst', 'jetsub-ndjson', 'mosquitto_sub', 'received');
    add('burst kept at least 0.9x plain mosquitto_sub', `${quote(f('burst', 'jetsub-ndjson', 'received'), 0)} vs ${quote(f('burst', 'mosquitto_sub', 'received'), 0)}`, burstP, judge(burstP, (v) => v >= 0.9));
    const retained = r('retained', 'jetsub-ndjson', 'mosquitto_sub', 'ms');
    add('first retained event at most 1.6x mosquitto_sub', `${quote(f('retained', 'jetsub-ndjson', 'ms'), 0)} ms vs ${quote(f('retained', 'mosquitto_sub', 'ms'), 0)} ms`, retained, judge(retained, (v) => v <= 1.6));
    const rssBig = f('memory', `jetsub-ndjson-${big}`, 'peakRssMiB');
    add(`peak RSS at most 80 MiB over ${big} events`, `${quote(rssBig, 1)} MiB`, undefined, judge(rssBig, (v) => v <= 80));
    const flat = r('memory', `jetsub-ndjson-${big}`, `jetsub-ndjson-${small}`, 'peakRssMiB');
    add(`peak RSS over ${big} within 15% of ${small} events`, `${quote(rssBig, 1)} vs ${quote(f('memory', `jetsub-ndjson-${small}`, 'peakRssMiB'), 1)} MiB`, flat, judge(flat, (v) => Math.abs(v - 1) <= 0.15));
    for (const format of ['pretty', 'table']) {
      // Throughput is events per CPU second: the inverse ratio of CPU seconds for the same events.
      const share = r('drain', `jetsub-${format}`, 'jetsub-ndjson', 'cpuSeconds', true);
      add(`${format} at least 0.5x the ndjson throughput (events per CPU s)`, `${quote(f('drain', `jetsub-${format}`, 'cpuSeconds'), 2)} vs ${quote(f('drain', 'jetsub-ndjson', 'cpuSeconds'), 2)} CPU s`, share, judge(share, (v) => v >= 0.5));
    }
  }
  return targets;
}

export function renderReport(input: ReportInput): string {
  const { samples, subscribers, events, memoryEvents } = input;
  const lines: string[] = [];
  for (const mode of input.modes ?? STDOUT_MODES) {
    const f = (metric: Metric, subject: string, field: string) => figureOf(samples, { metric, subject, mode }, field);
    const r = (metric: Metric, a: string, b: string, field: string) =>
      ratioFigure(samples, { metric, subject: a, mode }, { metric, subject: b, mode }, field);
    const measured = (metric: Metric, s: Subscriber) => samples.some((x) => x.metric === metric && x.subject === s.name && x.mode === mode);
    const present = (metric: Metric) => subscribers.filter((s) => measured(metric, s));
    lines.push(`### ${MODE_LABELS[mode]}`, '');
    lines.push(`#### Burst: ${events} events at full speed into a default broker${mode === 'null' ? ' (stdout to a file on tmpfs: /dev/null cannot be counted)' : ''}`, '');
    lines.push('| subscriber | received | share | ratio to -F %J | publisher k events/s | load |', '|---|---:|---:|---:|---:|---:|');
    for (const s of present('burst')) {
      const received = f('burst', s.name, 'received');
      lines.push(`| ${s.label} | ${quote(received, 0)} | ${fixed((100 * received.median) / events, 1)}% | ${quote(r('burst', s.name, REFERENCE, 'received'), 2)} | ${fixed(f('burst', s.name, 'publishRate').median / 1000, 0)} | ${fixed(f('burst', s.name, 'load').median, 2)} |`);
    }
    lines.push('', `#### Drain: ${events} events through a broker with unlimited queues`, '');
    lines.push('| subscriber | CPU s (user) | ratio | wall s | ratio | peak RSS MiB | publisher k events/s | load |', '|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of present('drain')) {
      lines.push(`| ${s.label} | ${quote(f('drain', s.name, 'cpuSeconds'), 2)} (${quote(f('drain', s.name, 'userSeconds'), 2)}) | ${quote(r('drain', s.name, REFERENCE, 'cpuSeconds'), 2)} | ${quote(f('drain', s.name, 'wallSeconds'), 2)} | ${quote(r('drain', s.name, REFERENCE, 'wallSeconds'), 2)} | ${quote(f('drain', s.name, 'peakRssMiB'), 1)} | ${fixed(f('drain', s.name, 'publishRate').median / 1000, 0)} | ${fixed(f('drain', s.name, 'load').median, 2)} |`);
    }
    lines.push('', `#### First retained event (ms from spawn to the event${mode === 'null' ? "'s exit, -C 1" : ' on stdout'})`, '');
    lines.push('| subscriber | ms | ratio to mosquitto_sub | CPU ms | load |', '|---|---:|---:|---:|---:|');
    for (const s of present('retained')) {
      lines.push(`| ${s.label} | ${quote(f('retained', s.name, 'ms'), 0)} | ${quote(r('retained', s.name, 'mosquitto_sub', 'ms'), 2)} | ${fixed(1000 * f('retained', s.name, 'cpuSeconds').median, 0)} | ${fixed(f('retained', s.name, 'load').median, 2)} |`);
    }
    lines.push('', '#### Memory over a long stream (jetsub -o ndjson, unlimited broker)', '');
    lines.push('| events | peak RSS MiB | CPU s | wall s | publisher k events/s | load |', '|---:|---:|---:|---:|---:|---:|');
    for (const count of memoryEvents) {
      const subject = `jetsub-ndjson-${count}`;
      lines.push(`| ${count} | ${quote(f('memory', subject, 'peakRssMiB'), 1)} | ${quote(f('memory', subject, 'cpuSeconds'), 2)} | ${quote(f('memory', subject, 'wallSeconds'), 2)} | ${fixed(f('memory', subject, 'publishRate').median / 1000, 0)} | ${fixed(f('memory', subject, 'load').median, 2)} |`);
    }
    lines.push('');
  }
  lines.push('### Start-up (ms from spawn to exit)', '');
  lines.push('| command | ms | ratio to node -e 0 | CPU ms |', '|---|---:|---:|---:|');
  for (const subject of ['node -e 0', 'jetsub --version', 'jetsub tail --help']) {
    const ms = figureOf(samples, { metric: 'startup', subject }, 'ms');
    const ratio = ratioFigure(samples, { metric: 'startup', subject }, { metric: 'startup', subject: 'node -e 0' }, 'ms');
    lines.push(`| \`${subject}\` | ${quote(ms, 0)} | ${quote(ratio, 2)} | ${fixed(1000 * figureOf(samples, { metric: 'startup', subject }, 'cpuSeconds').median, 0)} |`);
  }
  lines.push('', `### Targets (⚑: the rounds spread by more than ${SPREAD_LIMIT * 100}%: flagged, not quoted)`, '');
  lines.push('| target | stdout | measured (medians) | ratio | met |', '|---|---|---|---:|:---:|');
  for (const t of evaluateTargets(input)) lines.push(`| ${t.name} | ${t.mode} | ${t.measured} | ${t.ratio} | ${t.met === undefined ? '⚑ flagged' : t.met ? 'yes' : '**no**'} |`);
  return `${lines.join('\n')}\n`;
}
