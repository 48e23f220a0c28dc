/**
 * Bytes in chunks → lines (without their `\n`), as Buffers so payload bytes stay exact.
 * A last line without a newline still counts.
 */

const NEWLINE = 0x0a;

export async function* splitLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const data = rest.length === 0 ? bytes : Buffer.concat([rest, bytes]);
    let start = 0;
    for (let end = data.indexOf(NEWLINE, start); end >= 0; end = data.indexOf(NEWLINE, start)) {
      yield data.subarray(start, end);
      start = end + 1;
    }
    rest = start === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(start));
  }
  if (rest.length > 0) yield rest;
}
