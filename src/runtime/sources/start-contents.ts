/**
 * The content a service's process started with: from git where cwd is in a repository
 * (git-start.ts), else hashed at start within a budget (hashed-start.ts). Taken right
 * after the spawn, while the process boots; changes seen before it is ready wait for it.
 */
import { createSourceMatcher } from './matcher.js';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gitContents, gitStartContents } from './git-start.js';
import { hashedContents, hashedStartContents } from './hashed-start.js';
import type { SavedStartContents, StartContents } from './start-content-types.js';

export type { SavedStartContents, StartContent, StartContents, StaleBy } from './start-content-types.js';
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

/**
 * Kept beside the process (`file`), so that a new daemon that re-adopts it (after a crash or
 * an upgrade) goes on judging it by content. `startedAt` names the process it is about.
 */
export function saveStartContents(file: string, startedAt: number, contents: StartContents): void {
  if (!contents.saved) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(`${file}.tmp`, JSON.stringify({ startedAt, contents: contents.saved }));
    renameSync(`${file}.tmp`, file);
  } catch {
    // not kept: a new daemon falls back to mtimes for this process
  }
}

/** What was kept for the process started at `startedAt`, or null (another process, nothing kept, unreadable). */
export function loadStartContents(file: string, startedAt: number): StartContents | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { startedAt?: unknown; contents?: SavedStartContents };
    const saved = data.contents;
    if (data.startedAt !== startedAt || !saved || !Array.isArray(saved.known)) return null;
    if (saved.kind === 'git' && typeof saved.snapshotFile === 'string') return gitContents(saved);
    if (saved.kind === 'hashed') return hashedContents(saved);
  } catch {
    // nothing kept
  }
  return null;
}
