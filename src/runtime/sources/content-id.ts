/**
 * A file's content as one short string: git's blob id (sha1 of `blob <size>\0` and the
 * bytes), so a file hashed here compares equal to the same file in git's index without
 * asking git. Used for the content a process started with and for the content now.
 */
import { createHash } from 'node:crypto';
import { openSync, closeSync, fstatSync, readSync } from 'node:fs';

/** Larger files are judged by mtime: hashing them on every save would cost more than it saves. */
export const MAX_HASHED_FILE_BYTES = 16 * 1024 * 1024;

export function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

export interface HashedFile {
  id: string;
  size: number;
  mtimeMs: number;
}

/**
 * The file's blob id, size and mtime from one open (so the three describe the same
 * file), or null when it is missing, not a regular file, unreadable or larger than
 * `maxBytes`.
 */
export function hashFile(file: string, maxBytes = MAX_HASHED_FILE_BYTES): HashedFile | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > maxBytes) return null;
    const buffer = Buffer.allocUnsafe(stats.size);
    let read = 0;
    while (read < stats.size) {
      const n = readSync(fd, buffer, read, stats.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { id: blobId(buffer.subarray(0, read)), size: read, mtimeMs: stats.mtimeMs };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
