import type { GapRecord } from '../record.js';
import { showText } from './values.js';

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/;

/** `4.0 s`, `2 min 5 s`, `1 h 3 min`. */
function formatDuration(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}

/** `10:00:01Z`; with the date when it is not `sameDayAs`'s. */
function formatMoment(iso: string, sameDayAs?: string): string {
  const parts = ISO_TIME.exec(iso);
  if (!parts) return showText(iso);
  const day = sameDayAs === undefined ? undefined : ISO_TIME.exec(sameDayAs)?.[1];
  return day === parts[1] ? `${parts[2]}Z` : `${parts[1]} ${parts[2]}Z`;
}

/** `gap on mx1: connection lost 10:00:01Z, back 10:00:05Z (4.0 s)`, terminal-safe. */
export function describeGap(record: GapRecord): string {
  const lost = formatMoment(record.from, record.from);
  const back = formatMoment(record.to, record.from);
  const milliseconds = Date.parse(record.to) - Date.parse(record.from);
  const duration = Number.isFinite(milliseconds) && milliseconds >= 0 ? ` (${formatDuration(milliseconds)})` : '';
  return `gap on ${showText(record.device)}: connection lost ${lost}, back ${back}${duration}`;
}
