/**
 * Has a source changed since its process started? (DESIGN §8, "Stale by content".) Pure:
 * the file's content at the start (git's index, or a hash taken then), what the file is
 * now, and, only when the two sizes agree, the hash of its content now. A `touch`, a
 * `git stash` and its `pop`, a checkout there and back, an editor saving the same bytes:
 * each ends with the start content, so none of them is a change. Where the start content
 * is not known, the mtime decides, as before.
 */
import type { StartContent } from '../../runtime/sources/start-content-types.js';

export type CurrentFile = { kind: 'absent' } | { kind: 'file'; mtimeMs: number; size: number };

export interface Verdict {
  changed: boolean;
  by: 'content' | 'mtime';
}

/** Whether the content now must be hashed to decide (the cheap facts did not). */
export function needsHash(start: StartContent, now: CurrentFile): boolean {
  return start.kind === 'content' && now.kind === 'file' && (start.size === undefined || start.size === now.size);
}

/**
 * `loadedUntil`: the process's start plus the OS's start-time resolution. `idNow`: the
 * content id now, when needsHash() asked for it (undefined if the file could not be read).
 */
export function judgeChange(start: StartContent, now: CurrentFile, loadedUntil: number, idNow?: string): Verdict {
  if (start.kind === 'absent') return { changed: now.kind === 'file', by: 'content' };
  if (start.kind === 'content') {
    if (now.kind === 'absent') return { changed: true, by: 'content' };
    if (start.size !== undefined && start.size !== now.size) return { changed: true, by: 'content' };
    if (idNow !== undefined) return { changed: idNow !== start.id, by: 'content' };
  }
  // Unknown at the start (or unreadable now): a deletion, or a write after the start, is a change.
  return { changed: now.kind === 'absent' || now.mtimeMs > loadedUntil, by: 'mtime' };
}
