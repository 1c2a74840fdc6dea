/**
 * One-shot scans of a service's sources, for when no daemon watches them: doctor without
 * a daemon, and priming staleness when the daemon adopts a process it did not start.
 *
 * fdir lists the tree (never entering pruned directories), then files are stat'ed
 * synchronously in batches: measured 2× faster than promise stats on 100k files
 * (DESIGN §6), while yielding between batches keeps a daemon's event loop responsive.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fdir } from 'fdir';
import { createSourceMatcher, type SourceMatcher } from './matcher.js';

export interface SourceFile {
  /** Relative to the service's cwd, with `/` separators. */
  path: string;
  mtimeMs: number;
}

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

const STAT_BATCH = 2048;

export async function newestSourceFiles(
  cwd: string,
  globs: readonly string[],
  { since, limit }: NewestSourcesOptions,
): Promise<NewestSourcesResult> {
  const matcher = createSourceMatcher(cwd, globs);
  const paths = await listSources(matcher);
  const newer: SourceFile[] = [];
  await statInBatches(paths, (file, mtimeMs) => {
    if (mtimeMs > since) newer.push({ path: relativePath(matcher.cwd, file), mtimeMs });
    return false;
  });
  newer.sort(newestFirst);
  return { files: newer.slice(0, Math.max(0, limit)), scanned: paths.length };
}

/** Whether any source file was modified after `since`; stops at the first that was. */
export async function anySourceNewerThan(cwd: string, globs: readonly string[], since: number): Promise<boolean> {
  const paths = await listSources(createSourceMatcher(cwd, globs));
  return statInBatches(paths, (_file, mtimeMs) => mtimeMs > since);
}

function listSources(matcher: SourceMatcher): Promise<string[]> {
  return new fdir()
    .withFullPaths()
    .exclude((_name, dirPath) => matcher.isIgnoredDir(dirPath))
    .filter((file) => matcher.isWatched(file))
    .crawl(matcher.cwd)
    .withPromise();
}

/** Calls `visit` with each regular file's mtime until it returns true; returns whether it did. */
async function statInBatches(paths: string[], visit: (file: string, mtimeMs: number) => boolean): Promise<boolean> {
  for (let start = 0; start < paths.length; start += STAT_BATCH) {
    if (start > 0) await nextTurn();
    const end = Math.min(paths.length, start + STAT_BATCH);
    for (let i = start; i < end; i++) {
      const file = paths[i] as string;
      const stats = statQuietly(file);
      if (stats?.isFile() && visit(file, stats.mtimeMs)) return true;
    }
  }
  return false;
}

/** A file deleted since the listing, a dangling symlink or an unreadable entry is no source. */
function statQuietly(file: string) {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function relativePath(cwd: string, file: string): string {
  const rel = file.startsWith(cwd + path.sep) ? file.slice(cwd.length + 1) : path.relative(cwd, file);
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

function newestFirst(a: SourceFile, b: SourceFile): number {
  return b.mtimeMs - a.mtimeMs || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
