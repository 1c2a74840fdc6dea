/**
 * A service's whole log, newest first, one page at a time: the live `<svc>.log`, then
 * `<svc>.log.1`, `.2`… (log rotation's copies, newest first). A cursor says where the
 * previous page began ("<file number>:<byte offset>", 0 = the live log), so the page can
 * keep asking for older lines until there are none. A rotation between two requests
 * shifts the copies by one: a page may then repeat or skip some lines.
 */
import { open } from 'node:fs/promises';
import { logSize } from '../../runtime/logs/log-file.js';

export const PAGE_BYTES = 64 * 1024;

export interface LogPage {
  lines: string[];
  /** Where the live log ended when this was read (only for the newest page): live lines start here. */
  until: number | null;
  /** The cursor for the page before this one; null at the very beginning of the history. */
  older: string | null;
}

export function rotatedFile(logFile: string, n: number): string {
  return n === 0 ? logFile : `${logFile}.${n}`;
}

export function parseCursor(cursor: string): { file: number; offset: number } | null {
  const m = /^(\d{1,3}):(\d{1,15})$/.exec(cursor);
  return m ? { file: Number(m[1]), offset: Number(m[2]) } : null;
}

/** The page of lines that ends at `cursor` (default: the end of the live log). */
export async function readLogPage(logFile: string, cursor: { file: number; offset: number } | null, maxBytes = PAGE_BYTES): Promise<LogPage> {
  const fileNo = cursor?.file ?? 0;
  const file = rotatedFile(logFile, fileNo);
  const size = logSize(file);
  let end = Math.min(cursor?.offset ?? size, size);
  const start = Math.max(0, end - maxBytes);
  const text = await readRange(file, start, end);
  const lines = text.split(/\r?\n/);
  // The newest page stops at the last complete line: a line being written comes live.
  if (cursor === null) {
    const partial = lines.pop() ?? '';
    end -= Buffer.byteLength(partial);
  } else if (lines.at(-1) === '') lines.pop();
  // A page that starts mid-file starts mid-line: that piece belongs to the page before.
  let pageStart = start;
  if (start > 0 && lines.length > 1) pageStart += Buffer.byteLength(lines.shift()!) + 1;
  const older = pageStart > 0 ? `${fileNo}:${pageStart}` : olderFile(logFile, fileNo + 1);
  return { lines, until: cursor === null ? end : null, older };
}

function olderFile(logFile: string, n: number): string | null {
  const size = logSize(rotatedFile(logFile, n));
  return size > 0 ? `${n}:${size}` : null;
}

async function readRange(file: string, start: number, end: number): Promise<string> {
  if (end <= start) return '';
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return '';
  }
  try {
    const buffer = Buffer.alloc(end - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
