/**
 * MQTT topic-filter facts (MQTT 3.1.1 §4.7, MQTT 5 §4.7): syntax, matching, and the
 * relations the compiler needs to collapse a set of filters (covers, overlaps, generalise).
 */

export const SINGLE_LEVEL = '+';
const MULTI_LEVEL = '#';
const MAX_TOPIC_BYTES = 65535;

/** Why a string is not a valid MQTT topic filter, or null when it is. */
export function describeFilterProblem(filter: string): string | null {
  if (filter.length === 0) return 'an empty filter matches nothing';
  if (Buffer.byteLength(filter) > MAX_TOPIC_BYTES) return `longer than ${MAX_TOPIC_BYTES} bytes`;
  if (filter.includes('\u0000')) return 'contains a NUL character';
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level.includes(MULTI_LEVEL) && (level !== MULTI_LEVEL || i !== levels.length - 1)) {
      return "'#' must be a whole level and the last one (e.g. /junos/events/#)";
    }
    if (level.includes(SINGLE_LEVEL) && level !== SINGLE_LEVEL) {
      return "'+' must be a whole level (e.g. /junos/events/syslog/+)";
    }
  }
  return null;
}

function isWildcardLevel(level: string): boolean {
  return level === SINGLE_LEVEL || level === MULTI_LEVEL;
}

/** A matcher compiled once from a filter: topic → whether the broker would deliver it. */
export function compileFilterMatcher(filter: string): (topic: string) => boolean {
  if (!filter.includes(SINGLE_LEVEL) && !filter.includes(MULTI_LEVEL)) {
    return (topic) => topic === filter;
  }
  const levels = filter.split('/');
  const multi = levels[levels.length - 1] === MULTI_LEVEL;
  const fixed = multi ? levels.slice(0, -1) : levels;
  const firstIsWildcard = isWildcardLevel(levels[0]!);
  return (topic) => {
    // Filters starting with a wildcard never match topics starting with '$' (§4.7.2).
    if (firstIsWildcard && topic.startsWith('$')) return false;
    const parts = topic.split('/');
    if (multi ? parts.length < fixed.length : parts.length !== fixed.length) return false;
    for (let i = 0; i < fixed.length; i++) {
      if (fixed[i] !== SINGLE_LEVEL && fixed[i] !== parts[i]) return false;
    }
    return true;
  };
}

/** Whether `wild` starts with a wildcard and `dollar` with `$`: no topic is matched by both (§4.7.2). */
function isDollarSeparated(wild: string, dollar: string): boolean {
  return isWildcardLevel(wild.split('/')[0]!) && dollar.startsWith('$');
}

/** Whether every topic that `inner` matches is also matched by `outer`. */
export function coversFilter(outer: string, inner: string): boolean {
  if (isDollarSeparated(outer, inner)) return false;
  const a = outer.split('/');
  const b = inner.split('/');
  for (let i = 0; i < a.length; i++) {
    const level = a[i]!;
    if (level === MULTI_LEVEL) return true;
    if (i >= b.length) return false;
    if (b[i] === MULTI_LEVEL) return false;
    if (level !== SINGLE_LEVEL && level !== b[i]) return false;
  }
  // `outer` is exhausted: it covers `inner` only when `inner` ends at the same depth.
  return a.length === b.length;
}

/** Whether some topic is matched by both filters. */
export function overlapsFilter(x: string, y: string): boolean {
  if (isDollarSeparated(x, y) || isDollarSeparated(y, x)) return false;
  const a = x.split('/');
  const b = y.split('/');
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const p = a[i];
    const q = b[i];
    if (p === MULTI_LEVEL || q === MULTI_LEVEL) return true;
    if (p === undefined || q === undefined) return false;
    if (p !== SINGLE_LEVEL && q !== SINGLE_LEVEL && p !== q) return false;
  }
  return true;
}

/** The narrowest single filter that covers both (level-wise `+`, `#` where depths differ). */
export function generaliseFilters(x: string, y: string): string {
  const a = x.split('/');
  const b = y.split('/');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const p = a[i];
    const q = b[i];
    if (p === undefined || q === undefined || p === MULTI_LEVEL || q === MULTI_LEVEL) {
      out.push(MULTI_LEVEL);
      return out.join('/');
    }
    out.push(p === q ? p : SINGLE_LEVEL);
  }
  return out.join('/');
}
