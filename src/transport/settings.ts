/**
 * What every broker connection of a run shares (the target and filters vary per
 * connection): produced from flags by src/options/connection-flags.ts, or by the library.
 */
import type { ConnectionOptions } from './connection.js';

export type ConnectionSettings = Omit<ConnectionOptions, 'target' | 'filters'>;

/**
 * 12 random hex digits. Not a secret, so Math.random (V8 seeds it from the system's entropy
 * in every process): loading node:crypto for it cost ~1.5 ms of every start-up.
 */
export function uniqueClientId(): string {
  const sixDigits = () => Math.floor(Math.random() * 0x1000000).toString(16).padStart(6, '0');
  return `jetsub-${sixDigits()}${sixDigits()}`;
}
