/**
 * Follow a file that something else appends to (logs, events.jsonl): poll its size and
 * hand over whole lines as they arrive. Polling works the same on every OS and copes
 * with truncation (rotation starts the file over).
 */
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { logSize } from '../runtime/logs/log-file.js';

export const FOLLOW_POLL_MS = 150;

/** A cursor over one growing file: each read() returns the complete lines appended since the last. */
export class LineCursor {
  private partial = '';

  constructor(
    readonly file: string,
    private offset: number,
  ) {}

  async read(): Promise<string[]> {
    const size = logSize(this.file);
    if (size < this.offset) this.offset = 0;
    if (size === this.offset) return [];
    const handle = await open(this.file, 'r');
    let text: string;
    try {
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      text = buffer.subarray(0, bytesRead).toString('utf8');
      this.offset += bytesRead;
    } finally {
      await handle.close();
    }
    const lines = (this.partial + text).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    return lines;
  }
}

/** Call onLines with each cursor's new lines until `signal` aborts. */
export async function followFiles(
  cursors: readonly LineCursor[],
  onLines: (cursor: LineCursor, lines: string[]) => void,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    for (const cursor of cursors) {
      const lines = await cursor.read();
      if (lines.length > 0) onLines(cursor, lines);
    }
    try {
      await sleep(FOLLOW_POLL_MS, undefined, { signal });
    } catch {
      return;
    }
  }
}
