/**
 * Connection state for the header, read from the transport's status lines (the stream's
 * only report of a connection coming and going; a gap reports its return).
 */
import type { ConnectionState } from './state.js';

const STATUS_STATES: readonly (readonly [RegExp, ConnectionState])[] = [
  [/^connecting to /, 'connecting'],
  [/^connected to /, 'connected'],
  [/^connection to .* lost\b.*reconnecting/, 'reconnecting'],
];

/** The connection state a status line announces, or null for other lines (subscribed, rejected). */
export function readConnectionChange(line: string): ConnectionState | null {
  return STATUS_STATES.find(([pattern]) => pattern.test(line))?.[1] ?? null;
}
