/**
 * When each part of a service log was written. Services write their logs directly (no
 * per-line timestamps), so the daemon samples each log's size every tick and appends
 * "<epoch ms> <size>" to <svc>.idx when it grew. `logs --since T` starts reading at
 * the size recorded at the last sample before T: accurate to one tick.
 */
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/** `.stack/logs/api.log` → `.stack/logs/api.idx`. */
export function indexFile(logFile: string): string {
  return `${logFile.replace(/\.log$/, '')}.idx`;
}

export class LogIndexer {
  private readonly lastSize = new Map<string, number>();

  /** Record the log's size now, if it changed. `restarted`: the log was just rotated (truncated). `known`: its size, just read by the caller. */
  sample(logFile: string, now = Date.now(), restarted = false, known?: number): void {
    let size: number;
    try {
      size = known ?? statSync(logFile).size;
    } catch {
      return;
    }
    if (restarted) writeFileSync(indexFile(logFile), '', { mode: 0o600 });
    if (!restarted && this.lastSize.get(logFile) === size) return;
    this.lastSize.set(logFile, size);
    appendFileSync(indexFile(logFile), `${now} ${size}\n`, { mode: 0o600 });
  }
}

/**
 * The byte offset in `logFile` from which lines were written at or after `since`
 * (epoch ms): the size at the last sample taken no later than `since`, else 0.
 */
export function offsetSince(logFile: string, since: number): number {
  let text = '';
  try {
    text = readFileSync(indexFile(logFile), 'utf8');
  } catch {
    return 0;
  }
  let offset = 0;
  for (const line of text.split('\n')) {
    const [at, size] = line.split(' ').map(Number);
    if (at === undefined || size === undefined || Number.isNaN(at) || Number.isNaN(size)) continue;
    if (at > since) break;
    offset = size;
  }
  return offset;
}
