/**
 * The fast lane beside @parcel/watcher: a non-recursive fs.watch of each directory of a
 * service's tree, which hears a write about 1 ms after it. @parcel/watcher batches:
 * every subscription of the process shares one timer, and a change within 500 ms of the
 * last delivery (to any service) waits 50 ms more (its Debounce.cc), which was the floor
 * of the stale mark and of `on_stale: restart` (docs/benchmarks.md, "Speed work").
 *
 * Each watched directory costs an inotify watch (counted against the user's
 * max_user_watches, beside the one @parcel/watcher holds for it) and ~1 KB of the daemon
 * (measured: ~10 µs to set up). So a tree is watched whole only while the directories of
 * every service together stay within a budget; a larger tree gets the directories where
 * changes were seen lately. @parcel/watcher stays the lane that misses nothing: what the
 * fast lane hears first, the watcher reports again later, and watcher.ts drops that copy.
 * Linux only: elsewhere fs.watch has other costs (a descriptor per directory with kqueue),
 * not measured here.
 */
import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** Directories the fast lanes of one daemon may watch, all services together. */
export const FAST_LANE_DIRS = 1000;
/** A tree over the budget: how many of its recently changed directories are watched. */
export const RECENT_DIRS = 32;

let used = 0;
let limit: number | undefined;

/** The budget: FAST_LANE_DIRS, but never more than an eighth of the user's inotify watches. */
function budget(): number {
  if (limit !== undefined) return limit;
  if (process.platform !== 'linux') return (limit = 0);
  let max = Infinity;
  try {
    max = Number(readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim()) || Infinity;
  } catch {
    // Not readable: the fixed budget alone.
  }
  return (limit = Math.min(FAST_LANE_DIRS, Math.floor(max / 8)));
}

interface Watched {
  watcher: FSWatcher;
  /** The directory's inode when the watch began: a watch follows its inode, not its path. */
  ino: number;
}

export class FastLane {
  private readonly dirs = new Map<string, Watched>();
  /** Directories watched as recent (the tree was over the budget), oldest first. */
  private readonly recent: string[] = [];
  private whole = false;
  private closed = false;

  /**
   * `onEvent`: an entry of a watched directory changed (a file, or a directory made or
   * removed); `appeared`: it was made, renamed or removed (fs.watch's 'rename'), not written.
   */
  constructor(private readonly onEvent: (file: string, appeared: boolean) => void) {}

  /** Whether the whole tree is watched (else only recent directories). */
  get wholeTree(): boolean {
    return this.whole;
  }

  /** Watch every one of `dirs`, or none of them when they do not fit in what is left of the budget. */
  watchAll(dirs: readonly string[]): boolean {
    if (this.closed || dirs.length > budget() - used) return false;
    this.whole = true;
    for (const dir of dirs) this.watchDir(dir);
    return true;
  }

  /** A directory made inside the tree, watched whole: watched too, while the budget allows. */
  add(dir: string): void {
    if (this.whole && used < budget()) this.watchDir(dir);
  }

  /** A change was seen in `dir` by the slow lane: watched from now on (a tree over the budget). */
  addRecent(dir: string): void {
    if (this.whole || this.dirs.has(dir)) return;
    if (this.recent.length >= RECENT_DIRS) this.unwatch(this.recent.shift()!);
    if (used >= budget()) return;
    if (this.watchDir(dir)) this.recent.push(dir);
  }

  /** Whether changes in `dir` come through this lane. */
  covers(dir: string): boolean {
    return this.dirs.has(dir);
  }

  close(): void {
    this.closed = true;
    for (const dir of [...this.dirs.keys()]) this.unwatch(dir);
    this.recent.length = 0;
  }

  private watchDir(dir: string): boolean {
    if (this.closed || this.dirs.has(dir)) return this.dirs.has(dir);
    try {
      const ino = statSync(dir).ino;
      // Not persistent: a watch must not keep `stack up --foreground` alive after Ctrl-C.
      const watcher = watch(dir, { persistent: false }, (event, name) => this.heard(dir, event, name));
      watcher.on('error', () => this.unwatch(dir));
      this.dirs.set(dir, { watcher, ino });
      used++;
      return true;
    } catch {
      // Gone already, unreadable, or out of inotify watches (ENOSPC): the slow lane has it.
      return false;
    }
  }

  private heard(dir: string, event: string, name: string | Buffer | null): void {
    if (this.closed) return;
    if (event === 'rename' && !this.stillThere(dir)) return this.unwatch(dir);
    // Without a name, which entry changed is not known: the slow lane reports it.
    if (name !== null) this.onEvent(path.join(dir, name.toString()), event === 'rename');
  }

  /** The directory is still the one watched (not removed, not renamed away, not replaced). */
  private stillThere(dir: string): boolean {
    const watched = this.dirs.get(dir);
    try {
      return watched !== undefined && statSync(dir).ino === watched.ino;
    } catch {
      return false;
    }
  }

  private unwatch(dir: string): void {
    const watched = this.dirs.get(dir);
    if (!watched) return;
    watched.watcher.close();
    this.dirs.delete(dir);
    used--;
    const i = this.recent.indexOf(dir);
    if (i >= 0) this.recent.splice(i, 1);
  }
}

/** For tests: the budget as a number, and how much of it is in use. */
export function fastLaneBudget(): { limit: number; used: number } {
  return { limit: budget(), used };
}
