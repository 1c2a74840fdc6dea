/**
 * The `limit` newest of a stream of files, without keeping them all: a scan right after a
 * checkout can find 100k files newer than a process, and only the first few are shown.
 */
export interface SourceFile {
  /** Relative to the service's cwd, with `/` separators (absolute while a scan runs). */
  path: string;
  mtimeMs: number;
}

/** Sorting (and trimming) only when this many extra files have piled up keeps offers O(1) amortised. */
const SLACK = 1024;

export class NewestFiles {
  private files: SourceFile[] = [];
  /** A file no newer than this cannot make the cut any more. */
  private floor = -Infinity;

  constructor(private readonly limit: number) {}

  offer(path: string, mtimeMs: number): void {
    if (this.limit <= 0 || mtimeMs < this.floor) return;
    this.files.push({ path, mtimeMs });
    if (this.files.length >= this.limit + SLACK) this.trim();
  }

  /** Newest first; ties by path so output is stable. */
  take(): SourceFile[] {
    this.trim();
    return this.files.slice();
  }

  private trim(): void {
    this.files.sort(newestFirst);
    if (this.files.length >= this.limit) {
      this.files.length = this.limit;
      this.floor = this.files[this.limit - 1]?.mtimeMs ?? -Infinity;
    }
  }
}

export function newestFirst(a: SourceFile, b: SourceFile): number {
  return b.mtimeMs - a.mtimeMs || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
