/**
 * Is a service running the code on disk? (incident 000: uptime is not freshness.) Pure
 * decisions over data: the watcher (src/runtime/sources) reports changed files, the OS
 * reports when the serving process started, and a process is stale when a watched file's
 * content differs from what it was at that start (content-verdict.ts), or, where that
 * content is not known, when it was modified strictly after the start. No I/O here; the
 * clock is the caller's.
 */
import type { OnStale } from '../../config/types.js';
import type { ServiceState, StaleFile } from '../../protocol/status.js';

export interface RecordedChange {
  /** Relative to the service's cwd. */
  path: string;
  /** Epoch ms: the file's mtime, or when a deletion was seen. */
  mtimeMs: number;
  /**
   * `content`: its content differs from the start's (content-verdict.ts), whatever the
   * mtime says. Otherwise (`mtime`, the default) it counts when modified after the start.
   */
  by?: 'content' | 'mtime';
}

/** How many changed files one service remembers: enough to list, never unbounded. */
export const REMEMBERED_FILES = 1000;
export const DEFAULT_STALE_FILES_SHOWN = 5;

interface Entry {
  mtimeMs: number;
  byContent: boolean;
}

/** The changed files of one service since watching began, newest mtime kept per path. */
export class StaleTracker {
  private readonly files = new Map<string, Entry>();

  /** Keeps at least the `remember` newest files; trimmed in batches, so at most twice that. */
  constructor(private readonly remember = REMEMBERED_FILES) {}

  get size(): number {
    return this.files.size;
  }

  record({ path, mtimeMs, by = 'mtime' }: RecordedChange): void {
    const known = this.files.get(path);
    if (by === 'content') {
      this.files.set(path, { mtimeMs, byContent: true });
    } else {
      // A file changed after the start stays changed, even if a later event carries an
      // older mtime (a checkout that restores timestamps): its content may still differ.
      if (known !== undefined && !known.byContent && known.mtimeMs >= mtimeMs) return;
      this.files.set(path, { mtimeMs: Math.max(mtimeMs, known?.mtimeMs ?? -Infinity), byContent: false });
    }
    if (this.files.size > 2 * this.remember) this.keepNewest(this.remember);
  }

  /** Its content is the start's again (written back, stashed, checked out back): it no longer counts. */
  clear(path: string): void {
    this.files.delete(path);
  }

  /** The paths remembered (relative to cwd). */
  paths(): string[] {
    return [...this.files.keys()];
  }

  /** A file modified at exactly the start time was there to be loaded: not stale. */
  isStale(processStartedAt: number): boolean {
    for (const entry of this.files.values()) if (counts(entry, processStartedAt)) return true;
    return false;
  }

  /** Files that make the process stale, newest first (ties by path). */
  staleFiles(processStartedAt: number, limit = DEFAULT_STALE_FILES_SHOWN): StaleFile[] {
    if (limit <= 0) return [];
    const stale: [string, number][] = [];
    for (const [path, entry] of this.files) if (counts(entry, processStartedAt)) stale.push([path, entry.mtimeMs]);
    stale.sort(newestFirst);
    return stale.slice(0, limit).map(([path, mtimeMs]) => ({ path, modifiedAt: new Date(mtimeMs).toISOString() }));
  }

  /** After a restart at `t`, files not modified after it can never make that process stale. */
  forgetOlderThan(t: number): void {
    for (const [path, entry] of this.files) if (entry.mtimeMs <= t) this.files.delete(path);
  }

  private keepNewest(count: number): void {
    const kept = [...this.files].sort((a, b) => newestFirst([a[0], a[1].mtimeMs], [b[0], b[1].mtimeMs])).slice(0, count);
    this.files.clear();
    for (const [path, entry] of kept) this.files.set(path, entry);
  }
}

function counts(entry: Entry, processStartedAt: number): boolean {
  return entry.byContent || entry.mtimeMs > processStartedAt;
}

function newestFirst(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/** A stream of writes that never pauses (a watch-mode build, a log) still fires this often. */
export const DEFAULT_MAX_WAIT_MS = 2000;

/**
 * Fires once `quietMs` after the last poke of a burst, or `maxWaitMs` after its first
 * (stack.yaml re-read, config-on-disk.ts; a restart on save waits in save-settle.ts).
 */
export class Debouncer {
  private quietTimer: NodeJS.Timeout | undefined;
  private maxTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly quietMs: number,
    private readonly fire: () => void,
    private readonly maxWaitMs = DEFAULT_MAX_WAIT_MS,
  ) {}

  get pending(): boolean {
    return this.quietTimer !== undefined;
  }

  poke(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.flush(), this.quietMs);
    this.maxTimer ??= setTimeout(() => this.flush(), this.maxWaitMs);
  }

  cancel(): void {
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxTimer);
    this.quietTimer = undefined;
    this.maxTimer = undefined;
  }

  private flush(): void {
    this.cancel();
    this.fire();
  }
}

export interface StaleRestartInput {
  onStale: OnStale;
  state: ServiceState;
  /** Restarted too often lately (the restart policy's verdict), even if up right now. */
  crashLooping: boolean;
}

/**
 * Restart a stale service now? Only when asked to (`on_stale: restart`) and only a running
 * one: a service starting, stopping or stopped is not ours to bounce, and one that keeps
 * crashing must not be restarted by every write (PM2 watch mode's top complaint: the
 * crash writes a file, the write restarts it, it crashes again).
 */
export function shouldAutoRestart({ onStale, state, crashLooping }: StaleRestartInput): boolean {
  return onStale === 'restart' && state === 'running' && !crashLooping;
}

/**
 * A service given up on as crash-looping gets one more try when its sources change —
 * the change may be the fix (nodemon's "waiting for file changes before starting").
 * If it crashes again, the restart policy puts it back in `crashloop` to wait for the next.
 */
export function retryCrashloopOnChange({ onStale, state }: Pick<StaleRestartInput, 'onStale' | 'state'>): boolean {
  return onStale === 'restart' && state === 'crashloop';
}
