/**
 * memory_limit's rule (pure): a service is over its limit when its process tree's resident
 * memory is above the limit in two samples in a row. One sample over is a spike (a
 * garbage collector about to run, a burst of requests); a sample that cannot be read (the
 * process is between exec and its first page) neither counts nor breaks the streak.
 */
export const SAMPLES_OVER_LIMIT = 2;

export interface MemoryStreak {
  /** Samples in a row above the limit. */
  over: number;
}

export const noStreak: MemoryStreak = { over: 0 };

export function afterSample(streak: MemoryStreak, bytes: number | null, limit: number): { streak: MemoryStreak; overLimit: boolean } {
  if (bytes === null) return { streak, overLimit: false };
  if (bytes <= limit) return { streak: noStreak, overLimit: false };
  const over = streak.over + 1;
  // Said once per streak: the lifecycle stops the process, and a new run starts a new watch.
  return over >= SAMPLES_OVER_LIMIT ? { streak: noStreak, overLimit: true } : { streak: { over }, overLimit: false };
}
