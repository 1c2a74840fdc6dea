/**
 * Reads git's index file itself (Documentation/gitformat-index.txt). `walkIndex` visits
 * the entries; git-index-ids.ts asks it for blob ids. The question answered here is which
 * entries under a directory might have been modified after a moment. The index
 * records each file's mtime as git last saw it; a file whose stat still matches its entry
 * has that mtime now, so only entries recorded later than the moment (and the few whose
 * stat git does not follow: symlinks, assume-unchanged, skip-worktree) need a stat. The
 * entries whose stat no longer matches are what `git diff-files` lists (git-newest.ts).
 *
 * Pure over the file's bytes. Versions 2, 3 and 4 (prefix-compressed names). Anything it
 * does not handle is `unsupported` with the reason, and the caller walks the tree
 * instead: a split index (`link`), a sparse index (`sdir`, directory entries), another
 * required extension, a submodule under the directory (its files are not in this index).
 */

export interface IndexQuery {
  /** Bytes of an object id: 20 (sha1) or 32 (sha256). */
  hashBytes: number;
  /** Entries under this top-level-relative directory (`a/b/`, with the slash; '' for all). */
  prefix: string;
  /** Epoch ms: entries whose recorded mtime may be later than this are candidates. */
  since: number;
}

export type IndexReading =
  | {
      kind: 'entries';
      /** Top-level-relative paths (under the prefix) to stat: maybe modified after `since`, or not followed by git's stat. */
      candidates: string[];
      /** Entries under the prefix. */
      total: number;
    }
  | { kind: 'unsupported'; reason: string };

const STAT_BYTES = 40;
const MODE_OFFSET = 24;
const MTIME_OFFSET = 8;
const TYPE_MASK = 0o170000;
const TYPE_SYMLINK = 0o120000;
const TYPE_GITLINK = 0o160000;
const TYPE_DIRECTORY = 0o040000;
const FLAG_ASSUME_VALID = 0x8000;
const FLAG_EXTENDED = 0x4000;
const NAME_MASK = 0xfff;
const EXT_SKIP_WORKTREE = 0x4000;

/** One entry as the walk meets it; its path is `name[from, to)` (valid only during the visit). */
export interface IndexEntry {
  /** Byte offset of the entry in the index file (its object id is at `at + 40`). */
  at: number;
  mode: number;
  /** Recorded mtime, seconds. */
  mtime: number;
  flags: number;
  /** Version 3+ extended flags (0 when none). */
  extended: number;
  name: Buffer;
  from: number;
  to: number;
}

/**
 * Visits every entry of an index file (versions 2–4), in order; `visit` answers a reason
 * to stop reading (the index is not one read here) or nothing. Ends with the reason, or
 * null once the entries and the extensions after them have been checked.
 */
export function walkIndex(buf: Buffer, hashBytes: number, visit: (entry: IndexEntry) => string | void): string | null {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return 'not an index file (no DIRC signature)';
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return `index version ${version}`;
  const count = buf.readUInt32BE(8);
  const flagsAt = STAT_BYTES + hashBytes;
  const names = new NameBuffer();
  const entry: IndexEntry = { at: 0, mode: 0, mtime: 0, flags: 0, extended: 0, name: buf, from: 0, to: 0 };
  let pos = 12;
  for (let i = 0; i < count; i++) {
    if (pos + flagsAt + 2 > buf.length) return 'the index ends inside an entry';
    entry.at = pos;
    entry.mode = uint32(buf, pos + MODE_OFFSET);
    entry.mtime = uint32(buf, pos + MTIME_OFFSET);
    entry.flags = uint16(buf, pos + flagsAt);
    entry.extended = 0;
    let nameAt = pos + flagsAt + 2;
    if (entry.flags & FLAG_EXTENDED) {
      if (version < 3) return 'an extended entry in a version 2 index';
      entry.extended = uint16(buf, nameAt);
      nameAt += 2;
    }
    if (version === 4) {
      // The path is the previous one minus `strip` bytes, then this suffix.
      const strip = readVarint(buf, nameAt);
      const end = strip === null ? -1 : buf.indexOf(0, strip.next);
      if (strip === null || end < 0 || !names.replaceTail(strip.value, buf, strip.next, end)) return 'a malformed path in a version 4 index';
      entry.name = names.bytes;
      entry.from = 0;
      entry.to = names.length;
      pos = end + 1;
    } else {
      const length = entry.flags & NAME_MASK;
      const end = length < NAME_MASK ? nameAt + length : buf.indexOf(0, nameAt + NAME_MASK);
      if (end < 0 || end >= buf.length) return 'the index ends inside an entry';
      entry.name = buf;
      entry.from = nameAt;
      entry.to = end;
      // Entries are padded with 1–8 NULs to a multiple of eight bytes.
      pos += (end - pos + 8) & ~7;
    }
    const stop = visit(entry);
    if (stop) return stop;
  }
  const extension = requiredExtension(buf, pos);
  if (extension) return extension === 'link' ? 'a split index' : extension === 'sdir' ? 'a sparse index' : `the index extension '${extension}'`;
  return null;
}

