/**
 * One-shot scans of a service's sources, for when no daemon watches them: doctor without
 * a daemon, and priming staleness when the daemon adopts a process it did not start.
 *
 * fdir walks the tree, never entering a pruned directory, and each directory's sources
 * are stat'ed synchronously as its listing arrives: sync stats measured 2× faster than
 * promise stats on 100k files (DESIGN §6), and the event loop still gets a turn between
 * directories. A yes/no question stops the walk at the first newer file.
 * Also measured on 100k files, 2 cores, and not worth it: callback stats on the libuv
 * threadpool (2–3× slower than sync: one callback per file on this thread), a worker
 * thread stat-ing batches while this one walks (no gain past noise with other load on the
 * machine, plus its start-up and a second bundle entry), and chdir into each directory to
 * stat basenames (~20% off the stats alone, but chdir is process-wide).
 */
import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { fdir } from 'fdir';
import { createSourceMatcher } from './matcher.js';
import { NewestFiles, type SourceFile } from './newest-files.js';
import { relativeTo } from './relative.js';

export type { SourceFile } from './newest-files.js';

export interface NewestSourcesOptions {
  /** Epoch ms; only files modified strictly later count. */
  since: number;
  /** At most this many files are returned, newest first. */
  limit: number;
}

export interface NewestSourcesResult {
  files: SourceFile[];
  /** How many source files were looked at. */
  scanned: number;
}

/** Source files under cwd modified after `since`, newest first. */
export async function newestSourceFiles(
  cwd: string,
  globs: readonly string[],
  { since, limit }: NewestSourcesOptions,
): Promise<NewestSourcesResult> {
  const newest = new NewestFiles(limit);
  const root = path.resolve(cwd);
  const scanned = await walkSources(root, globs, (file, mtimeMs) => {
    if (mtimeMs > since) newest.offer(file, mtimeMs);
    return false;
  });
  const files = newest.take().map(({ path: file, mtimeMs }) => ({ path: relativeTo(root, file) ?? file, mtimeMs }));
  return { files, scanned };
}

/** Whether any source file was modified after `since`; stops at the first that was. */
export async function anySourceNewerThan(cwd: string, globs: readonly string[], since: number): Promise<boolean> {
  let found = false;
  await walkSources(path.resolve(cwd), globs, (_file, mtimeMs) => (found = mtimeMs > since));
  return found;
}

/**
 * Whether cwd holds any source file at all. Depth first, one directory listing at a time,
 * without a stat unless an entry is a symlink: in a project that has one, the answer is
 * usually the first listing (a walk in parallel had listed much of the tree by then).
 */
export async function anySourceFile(cwd: string, globs: readonly string[]): Promise<boolean> {
  const root = path.resolve(cwd);
  const matcher = createSourceMatcher(root, globs);
  const pending = [root];
  for (let listed = 1; pending.length > 0; listed++) {
    const dir = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    const subdirs: string[] = [];
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!matcher.isIgnoredDir(file)) subdirs.push(file);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && matcher.isWatched(file)) {
        // A symlink counts as the walk counts it: when it leads to a file.
        if (entry.isFile() || statQuietly(file)?.isFile()) return true;
      }
    }
    pending.push(...subdirs.reverse());
    // A tree with no source at all is listed to the end: the other checks' sockets get their turns.
    if (listed % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}

/**
 * Calls `visit` with every source file's absolute path and mtime until it returns true,
 * which ends the walk. Resolves to the number of files visited.
 */
export async function walkSources(
  root: string,
  globs: readonly string[],
  visit: (file: string, mtimeMs: number) => boolean,
): Promise<number> {
  const matcher = createSourceMatcher(root, globs);
  const stop = new AbortController();
  let visited = 0;
  await new fdir()
    .withFullPaths()
    .withAbortSignal(stop.signal)
    .exclude((_name, dirPath) => matcher.isIgnoredDir(dirPath))
    .filter((file) => {
      // The rest of a directory's listing still comes through after an abort.
      if (stop.signal.aborted || !matcher.isWatched(file)) return false;
      const stats = statQuietly(file);
      if (!stats?.isFile()) return false;
      visited++;
      if (visit(file, stats.mtimeMs)) stop.abort();
      return false;
    })
    .crawl(root)
    .withPromise();
  return visited;
}

/** A file deleted since its directory was listed, a dangling symlink or an unreadable entry is no source. */
function statQuietly(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
