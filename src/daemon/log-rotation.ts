/**
 * Size-based rotation of service logs: <svc>.log → <svc>.log.1 → … → <svc>.log.<keep>.
 * Services write to their log themselves (O_APPEND, so they survive the daemon), so the
 * file cannot be renamed away under them: it is copied, then truncated in place, and
 * their next write lands at the new end. Lines written between the copy and the
 * truncation are lost; that window is a few milliseconds once per max_size.
 */
import { copyFileSync, renameSync, statSync, truncateSync, unlinkSync } from 'node:fs';

/** Rotates `file` when it is larger than `maxBytes`; returns whether it did. */
export function rotateIfLarger(file: string, maxBytes: number, keep: number): boolean {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return false;
  }
  if (size <= maxBytes) return false;
  tryUnlink(`${file}.${keep}`);
  for (let i = keep - 1; i >= 1; i--) tryRename(`${file}.${i}`, `${file}.${i + 1}`);
  copyFileSync(file, `${file}.1`);
  truncateSync(file, 0);
  return true;
}

function tryRename(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    /* not there yet */
  }
}

function tryUnlink(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* not there */
  }
}
