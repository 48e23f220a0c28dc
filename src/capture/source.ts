/**
 * Where a capture comes from: a file, or standard input for `-`. A file that cannot be
 * read is a usage error (exit 2), found before any socket opens.
 */
import { createReadStream, fstatSync, openSync } from 'node:fs';
import { usageError } from '../errors.js';

export interface CaptureSource {
  /** The file name, or `stdin`. */
  name: string;
  chunks: AsyncIterable<Buffer>;
  /** Bytes in the file; unknown for standard input. */
  size?: number;
  /** Whether the source can be read again (--loop). */
  rereadable: boolean;
  /** The same file from its start (files only). */
  reopen(): CaptureSource;
}

export function openCaptureSource(path: string | undefined, stdin: NodeJS.ReadableStream | undefined): CaptureSource {
  if (path === undefined || path === '-') {
    if (stdin === undefined) throw usageError("'-'", 'standard input is not available here', 'give a file');
    return {
      name: 'stdin',
      chunks: stdin as AsyncIterable<Buffer>,
      rereadable: false,
      reopen: () => {
        throw new Error('standard input cannot be read twice');
      },
    };
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw usageError(`'${path}'`, `cannot read it (${reason})`, 'give a readable file, or - for standard input');
  }
  const stat = fstatSync(fd);
  if (stat.isDirectory()) throw usageError(`'${path}'`, 'it is a directory', 'give a capture file, or - for standard input');
  return {
    name: path,
    chunks: createReadStream(path, { fd }),
    size: stat.isFile() ? stat.size : undefined,
    rereadable: stat.isFile(),
    reopen: () => openCaptureSource(path, stdin),
  };
}
