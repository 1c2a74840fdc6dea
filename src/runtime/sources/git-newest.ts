/**
 * Source files modified after a moment, in a git work tree, with git doing the stat pass
 * (DESIGN §8, "Scanning a foreign process's sources"). The answer is the Node walk's
 * (scan.ts: every source whose mtime is later), found with far fewer stats of our own:
 *
 * - `git diff-files` stats every tracked file (in parallel threads, in native code) and
 *   lists those whose stat differs from what the index recorded: modified, touched,
 *   deleted. Each is stat'ed here.
 * - A tracked file it does not list has the mtime the index recorded, read from the index
 *   file itself (git-index.ts): only those recorded later than the moment are stat'ed
 *   (a file edited, then added or committed after it), plus the few whose stat git does
 *   not follow (symlinks, whose target's mtime counts here; assume-unchanged, skip-worktree).
 * - `git ls-files --others --exclude-standard` lists the untracked files that are not
 *   ignored: each is stat'ed.
 *
 * All with GIT_OPTIONAL_LOCKS=0 (git-run.ts): git never writes the index here. Every path
 * still passes the service's matcher, so globs, node_modules/.git/.stack and .gitignore
 * are decided as in the walk; the user's global excludes file is left out of git's rules
 * for the same reason (the matcher does not read it). Where the walk's answer cannot be
 * had this way, the result is `unsupported` with the reason, and the caller walks: no git
 * or no work tree, a cwd the repository ignores, an index git-index.ts does not read, a
 * submodule or another repository inside cwd.
 */
import { readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { readIndex } from './git-index.js';
import { startGitListing, stopListing, takeEarly, type GitListing } from './git-listing.js';
import { createSourceMatcher } from './matcher.js';
import { NewestFiles, type SourceFile } from './newest-files.js';
import { relativeTo, toPosix } from './relative.js';

export type GitScan = { kind: 'files'; files: SourceFile[]; scanned: number } | { kind: 'unsupported'; reason: string };

export interface GitScanOptions {
  /** Epoch ms; only files modified strictly later count. */
  since: number;
  /** At most this many files are returned, newest first. */
  limit: number;
  /** Only whether there is one: stop at the first newer file (the index's are looked at before git's lists are in). */
  firstHit?: boolean;
}

export async function gitNewestSources(
  cwd: string,
  globs: readonly string[],
  options: GitScanOptions,
  listing: GitListing = takeEarly(cwd) ?? startGitListing(cwd),
): Promise<GitScan> {
  try {
    return await scan(path.resolve(cwd), globs, options, listing);
  } finally {
    stopListing(listing);
  }
}

async function scan(root: string, globs: readonly string[], { since, limit, firstHit = false }: GitScanOptions, listing: GitListing): Promise<GitScan> {
  let where: string[];
  try {
    where = (await listing.where.output).split('\n');
  } catch {
    return unsupported('not in a git work tree (or no git)');
  }
  const [shownTop = '', indexFile = '', format = ''] = where;
  const hashBytes = format === 'sha1' ? 20 : format === 'sha256' ? 32 : 0;
  if (!shownTop || !indexFile || hashBytes === 0) return unsupported(`git rev-parse said ${JSON.stringify(where.join(' '))}`);
  // git shows `C:/x` on Windows.
  const top = path.resolve(shownTop);
  const matcher = createSourceMatcher(root, globs);
  const real = realpathQuietly(root);
  if (real === null || realpathQuietly(matcher.rulesRoot) !== top) return unsupported('the repository ignores this directory');
  const fromTop = relativeTo(top, real);
  if (fromTop === null) return unsupported('the directory is outside the work tree');
  const prefix = fromTop === '' ? '' : `${fromTop}/`;

  const newest = new NewestFiles(limit);
  const seen = new Set<string>();
  let hit = false;
  /** Stats one path (absolute); true once firstHit has its answer. */
  const visit = (file: string): boolean => {
    if (seen.has(file)) return false;
    seen.add(file);
    if (!matcher.isWatched(file)) return false;
    const stats = statQuietly(file);
    if (!stats?.isFile() || stats.mtimeMs <= since) return false;
    newest.offer(file, stats.mtimeMs);
    return (hit = firstHit);
  };
  const underRoot = (name: string) => path.join(root, name.slice(prefix.length));

  const index = readIndexFile(path.resolve(root, indexFile));
  if (index instanceof Error) return unsupported(`the index could not be read: ${index.message}`);
  const reading = index === null ? { kind: 'entries' as const, candidates: [], total: 0 } : readIndex(index, { hashBytes, prefix, since });
  if (reading.kind === 'unsupported') return reading;
  for (const name of reading.candidates) if (visit(underRoot(name))) return done(root, newest, reading.total);

  let dirty: string[];
  let untracked: string[];
  try {
    [dirty, untracked] = (await Promise.all([listing.dirty.output, listing.untracked.output])).map(namesOf) as [string[], string[]];
  } catch (error) {
    return unsupported(error instanceof Error ? error.message : String(error));
  }
  const repository = untracked.find((name) => name.endsWith('/'));
  if (repository !== undefined) return unsupported(`a git repository inside it, at ${repository}`);
  for (const name of dirty) if (name.startsWith(prefix) && visit(underRoot(name))) break;
  // ls-files names untracked files from cwd.
  if (!hit) for (const name of untracked) if (visit(path.join(root, name))) break;
  return done(root, newest, reading.total + untracked.length);
}

function done(root: string, newest: NewestFiles, scanned: number): GitScan {
  const files = newest.take().map(({ path: file, mtimeMs }) => ({ path: relativeTo(root, file) ?? toPosix(file), mtimeMs }));
  return { kind: 'files', files, scanned };
}

function unsupported(reason: string): GitScan {
  return { kind: 'unsupported', reason };
}

function namesOf(output: string): string[] {
  return output.split('\0').filter((name) => name !== '');
}

/** null when there is no index yet (a repository with nothing added): nothing is tracked. */
function readIndexFile(file: string): Buffer | Error | null {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return error instanceof Error ? error : new Error(String(error));
  }
}

function realpathQuietly(dir: string): string | null {
  try {
    return realpathSync(dir);
  } catch {
    return null;
  }
}

/** A file deleted since git listed it, a dangling symlink or an unreadable entry is no source. */
function statQuietly(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
