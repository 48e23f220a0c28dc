/**
 * The payload bytes exactly as received, one message per line: for piping into other
 * tools. Deliberately not terminal-safe (that is what pretty and table are for).
 */
import type { StreamRecord } from '../record.js';
import type { Renderer } from './types.js';

const NEWLINE = Buffer.from('\n');

export function createRawRenderer(): Renderer {
  return {
    render(record: StreamRecord): string | Uint8Array {
      if (record.type === 'gap') return '';
      // A record built without its bytes (by a library user) falls back to its text.
      const payload = record.payload ?? Buffer.from(record.raw ?? JSON.stringify(record.event));
      return Buffer.concat([payload, NEWLINE], payload.length + 1);
    },
  };
}
