/**
 * What a file held when a process started, as far as stack can know it (DESIGN §8, "Stale
 * by content"): absent, a content id (content-id.ts), or unknown, in which case the file
 * is judged by its mtime as before.
 */

export type StartContent =
  | { kind: 'absent' }
  | { kind: 'content'; id: string; size?: number }
  | { kind: 'unknown' };

/** How a service's staleness is decided: by content where the start content is known, else by mtime. */
export type StaleBy = 'content' | 'mtime';

export interface StartContents {
  /** `content` when every source's start content is known; `mtime` when some are judged by mtime. */
  readonly by: StaleBy;
  /** Why some files are judged by mtime (a sentence); null with `by: content`. */
  readonly reason: string | null;
  /** The start content of each file (absolute paths). */
  lookup(files: readonly string[]): Promise<Map<string, StartContent>>;
  /** What a new daemon needs to go on judging the same process (plain JSON data); none when nothing is known. */
  readonly saved?: SavedStartContents;
}

/** StartContents as data, kept in `.stack/run/<svc>/` beside the process it describes. */
export type SavedStartContents =
  | { kind: 'git'; by: StaleBy; reason: string | null; cwd: string; top: string; real: string; snapshotFile: string; known: [string, StartContent][] }
  | { kind: 'hashed'; by: StaleBy; reason: string | null; complete: boolean; known: [string, StartContent][] };

/** Nothing is known: every file is judged by mtime. */
export function unknownStart(reason: string): StartContents {
  return {
    by: 'mtime',
    reason,
    lookup: async (files) => new Map(files.map((f) => [f, { kind: 'unknown' } as const])),
  };
}
