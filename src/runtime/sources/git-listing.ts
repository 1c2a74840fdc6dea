/**
 * What git is asked about a directory to find its files modified after a moment
 * (git-newest.ts reads the answers), started as one batch. Doctor starts it ahead
 * (startEarly), as soon as stack.yaml's text hints that a scan will be needed, and the
 * scan takes it (takeEarly): git's stat pass then runs while the CLI is still loading
 * the config. A listing nobody took is stopped (stopUnclaimed).
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { startGit, type RunningGit } from './git-run.js';

export interface GitListing {
  /** Top level, index file, object format. */
  where: RunningGit;
  /** Tracked files whose stat differs from the index's record. */
  dirty: RunningGit;
  /** Untracked files that are not ignored (the global excludes file left out, as the matcher does). */
  untracked: RunningGit;
}

/**
 * git stats the index's files in up to 20 threads (core.preloadIndex, one per 500 entries).
 * On two cores they took the CPU from doctor's one thread, which then did its own work
 * after git was done, with a core idle; one thread each (ls-files does not preload) shares
 * them out. Measured on the 100k-file tree, 2 cores: the full doctor ~5-10% faster
 * (docs/benchmarks.md, "Speed work"). With more cores the threads are spare CPU: kept.
 */
const PRELOAD = availableParallelism() <= 2 ? ['-c', 'core.preloadIndex=false'] : [];

export function startGitListing(cwd: string): GitListing {
  // The long ones first: rev-parse answers in a few milliseconds.
  const dirty = startGit([...PRELOAD, 'diff-files', '--name-only', '-z', '--ignore-submodules=all', '--', '.'], cwd);
  const untracked = startGit(['-c', 'core.excludesFile=', 'ls-files', '--others', '--exclude-standard', '-z'], cwd);
  const listing = { where: startGit(['rev-parse', '--show-toplevel', '--git-path', 'index', '--show-object-format'], cwd), dirty, untracked };
  // Outside a work tree all three fail, maybe before anyone asks (a listing started
  // ahead, one stopped after an early answer): whoever reads an output sees its failure.
  for (const git of [listing.where, listing.dirty, listing.untracked]) git.output.catch(() => undefined);
  return listing;
}

export function stopListing(listing: GitListing): void {
  for (const git of [listing.where, listing.dirty, listing.untracked]) git.stop();
}

/**
 * The listings started ahead, by directory. Kept on globalThis: bin/stack.js starts them
 * from one bundle (cli/doctor-ahead.cjs) and doctor takes them in another (cli/fast-doctor.cjs),
 * each with its own copy of this module.
 */
const AHEAD = Symbol.for('stack.gitListingsAhead');
const early: Map<string, GitListing> = ((globalThis as { [AHEAD]?: Map<string, GitListing> })[AHEAD] ??= new Map());

export function startEarly(cwd: string): void {
  const key = path.resolve(cwd);
  if (!early.has(key)) early.set(key, startGitListing(key));
}

export function takeEarly(cwd: string): GitListing | undefined {
  const key = path.resolve(cwd);
  const listing = early.get(key);
  early.delete(key);
  return listing;
}

export function stopUnclaimed(): void {
  for (const listing of early.values()) stopListing(listing);
  early.clear();
}
