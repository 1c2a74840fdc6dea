/**
 * The sources of a process stack did not start that changed after it started (a foreign
 * process on a service's port: no watcher followed it). In a git work tree git does the
 * stat pass (git-newest.ts); where that cannot answer, the tree is walked (scan.ts). Both
 * give the same files: every source whose mtime is later than `since`.
 */
import { gitNewestSources } from './git-newest.js';
import { newestSourceFiles, type NewestSourcesResult } from './scan.js';

export interface ChangedSinceOptions {
  since: number;
  limit: number;
  /** Whether any changed is all that is asked: stop at the first. */
  firstHit?: boolean;
}

export async function sourcesChangedSince(cwd: string, globs: readonly string[], options: ChangedSinceOptions): Promise<NewestSourcesResult> {
  if (process.env.STACK_SCAN !== 'walk') {
    const found = await gitNewestSources(cwd, globs, options);
    if (found.kind === 'files') return { files: found.files, scanned: found.scanned };
    if (process.env.STACK_DEBUG === '1') console.error(`scanning ${cwd} without git: ${found.reason}`);
  }
  return newestSourceFiles(cwd, globs, options);
}
