/**
 * Live changes to one service's sources, reported as they happen (no polling, no
 * write-finish wait): each add, change and unlink of a file the matcher counts as a
 * source.
 *
 * @parcel/watcher does the watching: one OS watch per *directory* (inotify, FSEvents,
 * ReadDirectoryChangesW), its crawl in native code off the event loop. chokidar keeps one
 * watch per *file* from JavaScript: on a 100k-file tree it took 9 s and ~700 MB, and the
 * daemon did not answer `status` for 11 s after `up` (bench/, doctor scenario). Where no
 * @parcel/watcher build exists for the platform, chokidar is the fallback.
 *
 * The directories the matcher prunes (node_modules, .git, .stack, outside the globs,
 * .gitignore'd) are not watched at all; everything else is filtered here.
 *
 * Beside it runs a fast lane (fast-lane.ts: fs.watch of each directory, within a budget),
 * since @parcel/watcher holds a change back 50 ms when another came within 500 ms. A
 * change is reported by whichever lane hears it first; the other lane's report of the
 * same file in the same state (its stat unchanged) is dropped.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { AsyncSubscription, BackendType, Event } from '@parcel/watcher';
import { fdir } from 'fdir';
import { FastLane } from './fast-lane.js';
import { createSourceMatcher, type SourceMatcher } from './matcher.js';
import { relativeTo } from './relative.js';
import { asError, mtimeOf, type SourceChange, type SourceWatcher, type SourceWatcherOptions } from './watcher-types.js';

export type { SourceChange, SourceWatcher, SourceWatcherOptions } from './watcher-types.js';

type Parcel = typeof import('@parcel/watcher');

let parcel: Promise<Parcel | null> | undefined;

/** The native watcher, or null where it has no build (then chokidar serves). */
function loadParcel(): Promise<Parcel | null> {
  parcel ??= import('@parcel/watcher').then(
    (module) => ((module as { default?: Parcel }).default ?? module) as Parcel,
    () => null,
  );
  return parcel;
}

/** Resolves once every later change under cwd will be reported. */
export async function watchSources(
  cwd: string,
  globs: readonly string[],
  onChange: (change: SourceChange) => void,
  options: SourceWatcherOptions = {},
): Promise<SourceWatcher> {
  const native = await loadParcel();
  if (!native) {
    const { ChokidarWatcher } = await import('./watcher-chokidar.js');
    return ChokidarWatcher.start(cwd, globs, onChange, options);
  }
  return ParcelWatcher.start(native, cwd, globs, onChange, options);
}

/** How many files' last reported state are remembered to drop the other lane's copy. */
const REPORTED_LIMIT = 10_000;

class ParcelWatcher implements SourceWatcher {
  private closed = false;
  private subscription: AsyncSubscription | null = null;
  private readonly fast = new FastLane((file, appeared) => this.heardFast(file, appeared));
  /** Each file's state when a lane last reported it ('absent', or inode, size and mtime). */
  private readonly reported = new Map<string, string>();

  private constructor(
    private readonly matcher: SourceMatcher,
    private readonly onChange: (change: SourceChange) => void,
    private readonly options: SourceWatcherOptions,
  ) {}

  get cwd(): string {
    return this.matcher.cwd;
  }

  static async start(
    native: Parcel,
    cwd: string,
    globs: readonly string[],
    onChange: (change: SourceChange) => void,
    options: SourceWatcherOptions,
  ): Promise<ParcelWatcher> {
    const watcher = new ParcelWatcher(createSourceMatcher(cwd, globs), onChange, options);
    const { ignored, watched } = await walkDirs(watcher.matcher);
    watcher.subscription = await native.subscribe(watcher.cwd, (error, events) => watcher.deliver(error, events), {
      ignore: ignored,
      backend: nativeBackend(),
    });
    if (!watcher.closed) watcher.fast.watchAll(watched);
    return watcher;
  }

  private deliver(error: Error | null, events: Event[]): void {
    if (this.closed) return;
    if (error) {
      // The watched directory itself went away: nothing left to report, not a fault.
      if (!this.rootExists()) return;
      this.options.onError?.(asError(error));
      return;
    }
    if (events.some((e) => path.basename(e.path) === '.gitignore')) this.matcher.reset();
    for (const { type, path: file } of events) {
      if (type === 'create' && isDirectory(file)) {
        this.newDirectory(file);
        continue;
      }
      const dir = path.dirname(file);
      const covered = this.fast.covers(dir);
      this.report(type === 'create' ? 'add' : type === 'update' ? 'change' : 'unlink', file, covered);
      // A tree too big to watch whole: where one change was seen, the next is heard at once.
      if (!covered && this.matcher.isWatched(file)) this.fast.addRecent(dir);
    }
  }

