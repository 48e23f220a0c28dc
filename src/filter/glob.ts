/**
 * Glob matching for `~` in --where, without regular expressions: the classic two-pointer
 * wildcard match, O(length × pattern) at worst, so no pattern can backtrack exponentially
 * on a hostile payload. Same two readings as the topic flags (src/topics/glob.ts): a
 * pattern with a `/` matches level by level, one without spans levels. Case-insensitive,
 * like --event-id and --hostname and the router's own `match`.
 */

export function compileGlobMatcher(pattern: string): (text: string) => boolean {
  const lower = pattern.toLowerCase();
  if (!lower.includes('*') && !lower.includes('?')) return (text) => text.length === lower.length && text.toLowerCase() === lower;
  if (!lower.includes('/')) return (text) => matchWildcard(lower, text.toLowerCase());
  const levels = lower.split('/');
  return (text) => {
    const parts = text.toLowerCase().split('/');
    return parts.length === levels.length && parts.every((part, i) => matchWildcard(levels[i]!, part));
  };
}

/** `*` matches any run (possibly empty), `?` any one UTF-16 unit. */
export function matchWildcard(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const c = pattern.charCodeAt(p);
    if (p < pattern.length && (c === 63 /* ? */ || c === text.charCodeAt(t))) {
      p++;
      t++;
    } else if (p < pattern.length && c === 42 /* * */) {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}
