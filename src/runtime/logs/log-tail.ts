import { open } from 'node:fs/promises';
import { StackError, isErrnoException } from '../../errors.js';

const FIRST_CHUNK = 64 * 1024;
/** Past this, a tail is whatever lines fit: a log with a multi-megabyte line is not read whole. */
const MAX_CHUNK = 16 * 1024 * 1024;

/**
 * The last `lines` lines of a log file, reading only its end: a chunk from the end that
 * doubles until it holds enough lines. A missing file has no lines; a final line without
 * a newline (output still being written) counts as a line. With `from`, nothing before
 * that byte offset is read (one run's output in a log that holds several runs).
 */
export async function readLogTail(file: string, lines: number, from = 0): Promise<string[]> {
  if (lines <= 0) return [];
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return [];
    throw unreadable(file, error);
  }
  try {
    const { size } = await handle.stat();
    // A log truncated since `from` was recorded starts over.
    if (from > size) from = 0;
    for (let chunk = FIRST_CHUNK; ; chunk *= 2) {
      const start = Math.max(from, size - chunk);
      const buffer = Buffer.alloc(size - start);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      const found = splitLines(buffer.subarray(0, bytesRead).toString('utf8'));
      // Unless the chunk starts where we were asked to, its first line may be cut off.
      if (start > from) found.shift();
      if (found.length >= lines || start <= from || chunk >= MAX_CHUNK) return found.slice(-lines);
    }
  } catch (error) {
    throw unreadable(file, error);
  } finally {
    await handle.close();
  }
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function unreadable(file: string, error: unknown): StackError {
  return new StackError('LOG_UNREADABLE', `Cannot read the log file ${file}.`, {
    hint: 'Check that it is a file and that you may read it.',
    cause: error,
  });
}
