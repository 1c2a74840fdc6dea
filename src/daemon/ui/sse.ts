/**
 * One page's live connection (server-sent events), and what keeps a slow page from
 * growing the daemon's memory: whatever the socket has not taken yet stays queued in
 * Node's write buffer, so once that passes MAX_BUFFERED the channel stops queueing.
 * Log lines are then dropped and counted per service; anything else (a status, an event)
 * is dropped too, and once the socket drains the page gets one `resync` saying what it
 * missed, so it can ask again (status and events are small and can be re-read; the
 * dropped log lines are in the log files, reachable through the history).
 */
import type { ServerResponse } from 'node:http';

/** About a second of a service logging 1,000 lines of 100 bytes, plus the statuses around it. */
export const MAX_BUFFERED = 256 * 1024;

export interface Resync {
  /** Log lines not sent, by service. */
  droppedLines: Record<string, number>;
  /** A status or an event was dropped too: read them again. */
  stateDropped: boolean;
}

export class SseChannel {
  private droppedLines: Record<string, number> = {};
  private stateDropped = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    heartbeatMs = 15_000,
  ) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    res.write('retry: 1000\n\n');
    res.on('drain', () => this.flushResync());
    // A comment line now and then: a page that went away is noticed by the write failing.
    this.heartbeat = setInterval(() => this.res.write(': keep-alive\n\n'), heartbeatMs);
    this.heartbeat.unref();
    res.on('close', () => clearInterval(this.heartbeat));
  }

  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  /** Bytes queued for this page and not yet taken by its socket. */
  get buffered(): number {
    return this.res.writableLength;
  }

  /**
   * A status or an event, as JSON (serialized once for every page): sent unless the page
   * is behind, in which case it will be told to re-read.
   */
  send(type: string, json: string): void {
    if (this.closed) return;
    if (this.behind()) {
      this.stateDropped = true;
      return;
    }
    this.write(type, json);
  }

  /** `lines` log lines of one service, as JSON: dropped and counted while the page is behind. */
  sendLines(service: string, lines: number, json: string): void {
    if (this.closed) return;
    if (this.behind()) {
      this.droppedLines[service] = (this.droppedLines[service] ?? 0) + lines;
      return;
    }
    this.write('log', json);
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.res.end();
  }

  private behind(): boolean {
    return this.res.writableLength > MAX_BUFFERED || this.pendingResync();
  }

  private pendingResync(): boolean {
    return this.stateDropped || Object.keys(this.droppedLines).length > 0;
  }

  private flushResync(): void {
    if (!this.pendingResync() || this.res.writableLength > MAX_BUFFERED) return;
    const resync: Resync = { droppedLines: this.droppedLines, stateDropped: this.stateDropped };
    this.droppedLines = {};
    this.stateDropped = false;
    this.write('resync', JSON.stringify(resync));
  }

  private write(type: string, json: string): void {
    this.res.write(`event: ${type}\ndata: ${json}\n\n`);
  }
}
