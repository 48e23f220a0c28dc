/**
 * `*` and `?` globs in names (interfaces, filters, tables, event ids).
 *
 * Two readings, chosen by the pattern itself (like .gitignore):
 * - a pattern with a `/` matches level by level: `*` and `?` never cross a `/`
 *   (`ge-0/0/*` is every port of FPC 0 PIC 0, and compiles to the MQTT level `+`);
 * - a pattern without a `/` matches the whole name: `*` crosses `/`
 *   (`ge-*` is every ge interface, `*` is every interface).
 */

export function hasGlob(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/** A glob over a whole value; `*` crosses `/` only when `crossLevels` is set. */
export function compileGlob(pattern: string, crossLevels: boolean): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += crossLevels ? '.*' : '[^/]*';
    else if (ch === '?') source += crossLevels ? '.' : '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/** A glob over a name, with the reading chosen by whether the pattern has a `/`. */
export function compileNameGlob(pattern: string): RegExp {
  return compileGlob(pattern, !pattern.includes('/'));
}
