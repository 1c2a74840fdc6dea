/**
 * The content a process started with, where git cannot say (no repository, or cwd outside
 * it): every source file is hashed right after the start, up to a budget. Within it, a
 * file not seen did not exist at the start; past it, the files not hashed are judged by
 * mtime (`staleBy: "mtime"`). Hashing is cheap for a small service (measured in bench/:
 * ~1 ms per 100 small files) and never scales with the tree past the budget.
 */
import { hashFile } from './content-id.js';
import { walkSources } from './scan.js';
import type { SavedStartContents, StartContent, StartContents } from './start-content-types.js';

export const HASH_AT_START_FILES = 5000;
export const HASH_AT_START_BYTES = 64 * 1024 * 1024;

export interface HashedStartInput {
  cwd: string;
  globs: readonly string[];
  loadedUntil: number;
  /** For tests: a smaller budget. */
  budget?: { files: number; bytes: number };
}

export async function hashedStartContents({ cwd, globs, loadedUntil, budget }: HashedStartInput): Promise<StartContents> {
  const limit = budget ?? { files: HASH_AT_START_FILES, bytes: HASH_AT_START_BYTES };
  const known = new Map<string, StartContent>();
  let bytes = 0;
  let complete = true;
  await walkSources(cwd, globs, (file) => {
    if (known.size >= limit.files || bytes >= limit.bytes) {
      complete = false;
      return true;
    }
    const hashed = hashFile(file);
    if (hashed && hashed.mtimeMs <= loadedUntil) {
      bytes += hashed.size;
      known.set(file, { kind: 'content', id: hashed.id, size: hashed.size });
    } else {
      // Modified since the start, too large or unreadable: what the process loaded is not known.
      known.set(file, { kind: 'unknown' });
    }
    return false;
  });
  const unknownCount = [...known.values()].filter((c) => c.kind === 'unknown').length;
  const by = complete && unknownCount === 0 ? 'content' : 'mtime';
  const reason = !complete
    ? `not in a git repository, and more than ${limit.files.toLocaleString('en')} source files or ${Math.round(limit.bytes / 2 ** 20)} MB to hash at start`
    : unknownCount > 0
      ? `${unknownCount} source file${unknownCount === 1 ? '' : 's'} changed as the process started, or too large to hash`
      : null;
  return hashedContents({ kind: 'hashed', by, reason, complete, known: [...known] });
}

/** The lookups over the hashes taken at the start (also for a new daemon, from the saved data). */
export function hashedContents(saved: Extract<SavedStartContents, { kind: 'hashed' }>): StartContents {
  const known = new Map(saved.known);
  const otherwise: StartContent = saved.complete ? { kind: 'absent' } : { kind: 'unknown' };
  return {
    by: saved.by,
    reason: saved.reason,
    saved,
    lookup: async (files) => new Map(files.map((file) => [file, known.get(file) ?? otherwise])),
  };
}
