/** One indented JSON object per record: the same object as ndjson, for reading. */
import type { StreamRecord } from '../record.js';
import { toOutputObject } from './ndjson.js';
import type { Renderer } from './types.js';

export function createJsonRenderer(): Renderer {
  return {
    render(record: StreamRecord): string {
      return `${JSON.stringify(toOutputObject(record), null, 2)}\n`;
    },
  };
}
