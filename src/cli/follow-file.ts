/**
 * Follow a file that something else appends to (logs, events.jsonl): poll its size and
 * hand over whole lines as they arrive. Polling works the same on every OS and copes
 * with truncation (rotation starts the file over).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LineCursor } from '../runtime/logs/line-cursor.js';

export { LineCursor };

export const FOLLOW_POLL_MS = 150;

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
