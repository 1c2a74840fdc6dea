/**
 * When to bring a failed service back, and when to stop trying. Pure: the caller passes
 * the clock. The first failure after a stable run restarts at once (a crash is rare; the
 * service should be back before anyone notices), then exponential backoff (0.5 s doubling
 * to 30 s, reset after a stable minute);
 * too many restarts in a window is a crash loop, which waits for a person (or a change
 * to its sources) instead of burning CPU forever.
 */
import type { RestartPolicy } from '../../config/types.js';

export const BACKOFF_INITIAL_MS = 500;
export const BACKOFF_MAX_MS = 30_000;
/** A run this long counts as stable: the next failure starts the backoff over. */
export const STABLE_RUN_MS = 60_000;
export const CRASHLOOP_RESTARTS = 5;
export const CRASHLOOP_WINDOW_MS = 120_000;

/**
 * How a run failed. An exit carries `job`: whether the service is a one-shot job (no port,
 * `restart` not `always`, nothing waits for it to be started or healthy), for which a
 * clean exit 0 is its work done; for a server it is going down like any other exit.
 */
export type Failure =
  | { kind: 'exit'; code: number | null; signal: string | null; job: boolean }
  | { kind: 'unhealthy' }
  /** Its process tree stayed over memory_limit: stack stopped it. */
  | { kind: 'memory' };

export interface RestartHistory {
  /** Epoch ms of recent automatic restarts, oldest first. */
  restarts: number[];
  /** Consecutive quick failures, for the backoff exponent. */
  streak: number;
}

export type RestartDecision =
  | { action: 'none' }
  | { action: 'restart'; delayMs: number; history: RestartHistory }
  | { action: 'crashloop'; history: RestartHistory };

export function emptyHistory(): RestartHistory {
  return { restarts: [], streak: 0 };
}

/** Whether `policy` wants a restart after `failure` (before backoff and crash-loop limits). */
export function wantsRestart(policy: RestartPolicy, failure: Failure): boolean {
  if (policy === 'no') return false;
  if (policy === 'always') return true;
  // on-failure: a clean exit 0 of a job is its work done, not a failure.
  if (failure.kind !== 'exit') return true;
  return failure.signal !== null || failure.code !== 0 || !failure.job;
}

export function decideRestart(
  policy: RestartPolicy,
  failure: Failure,
  history: RestartHistory,
  ranForMs: number,
  now: number,
): RestartDecision {
  if (!wantsRestart(policy, failure)) return { action: 'none' };
  const recent = history.restarts.filter((t) => now - t < CRASHLOOP_WINDOW_MS);
  const streak = ranForMs >= STABLE_RUN_MS ? 0 : history.streak;
  if (recent.length >= CRASHLOOP_RESTARTS) return { action: 'crashloop', history: { restarts: recent, streak } };
  const delayMs = streak === 0 ? 0 : Math.min(BACKOFF_INITIAL_MS * 2 ** (streak - 1), BACKOFF_MAX_MS);
  return { action: 'restart', delayMs, history: { restarts: [...recent, now], streak: streak + 1 } };
}
