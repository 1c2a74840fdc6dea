/**
 * Keeps service logs within their cap (logs: max_size, keep) and samples their sizes for
 * `logs --since` (every 500 ms). Logs are checked every 500 ms, within 10 ms of a write
 * (the logs directory is watched), and every 10 ms while one floods (it grew by a quarter
 * of max_size or more since the last check, or had to be rotated). So a service writing
 * as fast as it can overshoots max_size only by what it writes in ~10 ms, and the daemon
 * copies at most max_size per try of a rotation (log-rotation.ts: a few tries when the
 * service writes during the copy, so its last lines are not lost).
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import type { EventLog } from './event-log.js';
import { LogIndexer } from '../../protocol/log-index.js';
import { rotate, type Rotation } from './log-rotation.js';

/** How often service logs are checked against logs.max_size and sampled for logs --since. */
export const LOG_CHECK_MS = 500;
/** How often while some log floods. */
export const FLOOD_CHECK_MS = 10;
/** A flood rotates many times a second: at most one log-rotated event per service per this long. */
const ROTATION_EVENT_MS = 1000;

export interface LogOwner {
  name: string;
  logFile: string;
}

interface Unreported {
  rotations: number;
  droppedBytes: number;
  lastEventAt: number;
}

export class LogUpkeep {
  private timer: NodeJS.Timeout | null = null;
  private dueAt = 0;
  private watcher: FSWatcher | null = null;
  private sampledAt = 0;
  private readonly index = new LogIndexer();
  private readonly sizes = new Map<string, number>();
  private readonly unreported = new Map<string, Unreported>();

  constructor(
    private readonly logsDir: string,
    private readonly events: EventLog,
    private readonly owners: () => Iterable<LogOwner>,
    private readonly limits: () => { maxBytes: number; keep: number },
  ) {}

  start(): void {
    this.schedule(LOG_CHECK_MS);
    try {
      // A write to a log brings the next check forward: a flood is caught at its first bytes.
      this.watcher = watch(this.logsDir, { persistent: false }, (_event, file) => {
        if (file === null || String(file).endsWith('.log')) this.soon();
      });
      this.watcher.on('error', () => this.unwatch());
    } catch {
      // No watcher (e.g. out of inotify watches): the 500 ms checks remain.
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unwatch();
  }

  /** One pass over every log; true when some log floods (check again soon). */
  check(now = Date.now()): boolean {
    const { maxBytes, keep } = this.limits();
    const sample = now - this.sampledAt >= LOG_CHECK_MS;
    if (sample) this.sampledAt = now;
    let flooding = false;
    for (const { name, logFile } of this.owners()) {
      try {
        const size = sizeOf(logFile);
        if (size === null) continue;
        const grew = size - (this.sizes.get(logFile) ?? size);
        const rotation = size > maxBytes ? rotate(logFile, maxBytes, keep) : null;
        this.sizes.set(logFile, rotation ? 0 : size);
        if (rotation || grew >= maxBytes / 4) flooding = true;
        this.report(name, rotation, now);
        if (rotation) this.index.sample(logFile, now, true);
        else if (sample) this.index.sample(logFile, now);
      } catch (error) {
        this.events.append('log-rotate-failed', { service: name, error: String(error) });
      }
    }
    return flooding;
  }

  private schedule(delayMs: number): void {
    this.dueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      const flooding = this.check();
      if (this.timer) this.schedule(flooding ? FLOOD_CHECK_MS : LOG_CHECK_MS);
    }, delayMs);
    this.timer.unref();
  }

  private soon(): void {
    if (!this.timer || this.dueAt - Date.now() <= FLOOD_CHECK_MS) return;
    clearTimeout(this.timer);
    this.schedule(FLOOD_CHECK_MS);
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  /** A log-rotated event, coalesced per service: how many rotations, and how much output a flood cost. */
  private report(service: string, rotation: Rotation | null, now: number): void {
    const pending = this.unreported.get(service) ?? { rotations: 0, droppedBytes: 0, lastEventAt: 0 };
    if (rotation) {
      pending.rotations += 1;
      pending.droppedBytes += rotation.dropped;
    }
    this.unreported.set(service, pending);
    if (pending.rotations === 0 || now - pending.lastEventAt < ROTATION_EVENT_MS) return;
    this.events.append('log-rotated', {
      service,
      ...(pending.rotations > 1 ? { rotations: pending.rotations } : {}),
      ...(pending.droppedBytes > 0 ? { droppedBytes: pending.droppedBytes } : {}),
    });
    this.unreported.set(service, { rotations: 0, droppedBytes: 0, lastEventAt: now });
  }
}

function sizeOf(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}
