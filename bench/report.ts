/**
 * Raw samples → medians, ratios and the targets, as Markdown. Pure.
 */
import { REFERENCE, type Subscriber } from './subscribers.js';

export type Metric = 'burst' | 'drain' | 'memory' | 'retained' | 'startup';

export interface Sample {
  metric: Metric;
  /** A subscriber name, or for startup the command (`jetsub --version`, `node -e 0`). */
  subject: string;
  round: number;
  values: Record<string, number>;
}

export interface ReportInput {
  samples: Sample[];
  subscribers: Subscriber[];
  events: number;
  memoryEvents: readonly number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median of `field` over the samples of one metric and subject. */
export function medianOf(samples: readonly Sample[], metric: Metric, subject: string, field: string): number {
  return median(samples.filter((s) => s.metric === metric && s.subject === subject && field in s.values).map((s) => s.values[field]!));
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const ratio = (value: number, reference: number) => fixed(value / reference, 2);

export interface Target {
  name: string;
  measured: string;
  ratio: string;
  met: boolean;
}

export function evaluateTargets({ samples, events, memoryEvents }: ReportInput): Target[] {
  const m = (metric: Metric, subject: string, field: string) => medianOf(samples, metric, subject, field);
  const burst = m('burst', 'jetsub-ndjson', 'received');
  const burstRef = m('burst', 'mosquitto_sub', 'received');
  const cpu = m('drain', 'jetsub-ndjson', 'cpuSeconds');
  const cpuRef = m('drain', REFERENCE, 'cpuSeconds');
  const wall = m('drain', 'jetsub-ndjson', 'wallSeconds');
  const wallRef = m('drain', REFERENCE, 'wallSeconds');
  const retained = m('retained', 'jetsub-ndjson', 'ms');
  const retainedRef = m('retained', 'mosquitto_sub', 'ms');
  const version = m('startup', 'jetsub --version', 'ms');
  const node = m('startup', 'node -e 0', 'ms');
  const [small, big] = [memoryEvents[0]!, memoryEvents[memoryEvents.length - 1]!];
  const rssSmall = m('memory', `jetsub-ndjson-${small}`, 'peakRssMiB');
  const rssBig = m('memory', `jetsub-ndjson-${big}`, 'peakRssMiB');
  const throughput = (name: string) => events / m('drain', name, 'cpuSeconds');
  const targets: Target[] = [
    { name: 'burst: jetsub receives at least as many as mosquitto_sub', measured: `${fixed(burst, 0)} vs ${fixed(burstRef, 0)}`, ratio: ratio(burst, burstRef), met: burst >= burstRef },
    { name: 'drain CPU at most 0.8x mosquitto_sub -F %J', measured: `${fixed(cpu, 2)} s vs ${fixed(cpuRef, 2)} s`, ratio: ratio(cpu, cpuRef), met: cpu <= 0.8 * cpuRef },
    { name: 'drain wall time no slower than mosquitto_sub -F %J', measured: `${fixed(wall, 2)} s vs ${fixed(wallRef, 2)} s`, ratio: ratio(wall, wallRef), met: wall <= wallRef },
    { name: 'first retained event at most 2x mosquitto_sub', measured: `${fixed(retained, 0)} ms vs ${fixed(retainedRef, 0)} ms`, ratio: ratio(retained, retainedRef), met: retained <= 2 * retainedRef },
    { name: 'jetsub --version at most 1.3x node -e 0', measured: `${fixed(version, 0)} ms vs ${fixed(node, 0)} ms`, ratio: ratio(version, node), met: version <= 1.3 * node },
    { name: `peak RSS at most 80 MiB over ${big} events`, measured: `${fixed(rssBig, 1)} MiB`, ratio: '', met: rssBig <= 80 },
    { name: `peak RSS over ${big} within 15% of ${small} events`, measured: `${fixed(rssBig, 1)} vs ${fixed(rssSmall, 1)} MiB`, ratio: ratio(rssBig, rssSmall), met: Math.abs(rssBig / rssSmall - 1) <= 0.15 },
  ];
  for (const format of ['pretty', 'table']) {
    const own = throughput(`jetsub-${format}`);
    const ndjson = throughput('jetsub-ndjson');
    targets.push({
      name: `${format} at least half the ndjson throughput (events per CPU second)`,
      measured: `${fixed(own, 0)} vs ${fixed(ndjson, 0)} events/CPU-s`,
      ratio: ratio(own, ndjson),
      met: own >= 0.5 * ndjson,
    });
  }
  return targets;
}

export function renderReport(input: ReportInput): string {
  const { samples, subscribers, events, memoryEvents } = input;
  const m = (metric: Metric, subject: string, field: string) => medianOf(samples, metric, subject, field);
  const lines: string[] = [];
  const publishRate = median(samples.filter((s) => s.metric === 'burst').map((s) => s.values.sent! / s.values.publishSeconds!));
  lines.push(`### Burst: ${events} events at full speed into a default broker (publisher: ~${fixed(publishRate / 1000, 0)}k events/s)`, '');
  lines.push('| subscriber | received (median) | share | ratio to -F %J |', '|---|---:|---:|---:|');
  const burstRef = m('burst', REFERENCE, 'received');
  for (const s of subscribers) {
    const received = m('burst', s.name, 'received');
    lines.push(`| ${s.label} | ${fixed(received, 0)} | ${fixed((100 * received) / events, 1)}% | ${ratio(received, burstRef)} |`);
  }
  lines.push('', `### Drain: ${events} events through a broker with unlimited queues`, '');
  lines.push('| subscriber | CPU s | ratio | wall s | ratio | events per CPU s | peak RSS MiB |', '|---|---:|---:|---:|---:|---:|---:|');
  const cpuRef = m('drain', REFERENCE, 'cpuSeconds');
  const wallRef = m('drain', REFERENCE, 'wallSeconds');
  for (const s of subscribers) {
    const cpu = m('drain', s.name, 'cpuSeconds');
    const wall = m('drain', s.name, 'wallSeconds');
    lines.push(`| ${s.label} | ${fixed(cpu, 2)} (${fixed(m('drain', s.name, 'userSeconds'), 2)} user) | ${ratio(cpu, cpuRef)} | ${fixed(wall, 2)} | ${ratio(wall, wallRef)} | ${fixed(events / cpu, 0)} | ${fixed(m('drain', s.name, 'peakRssMiB'), 1)} |`);
  }
  lines.push('', '### First retained event (ms from spawn to the event on stdout)', '');
  lines.push('| subscriber | ms | ratio to mosquitto_sub | CPU ms |', '|---|---:|---:|---:|');
  const retainedRef = m('retained', 'mosquitto_sub', 'ms');
  for (const s of subscribers) {
    const ms = m('retained', s.name, 'ms');
    lines.push(`| ${s.label} | ${fixed(ms, 0)} | ${ratio(ms, retainedRef)} | ${fixed(1000 * m('retained', s.name, 'cpuSeconds'), 0)} |`);
  }
  lines.push('', '### Start-up (ms from spawn to exit)', '');
  lines.push('| command | ms | ratio to node -e 0 | CPU ms |', '|---|---:|---:|---:|');
  const node = m('startup', 'node -e 0', 'ms');
  for (const subject of ['node -e 0', 'jetsub --version', 'jetsub tail --help']) {
    lines.push(`| \`${subject}\` | ${fixed(m('startup', subject, 'ms'), 0)} | ${ratio(m('startup', subject, 'ms'), node)} | ${fixed(1000 * m('startup', subject, 'cpuSeconds'), 0)} |`);
  }
  lines.push('', '### Memory over a long stream (jetsub -o ndjson, unlimited broker)', '');
  lines.push('| events | peak RSS MiB | CPU s | wall s |', '|---:|---:|---:|---:|');
  for (const count of memoryEvents) {
    const subject = `jetsub-ndjson-${count}`;
    lines.push(`| ${count} | ${fixed(m('memory', subject, 'peakRssMiB'), 1)} | ${fixed(m('memory', subject, 'cpuSeconds'), 2)} | ${fixed(m('memory', subject, 'wallSeconds'), 2)} |`);
  }
  lines.push('', '### Targets', '');
  lines.push('| target | measured (medians) | ratio | met |', '|---|---|---:|:---:|');
  for (const t of evaluateTargets(input)) lines.push(`| ${t.name} | ${t.measured} | ${t.ratio} | ${t.met ? 'yes' : '**no**'} |`);
  return `${lines.join('\n')}\n`;
}