  /** The fast lane heard of `file`: a file written, made or removed, or a new directory. */
  private heardFast(file: string, appeared: boolean): void {
    if (this.closed) return;
    if (path.basename(file) === '.gitignore') this.matcher.reset();
    // A write to a file that is no source (a log beside the code) costs no stat.
    if (!appeared && !this.matcher.isWatched(file)) return;
    const stats = statOf(file);
    if (stats?.isDirectory()) return this.newDirectory(file);
    this.report(appeared ? 'add' : 'change', file, false, stats);
  }

  /**
   * Files written into a new directory before its watch was set up are not reported by
   * the OS: report what is already in it.
   */
  private newDirectory(dir: string): void {
    if (this.matcher.isIgnoredDir(dir)) return;
    this.fast.add(dir);
    for (const inside of this.filesUnder(dir)) this.report('add', inside, true);
  }

  /**
   * `dedupe`: the other lane may have reported this already; if the file is as it was then,
   * this is the same change again.
   */
  private report(event: SourceChange['event'], file: string, dedupe: boolean, known?: Stats | null): void {
    if (!this.matcher.isWatched(file)) return;
    const stats = known === undefined ? statOf(file) : known;
    const state = stats ? `${stats.ino}:${stats.size}:${stats.mtimeMs}` : 'absent';
    if (dedupe && this.reported.get(file) === state) return;
    if (this.reported.size >= REPORTED_LIMIT) this.reported.clear();
    this.reported.set(file, state);
    const seen = stats ? event : 'unlink';
    try {
      this.onChange({ path: relativeTo(this.cwd, file) ?? file, mtimeMs: mtimeOf(seen, file, stats ?? undefined), event: seen });
    } catch (handlerError) {
      this.options.onError?.(asError(handlerError));
    }
  }

  /** The files in a new directory, not entering what cannot hold sources (a fresh node_modules). */
  private filesUnder(dir: string): string[] {
    if (this.matcher.isIgnoredDir(dir)) return [];
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return [];
    }
    return entries.flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? this.filesUnder(full) : [full];
    });
  }

  private rootExists(): boolean {
    try {
      readdirSync(this.cwd);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.fast.close();
    await this.subscription?.unsubscribe().catch(() => undefined);
  }
}

function isDirectory(file: string): boolean {
  return statOf(file)?.isDirectory() ?? false;
}

function statOf(file: string): Stats | null {
  try {
    return statSync(file, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

/**
 * What not to watch at all, as exact paths: every directory the matcher prunes
 * (node_modules, .git and .stack at any depth, .gitignore'd directories, those outside the
 * globs), found by a walk of the directories that never enters one. Paths, not globs:
 * @parcel/watcher tests every path of its crawl against each glob's regex, which made its
 * crawl of a 100k-file tree 3× slower (0.35 s → 1.0–1.5 s of CPU). A directory pruned
 * later (a new node_modules) is watched after all; its events are filtered here.
 * `watched`: the directories the walk entered (cwd included), for the fast lane.
 */
async function walkDirs(matcher: SourceMatcher): Promise<{ ignored: string[]; watched: string[] }> {
  const ignored: string[] = [];
  const trim = (dir: string) => (dir.length > 1 ? dir.replace(/[\\/]+$/, '') : dir);
  const entered = await new fdir()
    .onlyDirs()
    .withFullPaths()
    .exclude((_name, dirPath) => {
      if (!matcher.isIgnoredDir(dirPath)) return false;
      ignored.push(trim(dirPath));
      return true;
    })
    .crawl(matcher.cwd)
    .withPromise();
  return { ignored, watched: entered.map(trim) };
}

/**
 * The OS's own notification API, named: left to choose, @parcel/watcher first tries
 * Watchman by running `sh -c "watchman …"`, and never reaps that shell (one zombie per
 * daemon); where Watchman is installed, stack would quietly depend on it too.
 */
function nativeBackend(): BackendType | undefined {
  switch (process.platform) {
    case 'linux':
      return 'inotify';
    case 'darwin':
      return 'fs-events';
    case 'win32':
      return 'windows';
    default:
      return undefined;
  }
}
