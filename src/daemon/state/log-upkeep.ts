/**
 * Keeps service logs within their cap (logs: max_size, keep) and samples their sizes for
 * `logs --since` (every 500 ms). Logs are checked every 500 ms, within 10 ms of a write
 * (the logs directory is watched), and every 10 ms while one floods (it grew by a quarter
 * of max_size or more since the last check, or had to be rotated). So a service writing
 * as fast as it can overshoots max_size only by what it writes in ~10 ms, and the daemon
 * copies at most max_size per try of a rotation (log-rotation.ts: a few tries when the
 * service writes during the copy, so its last lines are not lost). Once a check finds
 * every log as it was, and the watcher is one that sees every write (inotify), the next
 * check waits for a write, or IDLE_CHECK_MS: quiet services cost no wake-up every 500 ms.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import type { EventLog } from './event-log.js';
import { LogIndexer } from '../../protocol/log-index.js';
import { rotate, type Rotation } from './log-rotation.js';

/** How often service logs are checked against logs.max_size and sampled for logs --since. */
export const LOG_CHECK_MS = 500;
/** How often while some log floods. */
export const FLOOD_CHECK_MS = 10;
/** With every log unchanged and a watcher that sees each write: a check this often still, in case one was missed. */
export const IDLE_CHECK_MS = 5000;
/** inotify reports every write to a file in the directory; other platforms' watchers may coalesce or miss appends to an open file. */
const WATCHER_SEES_WRITES = process.platform === 'linux';
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

  /**
   * One pass over every log: `flooding` (check again soon), `changed` (a log grew, shrank or
   * appeared, or a rotation is still to be reported) or `quiet`.
   */
  check(now = Date.now()): 'flooding' | 'changed' | 'quiet' {
    const { maxBytes, keep } = this.limits();
    const sample = now - this.sampledAt >= LOG_CHECK_MS;
    if (sample) this.sampledAt = now;
    let flooding = false;
    let changed = false;
    for (const { name, logFile } of this.owners()) {
      try {
        const size = sizeOf(logFile);
        if (size === null) continue;
        const before = this.sizes.get(logFile);
        if (before !== size) changed = true;
        const grew = size - (before ?? size);
        const rotation = size > maxBytes ? rotate(logFile, maxBytes, keep) : null;
        this.sizes.set(logFile, rotation ? 0 : size);
        if (rotation || grew >= maxBytes / 4) flooding = true;
        if (this.report(name, rotation, now)) changed = true;
        if (rotation) this.index.sample(logFile, now, true);
        else if (sample) this.index.sample(logFile, now, false, size);
      } catch (error) {
        this.events.append('log-rotate-failed', { service: name, error: String(error) });
      }
    }
    // A size seen between two samples is written to the index by the next one.
    if (!sample) changed = true;
    return flooding ? 'flooding' : changed ? 'changed' : 'quiet';
  }

  private schedule(delayMs: number): void {
    this.dueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      const verdict = this.check();
      if (!this.timer) return;
      const idle = verdict === 'quiet' && this.watcher !== null && WATCHER_SEES_WRITES;
      this.schedule(verdict === 'flooding' ? FLOOD_CHECK_MS : idle ? IDLE_CHECK_MS : LOG_CHECK_MS);
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

  /** A log-rotated event, coalesced per service: how many rotations, and how much output a flood cost. True while some are still to be said. */
  private report(service: string, rotation: Rotation | null, now: number): boolean {
    const pending = this.unreported.get(service) ?? { rotations: 0, droppedBytes: 0, lastEventAt: 0 };
    if (rotation) {
      pending.rotations += 1;
      pending.droppedBytes += rotation.dropped;
    }
    this.unreported.set(service, pending);
    if (pending.rotations === 0) return false;
    if (now - pending.lastEventAt < ROTATION_EVENT_MS) return true;
    this.events.append('log-rotated', {
      service,
      ...(pending.rotations > 1 ? { rotations: pending.rotations } : {}),
      ...(pending.droppedBytes > 0 ? { droppedBytes: pending.droppedBytes } : {}),
    });
    this.unreported.set(service, { rotations: 0, droppedBytes: 0, lastEventAt: now });
    return false;
  }
}

function sizeOf(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}
