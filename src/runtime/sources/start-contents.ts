/**
 * The content a service's process started with: from git where cwd is in a repository
 * (git-start.ts), else hashed at start within a budget (hashed-start.ts). Taken right
 * after the spawn, while the process boots; changes seen before it is ready wait for it.
 */
import { createSourceMatcher } from './matcher.js';
import { gitStartContents } from './git-start.js';
import { hashedStartContents } from './hashed-start.js';
import type { StartContents } from './start-content-types.js';

export type { StartContent, StartContents, StaleBy } from './start-content-types.js';
export { unknownStart } from './start-content-types.js';

export interface StartContentsInput {
  cwd: string;
  globs: readonly string[];
  loadedUntil: number;
  /** A file of this process's own (the kept git index). */
  snapshotFile: string;
}

export async function takeStartContents(input: StartContentsInput): Promise<StartContents> {
  const matcher = createSourceMatcher(input.cwd, input.globs);
  const fromGit = await gitStartContents({
    cwd: input.cwd,
    isSource: (file) => matcher.isWatched(file),
    loadedUntil: input.loadedUntil,
    snapshotFile: input.snapshotFile,
  });
  return fromGit ?? hashedStartContents(input);
}
