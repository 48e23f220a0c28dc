/**
 * Glob matching for `~` in --where, without regular expressions: the classic two-pointer
 * wildcard match, O(length × pattern) at worst, so no pattern can backtrack exponentially
 * on a hostile payload. Same two readings as the topic flags (src/topics/glob.ts): a
 * pattern with a `/` matches level by level, one without spans levels. Case-insensitive
 * for ASCII letters (Junos names are ASCII), like --event-id and --hostname and the router's
 * own `match`; folded per character, so no lower-cased copy is made per record.
 */

export function compileGlobMatcher(pattern: string): (text: string) => boolean {
  const lower = pattern.toLowerCase();
  if (!lower.includes('/') || (!lower.includes('*') && !lower.includes('?'))) {
    return (text) => matchWildcard(lower, 0, lower.length, text, 0, text.length);
  }
  // Level by level, on offsets into the two strings: no split, no array per record.
  const bounds = levelBounds(lower);
  return (text) => {
    let start = 0;
    for (let level = 0; level < bounds.length; level++) {
      const last = level === bounds.length - 1;
      const end = last ? text.length : text.indexOf('/', start);
      if (end < 0 || (last && text.indexOf('/', start) >= 0)) return false;
      const [from, to] = bounds[level]!;
      if (!matchWildcard(lower, from, to, text, start, end)) return false;
      start = end + 1;
    }
    return true;
  };
}

function levelBounds(pattern: string): [number, number][] {
  const bounds: [number, number][] = [];
  let start = 0;
  for (;;) {
    const slash = pattern.indexOf('/', start);
    bounds.push([start, slash < 0 ? pattern.length : slash]);
    if (slash < 0) return bounds;
    start = slash + 1;
  }
}

/** ASCII upper case → lower case. */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * A lower-case `pattern[pFrom, pTo)` against `text[tFrom, tTo)`, ASCII letters folded: `*`
 * matches any run (possibly empty), `?` any one UTF-16 unit.
 */
function matchWildcard(pattern: string, pFrom: number, pTo: number, text: string, tFrom: number, tTo: number): boolean {
  let p = pFrom;
  let t = tFrom;
  let star = -1;
  let mark = 0;
  while (t < tTo) {
    const c = pattern.charCodeAt(p);
    if (p < pTo && (c === 63 /* ? */ || c === fold(text.charCodeAt(t)))) {
      p++;
      t++;
    } else if (p < pTo && c === 42 /* * */) {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pTo && pattern.charCodeAt(p) === 42) p++;
  return p === pTo;
}
