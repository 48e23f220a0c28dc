/** Compact numbers for narrow columns: ages, rates, counts, and the sparkline. */

const SPARK = '▁▂▃▄▅▆▇█';

/** `0s`, `59s`, `3m05s`, `2h07m`, `3d04h`: how long ago, in at most six columns. */
export function formatAge(milliseconds: number): string {
  const s = Math.max(0, Math.floor(milliseconds / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d${String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')}h`;
}

/** `0`, `0.1`, `12.3`, `456`, `1.2k`, `35k`, `1.2M`. */
export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0';
  if (perSecond < 100) return perSecond.toFixed(1).replace(/\.0$/, '');
  return formatCount(Math.round(perSecond));
}

/** `999`, `1.2k`, `35k`, `1.2M`. */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return n < 10_000 ? `${(n / 1000).toFixed(1)}k` : `${Math.round(n / 1000)}k`;
  return n < 10_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : `${Math.round(n / 1_000_000)}M`;
}

/** One bar per value, scaled to the largest; zero is a blank-looking lowest bar. */
export function formatSparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  const bar = (v: number) => SPARK[Math.min(SPARK.length - 1, Math.ceil((v / max) * SPARK.length) - 1)];
  return values.map((v) => (max === 0 || v === 0 ? ' ' : bar(v))).join('');
}

/** `HH:MM:SSZ` of an epoch time. */
export function formatClock(milliseconds: number): string {
  return `${new Date(milliseconds).toISOString().slice(11, 19)}Z`;
}
