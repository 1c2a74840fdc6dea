/**
 * When is a save complete enough to start the new process on? (`on_stale: restart`,
 * DESIGN §8 "Restart on save".) The restart begins at the first change of a burst (the old
 * process is stopped at once), but the new one is spawned only once its changed sources
 * have settled: no change for SETTLE_QUIET_MS (SETTLE_BURST_QUIET_MS once more files than
 * a save writes changed together: a build, a checkout), and none of them missing or empty
 * unless it has stayed so for SETTLE_GONE_MS (a save that renames the old file away first,
 * or truncates and writes later, passes through both). SETTLE_MAX_MS bounds the wait for
 * a stream of writes that never pauses. Pure: the caller states the files and the clock.
 */
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Measured here (docs/benchmarks.md, "Speed work"): one save's first to last event spans
 * under 2 ms for a source file written by Node, Python, the shell, cp or sed, and up to
 * 9 ms for vim, with the machine's two cores kept busy by three other processes.
 */
export const SETTLE_QUIET_MS = 10;
/** A save writes one source (an editor's backup or swap file beside it, two). */
export const SAVE_FILES = 2;
/**
 * A build or a checkout writes many, and may pause between two of them while it works:
 * restarted once it pauses for this long, so a burst costs one restart, not one a file.
 */
export const SETTLE_BURST_QUIET_MS = 50;
/** A source missing or empty this long is deleted or emptied on purpose. */
export const SETTLE_GONE_MS = 100;
export const SETTLE_MAX_MS = 2000;

export type FileNow = 'file' | 'empty' | 'absent';

export interface SettleInput {
  now: number;
  /** When the caller began to wait. */
  since: number;
  /** Each source changed within SETTLE_GONE_MS: what it is now and when its last change was seen. */
  files: readonly { now: FileNow; changedAt: number }[];
}

/** 0: start now; otherwise how long to wait before asking again. */
export function settleWait({ now, since, files }: SettleInput): number {
  const left = since + SETTLE_MAX_MS - now;
  if (left <= 0) return 0;
  const quietMs = files.length > SAVE_FILES ? SETTLE_BURST_QUIET_MS : SETTLE_QUIET_MS;
  let wait = 0;
  for (const file of files) {
    const quiet = file.changedAt + quietMs - now;
    const gone = file.now === 'file' ? 0 : file.changedAt + SETTLE_GONE_MS - now;
    wait = Math.max(wait, quiet, gone);
  }
  return wait <= 0 ? 0 : Math.min(wait, left);
}

/** The sources one service saw change lately (absolute paths), and the wait on them. */
export class SaveSettle {
  private readonly changed = new Map<string, number>();

  /** A watcher reported `file` (absolute) at `at`. */
  saw(file: string, at = Date.now()): void {
    this.changed.delete(file);
    this.changed.set(file, at);
    if (this.changed.size > 1000) this.forgetBefore(at - SETTLE_GONE_MS);
  }

  /** Resolves once the changes seen so far have settled (at once when they have). */
  async settled(signal?: AbortSignal): Promise<void> {
    const since = Date.now();
    for (;;) {
      const now = Date.now();
      this.forgetBefore(now - SETTLE_GONE_MS);
      const files = [...this.changed].map(([file, changedAt]) => ({ now: fileNow(file), changedAt }));
      const wait = settleWait({ now, since, files });
      if (wait <= 0 || signal?.aborted) return;
      await sleep(wait, undefined, { ref: false });
    }
  }

  private forgetBefore(t: number): void {
    for (const [file, at] of this.changed) {
      if (at >= t) break; // in the order seen
      this.changed.delete(file);
    }
  }
}

function fileNow(file: string): FileNow {
  try {
    const stats = statSync(file, { throwIfNoEntry: false });
    if (!stats) return 'absent';
    return stats.isFile() && stats.size === 0 ? 'empty' : 'file';
  } catch {
    return 'absent';
  }
}