/** The entries worth a stat for `query`, or why this index is not read here. */
export function readIndex(buf: Buffer, query: IndexQuery): IndexReading {
  const prefix = Buffer.from(query.prefix, 'utf8');
  // Seconds: a recorded mtime in the same second as `since` may be later (the nanoseconds
  // may be 0 when git was built without them); the stat decides.
  const sinceSeconds = Math.floor(query.since / 1000);
  const candidates: string[] = [];
  let total = 0;
  const stop = walkIndex(buf, query.hashBytes, ({ mode, mtime, flags, extended, name, from, to }) => {
    if (!startsWith(name, from, to, prefix)) return;
    total++;
    const type = mode & TYPE_MASK;
    if (type === TYPE_GITLINK) return `a submodule at ${name.toString('utf8', from, to)}`;
    if (type === TYPE_DIRECTORY) return 'a sparse index';
    const unfollowed = type === TYPE_SYMLINK || (flags & FLAG_ASSUME_VALID) !== 0 || (extended & EXT_SKIP_WORKTREE) !== 0;
    if (unfollowed || mtime >= sinceSeconds) candidates.push(name.toString('utf8', from, to));
  });
  return stop === null ? { kind: 'entries', candidates, total } : unsupported(stop);
}

/**
 * Big-endian reads for the walk's 100k-entry loop, with bounds already checked by it:
 * Buffer's readUInt32BE validates its offset on every call, which made it most of a
 * cold process's walk (~20 ms of ~25 on a 100k-file index, where these take ~6).
 */
function uint32(buf: Buffer, at: number): number {
  return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}

function uint16(buf: Buffer, at: number): number {
  return (buf[at]! << 8) | buf[at + 1]!;
}

function unsupported(reason: string): IndexReading {
  return { kind: 'unsupported', reason };
}

/**
 * The first extension that must be understood (its signature does not start with A–Z),
 * or null. The extensions run up to the trailing checksum (20 or 32 bytes, not told here):
 * a checksum read as a header would need a size that lands inside it, which a sha256 tail
 * does with a chance of about one in a billion, and then the index is merely walked instead.
 */
function requiredExtension(buf: Buffer, from: number): string | null {
  const checksum = 20;
  for (let pos = from; buf.length - pos >= 8 + checksum; ) {
    const size = buf.readUInt32BE(pos + 4);
    if (pos + 8 + size > buf.length - checksum) return null;
    const first = buf[pos]!;
    if (first < 0x41 || first > 0x5a) return buf.toString('latin1', pos, pos + 4);
    pos += 8 + size;
  }
  return null;
}

/** git's varint of version 4 paths (varint.c): 7 bits a byte, each continuation adding one. */
export function readVarint(buf: Buffer, at: number): { value: number; next: number } | null {
  let pos = at;
  if (pos >= buf.length) return null;
  let c = buf[pos++]!;
  let value = c & 0x7f;
  while (c & 0x80) {
    if (pos >= buf.length || value > 0xffffff) return null;
    value += 1;
    c = buf[pos++]!;
    value = value * 128 + (c & 0x7f);
  }
  return { value, next: pos };
}

function startsWith(bytes: Buffer, from: number, to: number, prefix: Buffer): boolean {
  if (to - from < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[from + i] !== prefix[i]) return false;
  return true;
}

/**
 * Version 4's current path, rebuilt from the previous one. Byte loops, not Buffer.copy:
 * that makes a view per call, and 100k calls kept the young generation collecting (the
 * suffixes are a few bytes).
 */
class NameBuffer {
  bytes = Buffer.alloc(4096);
  length = 0;

  /** Drops `strip` bytes of the previous path, then appends buf[from, to). */
  replaceTail(strip: number, buf: Buffer, from: number, to: number): boolean {
    if (strip > this.length) return false;
    const size = this.length - strip + to - from;
    if (size > this.bytes.length) {
      const bigger = Buffer.alloc(Math.max(size, this.bytes.length * 2));
      for (let i = 0; i < this.length; i++) bigger[i] = this.bytes[i]!;
      this.bytes = bigger;
    }
    const bytes = this.bytes;
    let at = this.length - strip;
    for (let i = from; i < to; i++) bytes[at++] = buf[i]!;
    this.length = at;
    return true;
  }
}
