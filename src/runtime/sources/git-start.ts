/**
 * The content a process started with, from git (DESIGN §8, "Stale by content"). At the
 * start, git's index is kept as it is (a hard link: git replaces the index by renaming a
 * new file over it, so the linked one never changes), and `git status` against that copy
 * says which files differed from it. A file that did not is what the index says: its blob
 * id is looked up only when the file changes (read from the kept index, git-index-ids.ts, or
 * where that cannot be read, `git cat-file --batch-check`, one call per burst), so nothing
 * per file is held in memory. The few that did differ, and untracked files, are hashed
 * now, within a budget.
 *
 * `git status` runs with GIT_OPTIONAL_LOCKS=0, so it never writes the index (which would
 * race with the user's own git commands) and stats the tree in git's native code, in
 * parallel threads: ~0.2–0.5 s on 100k files, concurrently with the service's boot.
 */
import { copyFileSync, linkSync, mkdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { hashFile } from './content-id.js';
import { readIndexEntries } from './git-index-ids.js';
import { runGit } from './git-run.js';
import type { SavedStartContents, StartContent, StartContents } from './start-content-types.js';

/** Changed or untracked files hashed at start, at most. */
export const START_HASH_FILES = 2000;
export const START_HASH_BYTES = 64 * 1024 * 1024;

export interface GitStartInput {
  cwd: string;
  /** Whether an absolute path is one of the service's sources (only those are hashed). */
  isSource: (file: string) => boolean;
  /** Epoch ms: a file modified later than this was not what the process loaded. */
  loadedUntil: number;
  /** Where the index is kept for this process. */
  snapshotFile: string;
}

/** What git says, or null when cwd is in no git repository (or there is no git). */
export async function gitStartContents(input: GitStartInput): Promise<StartContents | null> {
  const { cwd, snapshotFile } = input;
  let top: string;
  let index: string;
  try {
    [top = '', index = ''] = (await runGit(['rev-parse', '--show-toplevel', '--git-path', 'index'], cwd)).split('\n');
  } catch {
    return null;
  }
  if (!top) return null;
  keepIndex(path.resolve(cwd, index), snapshotFile);
  // git names files from its top level, with symlinks resolved; the watcher from cwd as given.
  const real = realpathSync(cwd);
  const fromTop = (name: string) => path.join(cwd, path.relative(real, path.join(top, name)));
  const env = { GIT_INDEX_FILE: snapshotFile };
  let listing: string;
  try {
    listing = await runGit(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--ignore-submodules=all', '--', '.'], cwd, { env });
  } catch {
    return null;
  }
  const known = new Map<string, StartContent>();
  const unknown: string[] = [];
  let files = 0;
  let bytes = 0;
  for (const entry of listing.split('\0')) {
    if (entry.length < 4) continue;
    const worktree = entry[1];
    const file = fromTop(entry.slice(3));
    if (worktree === ' ' || !input.isSource(file)) continue;
    if (worktree === 'D') {
      known.set(file, { kind: 'absent' });
      continue;
    }
    const content = files < START_HASH_FILES && bytes < START_HASH_BYTES ? contentNow(file, input.loadedUntil) : null;
    files++;
    if (content?.kind === 'content') bytes += content.size ?? 0;
    if (content && content.kind !== 'unknown') known.set(file, content);
    else unknown.push(file);
  }
  for (const file of unknown) known.set(file, { kind: 'unknown' });
  return gitContents({
    kind: 'git',
    by: unknown.length === 0 ? 'content' : 'mtime',
    reason: unknown.length === 0 ? null : unknownReason(unknown, cwd),
    cwd,
    top,
    real,
    snapshotFile,
    known: [...known],
  });
}

/** The lookups over what git said at the start (also for a new daemon, from the saved data). */
export function gitContents(saved: Extract<SavedStartContents, { kind: 'git' }>): StartContents {
  const { cwd, top, real, snapshotFile } = saved;
  const known = new Map(saved.known);
  const toTop = (file: string) => path.relative(top, path.join(real, path.relative(cwd, file))).split(path.sep).join('/');
  const inside = (file: string) => isInside(cwd, file);
  return {
    by: saved.by,
    reason: saved.reason,
    saved,
    lookup: async (wanted) => {
      const result = new Map<string, StartContent>();
      const ask: string[] = [];
      for (const file of wanted) {
        const found = known.get(file);
        if (found) result.set(file, found);
        // `git status` looked at cwd only: elsewhere, whether a file was clean is not known.
        else if (!inside(file)) result.set(file, { kind: 'unknown' });
        else ask.push(file);
      }
      if (ask.length > 0) for (const [file, content] of await indexBlobs(top, snapshotFile, ask, toTop)) result.set(file, content);
      return result;
    },
  };
}

/** The blob each file had in the kept index; a file it does not list was not there at the start (or is ignored). */
async function indexBlobs(
  top: string,
  snapshotFile: string,
  files: readonly string[],
  toTop: (file: string) => string,
): Promise<Map<string, StartContent>> {
  const result = new Map<string, StartContent>();
  const names = files.map(toTop);
  const read = readIndexEntries(snapshotFile, names);
  if (read) {
    files.forEach((file, i) => {
      // No size: the index's is the work tree file's at its last refresh, and git zeroes it
      // for an entry it wrote racily clean; the content id alone decides.
      const id = read.get(names[i]!);
      result.set(file, id ? { kind: 'content', id } : { kind: 'absent' });
    });
    return result;
  }
  let out: string;
  try {
    out = await runGit(['cat-file', '--batch-check'], top, { env: { GIT_INDEX_FILE: snapshotFile }, input: names.map((n) => `:${n}\n`).join('') });
  } catch {
    for (const file of files) result.set(file, { kind: 'unknown' });
    return result;
  }
  const lines = out.split('\n');
  files.forEach((file, i) => {
    const [id, type, size] = (lines[i] ?? '').split(' ');
    if (type === 'blob' && id) result.set(file, { kind: 'content', id, size: Number(size) });
    else if (type === 'missing') result.set(file, { kind: 'absent' });
    else result.set(file, { kind: 'unknown' });
  });
  return result;
}

/**
 * A changed or untracked file's content now, which is its content at the start unless it
 * was modified after the start (then unknown).
 */
function contentNow(file: string, loadedUntil: number): StartContent {
  const hashed = hashFile(file);
  if (hashed) return hashed.mtimeMs <= loadedUntil ? { kind: 'content', id: hashed.id, size: hashed.size } : { kind: 'unknown' };
  return statSync(file, { throwIfNoEntry: false }) ? { kind: 'unknown' } : { kind: 'absent' };
}

/** Links (or, across file systems, copies) the index; with none yet, the kept one is absent too (an empty index). */
function keepIndex(index: string, snapshotFile: string): void {
  mkdirSync(path.dirname(snapshotFile), { recursive: true, mode: 0o700 });
  rmSync(snapshotFile, { force: true });
  try {
    linkSync(index, snapshotFile);
  } catch {
    try {
      copyFileSync(index, snapshotFile);
    } catch {
      // No index yet: nothing is tracked.
    }
  }
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function unknownReason(unknown: readonly string[], cwd: string): string {
  const first = path.relative(cwd, unknown[0]!).split(path.sep).join('/');
  const others = unknown.length > 1 ? ` and ${unknown.length - 1} more` : '';
  return `the content at start of ${first}${others} is not known (changed as the process started, or more changed files than stack hashes at start)`;
}
