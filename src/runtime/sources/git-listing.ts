/**
 * What git is asked about a directory to find its files modified after a moment
 * (git-newest.ts reads the answers), started as one batch. Doctor starts it ahead
 * (startEarly), as soon as stack.yaml's text hints that a scan will be needed, and the
 * scan takes it (takeEarly): git's stat pass then runs while the CLI is still loading
 * the config. A listing nobody took is stopped (stopUnclaimed).
 */
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

export function startGitListing(cwd: string): GitListing {
  const listing = {
    where: startGit(['rev-parse', '--show-toplevel', '--git-path', 'index', '--show-object-format'], cwd),
    dirty: startGit(['diff-files', '--name-only', '-z', '--ignore-submodules=all', '--', '.'], cwd),
    untracked: startGit(['-c', 'core.excludesFile=', 'ls-files', '--others', '--exclude-standard', '-z'], cwd),
  };
  // Outside a work tree all three fail, maybe before anyone asks (a listing started
  // ahead, one stopped after an early answer): whoever reads an output sees its failure.
  for (const git of [listing.where, listing.dirty, listing.untracked]) git.output.catch(() => undefined);
  return listing;
}

export function stopListing(listing: GitListing): void {
  for (const git of [listing.where, listing.dirty, listing.untracked]) git.stop();
}

const early = new Map<string, GitListing>();

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
