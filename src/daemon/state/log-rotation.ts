/**
 * Size-based rotation of service logs: <svc>.log → <svc>.log.1 → … → <svc>.log.<keep>.
 * Services write to their log themselves (O_APPEND, so they survive the daemon), so the
 * file cannot be renamed away under them: it is copied, then truncated in place, and
 * their next write lands at the new end. What they write while the copy runs (the last
 * line of a flood, say) is newer than the copy: it is read back just before the
 * truncation (until the size stops growing) and written again after it, so it stays in
 * the live log. Only what lands between the last look at the size and the truncation can
 * be lost (or, written right after the truncation, come before it).
 *
 * A service that writes faster than the daemon checks can push its log far past
 * max_size between two checks. Only the newest max_size bytes (from a line start) are
 * then kept in <svc>.log.1 and the rest is dropped, so each rotated file stays within
 * max_size however fast the flood, and a rotation copies at most max_size bytes (and
 * carries over at most max_size written during it).
 */
import { appendFileSync, closeSync, fstatSync, ftruncateSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';

const COPY_CHUNK = 1 << 20;

export interface Rotation {
  /** Bytes of the log that were dropped rather than kept in <svc>.log.1 (a flood). */
  dropped: number;
}

/** Rotates `file` when it is larger than `maxBytes`; returns whether it did. */
export function rotateIfLarger(file: string, maxBytes: number, keep: number): boolean {
  return rotate(file, maxBytes, keep) !== null;
}

/**
 * Rotates `file` when it is larger than `maxBytes`: null when it was not. `afterCopy`
 * (tests) runs between the copy and the truncation, where a service's write races it;
 * `whileCarrying` (tests) while what was written during the copy is being read back.
 */
export function rotate(file: string, maxBytes: number, keep: number, afterCopy?: () => void, whileCarrying?: () => void): Rotation | null {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return null;
  }
  if (size <= maxBytes) return null;
  tryUnlink(`${file}.${keep}`);
  for (let i = keep - 1; i >= 1; i--) tryRename(`${file}.${i}`, `${file}.${i + 1}`);
  const kept = copyTail(file, `${file}.1`, size, maxBytes);
  afterCopy?.();
  const carried = truncateKeepingNewer(file, size, maxBytes, whileCarrying);
  return { dropped: size - kept + carried.dropped };
}

/**
 * Empties `file`, keeping what was written after its first `copied` bytes (at most the
 * newest `maxBytes` of it, from a line start): read, truncated, appended again. What is
 * written while that is read is read too, so only a write between the last look at the
 * size and the truncation (two system calls) can be lost: a flood's last line lands in
 * that read often enough (a daemon descheduled on a loaded machine) to lose it otherwise.
 */
function truncateKeepingNewer(file: string, copied: number, maxBytes: number, whileCarrying?: () => void): { dropped: number } {
  const fd = openSync(file, 'r+');
  const parts: Buffer[] = [];
  let dropped = 0;
  try {
    let end = fstatSync(fd).size;
    let start = copied;
    if (end - start > maxBytes) start = lineStartAfter(fd, end - maxBytes - 1, end);
    dropped = start - copied;
    parts.push(readRange(fd, start, end));
    whileCarrying?.();
    for (let tries = 0; tries < 8; tries++) {
      const now = fstatSync(fd).size;
      if (now <= end) break;
      parts.push(readRange(fd, end, now));
      end = now;
    }
    ftruncateSync(fd, 0);
  } finally {
    closeSync(fd);
  }
  let newer = Buffer.concat(parts);
  if (newer.length > maxBytes) {
    const newline = newer.indexOf(10, newer.length - maxBytes - 1);
    const from = newline < 0 ? newer.length : newline + 1;
    dropped += from;
    newer = newer.subarray(from);
  }
  if (newer.length > 0) appendFileSync(file, newer);
  return { dropped };
}

/** Bytes `start` to `end` of `fd` (fewer if it is shorter now). */
function readRange(fd: number, start: number, end: number): Buffer {
  const buffer = Buffer.allocUnsafe(Math.max(0, end - start));
  let read = 0;
  while (read < buffer.length) {
    const n = readSync(fd, buffer, read, buffer.length - read, start + read);
    if (n === 0) break;
    read += n;
  }
  return buffer.subarray(0, read);
}

/**
 * Copies the last `maxBytes` of the first `size` bytes of `from` to `to`, starting after
 * a newline so the copy begins with a whole line. Returns how many bytes were copied.
 */
function copyTail(from: string, to: string, size: number, maxBytes: number): number {
  const source = openSync(from, 'r');
  try {
    let start = Math.max(0, size - maxBytes);
    if (start > 0) start = lineStartAfter(source, start - 1, size);
    const target = openSync(to, 'w', 0o600);
    try {
      const buffer = Buffer.allocUnsafe(Math.min(COPY_CHUNK, Math.max(1, size - start)));
      let position = start;
      while (position < size) {
        const read = readSync(source, buffer, 0, Math.min(buffer.length, size - position), position);
        if (read === 0) break;
        writeSync(target, buffer, 0, read);
        position += read;
      }
      return position - start;
    } finally {
      closeSync(target);
    }
  } finally {
    closeSync(source);
  }
}

/** The offset just after the first newline at or after `from` (or `end` when there is none). */
function lineStartAfter(fd: number, from: number, end: number): number {
  const buffer = Buffer.allocUnsafe(64 * 1024);
  let position = from;
  while (position < end) {
    const read = readSync(fd, buffer, 0, Math.min(buffer.length, end - position), position);
    if (read === 0) break;
    const newline = buffer.subarray(0, read).indexOf(10);
    if (newline >= 0) return position + newline + 1;
    position += read;
  }
  return end;
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
