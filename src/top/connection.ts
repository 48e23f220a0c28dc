/**
 * Connection state for the header, from the transport's typed events (transport/events.ts).
 */
import type { ConnectionEvent } from '../transport/events.js';
import type { ConnectionState } from './state.js';

/** The header's state after the event, or null for events that do not change it (a refused subscription). */
export function readConnectionChange(event: ConnectionEvent): ConnectionState | null {
  switch (event.type) {
    case 'connecting':
      return 'connecting';
    case 'connected':
      return 'connected';
    case 'reconnecting':
      return 'reconnecting';
    case 'fatal':
      return 'unreachable';
    default:
      return null;
  }
}
