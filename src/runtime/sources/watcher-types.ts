/** What both source watchers (watcher.ts, watcher-chokidar.ts) report, and their shared bits. */
import { statSync } from 'node:fs';

export interface SourceChange {
  /** Relative to the service's cwd, with `/` separators. */
  path: string;
  /** The file's mtime; for a deleted file, when the deletion was seen. */
  mtimeMs: number;
  event: 'add' | 'change' | 'unlink';
}

export interface SourceWatcherOptions {
  /**
   * Watching goes on after an error (EMFILE, ENOSPC for too many inotify watches, EACCES
   * on an unreadable directory); this hears about it. Without it errors are dropped.
   */
  onError?: (error: Error) => void;
}

export interface SourceWatcher {
  readonly cwd: string;
  close(): Promise<void>;
}

export function mtimeOf(event: SourceChange['event'], file: string, stats?: { mtimeMs: number }): number {
  if (event === 'unlink') return Date.now();
  if (stats) return stats.mtimeMs;
  try {
    return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
  } catch {
    return Date.now();
  }
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
