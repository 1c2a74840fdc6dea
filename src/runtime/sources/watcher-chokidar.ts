/**
 * The fallback watcher (see watcher.ts), for platforms without a @parcel/watcher build:
 * a chokidar watcher over the service's cwd that never
 * enters pruned directories (node_modules, .git, .stack, .gitignore'd, outside the
 * globs) and reports each add, change and unlink of a source file as it happens — no
 * write-finish wait and no polling, so a save is seen within a fraction of a second.
 *
 * One watcher per service. Services sharing a cwd and globs could share one; chokidar
 * already shares the underlying fs.watch handles between watchers in a process, so a
 * second watcher over the same tree costs a directory walk and some memory, not OS watches.
 */
import type { Stats } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { createSourceMatcher, type SourceMatcher } from './matcher.js';
import { relativeTo } from './relative.js';
import { asError, mtimeOf, type SourceChange, type SourceWatcher, type SourceWatcherOptions } from './watcher-types.js';

const EVENTS = ['add', 'change', 'unlink'] as const;

export class ChokidarWatcher implements SourceWatcher {
  private constructor(
    private readonly watcher: FSWatcher,
    readonly cwd: string,
  ) {}

  /** Resolves once the tree has been walked and every later change will be reported. */
  static async start(
    cwd: string,
    globs: readonly string[],
    onChange: (change: SourceChange) => void,
    options: SourceWatcherOptions = {},
  ): Promise<ChokidarWatcher> {
    const matcher = createSourceMatcher(cwd, globs);
    const watcher = watch(matcher.cwd, {
      ignoreInitial: true,
      ignored: (file, stats) => isPruned(matcher, file, stats),
      // A symlink could lead out of cwd or into a dependency tree: watch the link, not its target.
      followSymlinks: false,
      persistent: true,
    });
    // An 'error' event nobody listens to would throw and take the daemon down.
    watcher.on('error', (error) => options.onError?.(asError(error)));
    for (const event of EVENTS) {
      watcher.on(event, (file, stats) => {
        if (path.basename(file) === '.gitignore') matcher.reset();
        if (!matcher.isWatched(file)) return;
        const change = { path: relativeTo(matcher.cwd, file) ?? file, mtimeMs: mtimeOf(event, file, stats), event };
        try {
          onChange(change);
        } catch (error) {
          // Thrown into chokidar's emitter, it would end watching for every later change.
          options.onError?.(asError(error));
        }
      });
    }
    await new Promise<void>((resolve) => watcher.once('ready', resolve));
    return new ChokidarWatcher(watcher, matcher.cwd);
  }

  /** Directories under watch, relative to cwd ('' for cwd): for diagnostics and tests. */
  watchedDirectories(): string[] {
    return Object.keys(this.watcher.getWatched())
      .map((dir) => relativeTo(this.cwd, dir))
      .filter((dir): dir is string => dir !== null)
      .sort();
  }

  async close(): Promise<void> {
    this.watcher.removeAllListeners();
    // Late errors from handles being torn down must not become unhandled 'error' events.
    this.watcher.on('error', () => {});
    await this.watcher.close();
  }
}

/**
 * chokidar asks before it reads or watches anything, sometimes before it knows what the
 * path is: then only what is excluded as a directory *and* as a file can be skipped.
 */
function isPruned(matcher: SourceMatcher, file: string, stats: Stats | undefined): boolean {
  if (file === matcher.cwd) return false;
  if (!stats) return !matcher.isWatched(file) && matcher.isIgnoredDir(file);
  return stats.isDirectory() ? matcher.isIgnoredDir(file) : !matcher.isWatched(file);
}
