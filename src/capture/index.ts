/**
 * Captured traffic in: the three line formats (read.ts), split from a byte stream
 * (lines.ts), from a file or standard input (source.ts).
 */
import { splitLines } from '../pipeline/sources/lines.js';
import { type CaptureLine, parseCaptureLine } from '../pipeline/sources/capture-line.js';

/** Every non-blank line of `chunks`, parsed; `onBytes` hears how far the reading got. */
export async function* readCapture(chunks: AsyncIterable<Buffer>, onBytes?: (bytes: number) => void): AsyncGenerator<CaptureLine> {
  let number = 0;
  for await (const bytes of splitLines(onBytes ? countBytes(chunks, onBytes) : chunks)) {
    const parsed = parseCaptureLine(bytes, ++number);
    if (parsed !== null) yield parsed;
  }
}

async function* countBytes(chunks: AsyncIterable<Buffer>, onBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    onBytes(total);
    yield chunk;
  }
}

export { openCaptureSource } from './source.js';
export type { CaptureLine } from '../pipeline/sources/capture-line.js';
