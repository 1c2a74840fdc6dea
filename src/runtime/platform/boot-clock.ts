/**
 * When the machine booted, on the wall clock: Linux counts process start times in ticks
 * since boot, and /proc/uptime says how long ago that was, in hundredths of a second.
 *
 * Reading the uptime and then the clock can be interrupted (a busy machine preempts the
 * reader for tens of ms), and each such read alone would put a process's start that much
 * late. Two processes read that way could then come out in the wrong order: a server its
 * command forked a few ms after it started, dated before the command. So every read is
 * bounded instead: the clock is read before and after the uptime, which gives a window
 * the boot time must lie in, and the windows of all reads are intersected. The answer is
 * the window's late end (a start is never dated earlier than the ticks allow), and it only
 * moves as the window narrows: by a few ms over the first reads, then not at all. A
 * window that misses the one kept means the wall clock was set: the reads start over.
 */

export interface BootClock {
  /** Epoch ms of the boot, or null when the uptime cannot be read. */
  bootEpochMs(): number | null;
}

/** The uptime's unit: /proc/uptime prints hundredths of a second. */
const UPTIME_RESOLUTION_MS = 10;

/** A read that took longer than this was interrupted: it is tried again. */
const TIGHT_MS = 1;
const ATTEMPTS = 3;

/** The window of the boot time from up to ATTEMPTS reads, the narrowest; null when the uptime cannot be read. */
function tightestRead(readUptime: () => string | null, now: () => number): { earliest: number; latest: number } | null {
  let best: { earliest: number; latest: number } | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const before = now();
    const text = readUptime();
    const after = now();
    const uptimeMs = text === null ? Number.NaN : Number.parseFloat(text) * 1000;
    if (!Number.isFinite(uptimeMs)) return best;
    // The uptime was read at some moment in [before, after], and is rounded down.
    const read = { earliest: before - uptimeMs - UPTIME_RESOLUTION_MS, latest: after - uptimeMs };
    if (!best || read.latest - read.earliest < best.latest - best.earliest) best = read;
    if (after - before <= TIGHT_MS) break;
  }
  return best;
}

/** `readUptime`: /proc/uptime's text; `now`: the wall clock in epoch ms. */
export function bootClock(readUptime: () => string | null, now: () => number = Date.now): BootClock {
  let window: { earliest: number; latest: number } | null = null;
  return {
    bootEpochMs() {
      const read = tightestRead(readUptime, now);
      if (read === null) return window?.latest ?? null;
      const kept = window && read.earliest <= window.latest && read.latest >= window.earliest ? window : null;
      window = kept ? { earliest: Math.max(kept.earliest, read.earliest), latest: Math.min(kept.latest, read.latest) } : read;
      return window.latest;
    },
  };
}
