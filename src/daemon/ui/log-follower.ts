/**
 * The services' logs as they are written, for the dashboard's open pages: each log file
 * is polled while at least one page listens (services write their logs themselves, so
 * there is nothing to subscribe to), and only from where it ended when the first page
 * came: earlier lines are the history's (log-history.ts). A poll reads at most
 * MAX_READ bytes of a file; a flood's excess is skipped and said so, never buffered.
 */
import { LineCursor } from '../../runtime/logs/line-cursor.js';
import { logSize } from '../../runtime/logs/log-file.js';

export const LOG_POLL_MS = 100;
const MAX_READ = 1024 * 1024;

export interface LogBatch {
  service: string;
  lines: string[];
  /** Byte offsets in the live log: where these lines start and end (the page stitches history to them). */
  start: number;
  end: number;
  /** Bytes skipped before these lines because the service wrote faster than a poll reads. */
  skipped?: number;
}

export class LogFollower {
  private readonly cursors = new Map<string, LineCursor>();
  private timer: NodeJS.Timeout | null = null;
  private reading = false;

  constructor(
    /** Service name → its log file, asked again at each poll (services come and go). */
    private readonly files: () => ReadonlyMap<string, string>,
    private readonly onBatch: (batch: LogBatch) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    for (const [service, file] of this.files()) this.cursors.set(service, new LineCursor(file, logSize(file)));
    this.timer = setInterval(() => void this.poll(), LOG_POLL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.cursors.clear();
  }

  private async poll(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      for (const [service, file] of this.files()) {
        let cursor = this.cursors.get(service);
        // A service new since the first page came: its log is read from its start.
        if (!cursor) this.cursors.set(service, (cursor = new LineCursor(file, 0)));
        let skipped = 0;
        const size = logSize(file);
        if (size - cursor.linesEnd > MAX_READ) {
          skipped = size - MAX_READ - cursor.linesEnd;
          this.cursors.set(service, (cursor = new LineCursor(file, size - MAX_READ)));
        }
        // A rotation truncated the log: the cursor starts over at 0.
        const start = size < cursor.linesEnd ? 0 : cursor.linesEnd;
        const lines = await cursor.read().catch(() => [] as string[]);
        if (!this.timer) return;
        // Skipping lands mid-line: that first piece is not a line of its own.
        if (skipped > 0) lines.shift();
        if (lines.length > 0) this.onBatch({ service, lines, start, end: cursor.linesEnd, ...(skipped > 0 ? { skipped } : {}) });
      }
    } finally {
      this.reading = false;
    }
  }
}
