/**
 * The package version, read from package.json beside dist/. scripts/bundle.mjs swaps this
 * module for one that returns the version inline (a bundle has no package.json beside it).
 */
import { readFileSync } from 'node:fs';

export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
