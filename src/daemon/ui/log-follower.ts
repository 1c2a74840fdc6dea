/**
 * The services' logs as they are written, for the dashboard's open pages: each log file
 * is polled while at least one page listens (services write their logs themselves, so
 * there is nothing to subscribe to), and only from where it ended when the first page
 * came: earlier lines are the history's (log-history.ts). Each poll hands over the new
 * complete lines as one piece of text (a line still being written waits for the next
 * poll), so a flood costs a read and a string per poll, not an object per line. A poll
 * reads at most MAX_READ bytes of a file; a flood's excess is skipped and said so.
 */
import { open } from 'node:fs/promises';
import { logSize } from '../../runtime/logs/log-file.js';

export const LOG_POLL_MS = 100;
const MAX_READ = 1024 * 1024;

export interface LogBatch {
  service: string;
  /** The new lines, joined by "\n" (no final newline). */
  text: string;
  /** How many lines `text` holds. */
  lines: number;
  /** Byte offsets in the live log: where these lines start and end (the page stitches history to them). */
  start: number;
  end: number;
  /** Bytes skipped before these lines because the service wrote faster than a poll reads. */
  skipped?: number;
}

export class LogFollower {
  /** Service → where its complete lines read so far end. */
  private readonly offsets = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private reading = false;

  constructor(
    /** Service name → its log file, asked again at each poll (services come and go). */
    private readonly files: () => ReadonlyMap<string, string>,
    private readonly onBatch: (batch: LogBatch) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    for (const [service, file] of this.files()) this.offsets.set(service, logSize(file));
    this.timer = setInterval(() => void this.poll(), LOG_POLL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.offsets.clear();
  }

  private async poll(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      for (const [service, file] of this.files()) {
        const batch = await this.read(service, file).catch(() => null);
        if (!this.timer) return;
        if (batch) this.onBatch(batch);
      }
    } finally {
      this.reading = false;
    }
  }

  private async read(service: string, file: string): Promise<LogBatch | null> {
    const size = logSize(file);
    // A service new since the first page came is read from its start; a rotated
    // (truncated) log starts over at 0.
    let from = Math.min(this.offsets.get(service) ?? 0, size);
    if (size < (this.offsets.get(service) ?? 0)) from = 0;
    const skipped = Math.max(0, size - from - MAX_READ);
    from += skipped;
    if (size === from) return null;
    const buffer = Buffer.alloc(size - from);
    const handle = await open(file, 'r');
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, 0, buffer.length, from));
    } finally {
      await handle.close();
    }
    const chunk = buffer.subarray(0, bytesRead);
    // Skipping lands mid-line: that first piece is not a line of its own.
    const first = skipped > 0 ? chunk.indexOf(10) + 1 : 0;
    const last = chunk.lastIndexOf(10);
    if (last < first) {
      this.offsets.set(service, from + first);
      return null;
    }
    const text = chunk.toString('utf8', first, last).replace(/\r(?=\n|$)/g, '');
    this.offsets.set(service, from + last + 1);
    return { service, text, lines: count(text) + 1, start: from + first, end: from + last + 1, ...(skipped > 0 ? { skipped: skipped + first } : {}) };
  }
}

/** The newlines in `text`: one fewer than the lines it holds. */
function count(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
