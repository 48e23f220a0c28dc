/**
 * Names given on the command line (interfaces, filters, tables, event ids) → MQTT topic
 * levels. A glob that covers whole levels compiles to `+`/`#`; anything else leaves a
 * condition for the client to check (`exact: false`).
 */
import { usageError } from '../errors.js';
import { compileNameGlob, hasGlob } from './glob.js';

export interface NameLevels {
  /** The topic levels, or null when the name's depth is unknown (compiles to `#`). */
  levels: string[] | null;
  /** True when the levels select exactly what the name means, with no client-side check. */
  exact: boolean;
}

const ANY: NameLevels = { levels: null, exact: true };

/** Rejects what can never be part of a Junos name in a topic; `flag` names the culprit. */
export function checkName(flag: string, name: string, example: string): void {
  if (name.includes('+') || name.includes('#')) {
    throw usageError(`${flag} '${name}'`, `'+' and '#' are MQTT wildcards, not part of a name`,
      `use * or ? to match (e.g. ${flag} '${example}')`);
  }
  if (name === '' || /[\s\u0000-\u001f\u007f]/.test(name)) {
    throw usageError(`${flag} '${name}'`, 'a name cannot be empty or contain spaces or control characters',
      `give a name such as ${flag} '${example}'`);
  }
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) {
    throw usageError(`${flag} '${name}'`, 'a name cannot start or end with / or have an empty level',
      `write it as the router does, e.g. ${flag} '${example}'`);
  }
}

/**
 * A name pattern → levels. `undefined` or `*` is any name. A pattern without `/` that has a
 * glob matches across levels (`ge-*`), so its depth is unknown; with `/` it matches level by
 * level and each glob level becomes `+`.
 */
export function compileNameLevels(pattern: string | undefined): NameLevels {
  if (pattern === undefined || pattern === '*') return ANY;
  if (!pattern.includes('/') && hasGlob(pattern)) return { levels: null, exact: false };
  let exact = true;
  const levels = pattern.split('/').map((level) => {
    if (!hasGlob(level)) return level;
    if (level !== '*') exact = false;
    return '+';
  });
  return { levels, exact };
}

/** A client-side name test with the same reading as compileNameLevels. */
export function createNameTest(pattern: string): (name: string | undefined) => boolean {
  const regex = compileNameGlob(pattern);
  return (name) => name !== undefined && regex.test(name);
}

/** `ge-0/0/0.100` → `ge-0/0/0` and `100`; the unit may be a glob (`ae0.*`). */
export function splitUnit(flag: string, name: string): { ifd: string; unit: string | undefined } {
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  if (dot <= slash) return { ifd: name, unit: undefined };
  const unit = name.slice(dot + 1);
  if (!/^[0-9*?]+$/.test(unit)) {
    throw usageError(`${flag} '${name}'`, `'${unit}' is not a logical unit number`,
      `give an interface with an optional numeric unit (e.g. ${flag} ge-0/0/0 or ${flag} ge-0/0/0.100)`);
  }
  return { ifd: name.slice(0, dot), unit };
}
