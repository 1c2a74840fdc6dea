/**
 * One attempt at running a service, from `up`/`restart` until it stops. Dependents wait
 * on a run's facts; `decide` turns those facts into "satisfied / failed / not yet" for a
 * depends_on condition. Pure: no processes, no timers.
 */
import type { DependencyCondition } from '../../config/types.js';
import type { RunLog } from '../../protocol/messages.js';
import type { ExitInfo } from '../../runtime/types.js';

export interface RunFacts {
  /** Counts the service's runs: a report about another run than the current one is old news. */
  id: number;
  /** The process was spawned (or adopted). */
  spawned: boolean;
  /** A health probe succeeded at least once. */
  ready: boolean;
  /** A probe got a connection to its port (recorded once per run, for `stack analyze`). */
  listening: boolean;
  exit: ExitInfo | null;
  /** Why the run failed before or instead of running: build failed, spawn error, never healthy, stopped, dependency failed. */
  failure: string | null;
  /**
   * A `restart` stopped this run and a new one follows: whoever waits on the service
   * (a dependent, an `up` in progress) waits for the new run instead of failing.
   */
  replaced: boolean;
  /** `stack down` stopped this run before it was ready: an `up` waiting on it was interrupted, nothing failed. */
  stoppedByDown: boolean;
  /** A stop was asked for: what its probes and exit watch still report is not news. */
  stopRequested: boolean;
  /** The output that explains this run (the build log while building), for failure reports. */
  log: RunLog | null;
}

/** How a run (or a build, or a wait on a dependency) ended. */
export type Outcome = { ok: true } | { ok: false; reason: string };
/** An outcome, or null while it is not decided. */
export type Decision = Outcome | null;

export function newRun(id: number): RunFacts {
  return { id, spawned: false, ready: false, listening: false, exit: null, failure: null, replaced: false, stoppedByDown: false, stopRequested: false, log: null };
}

/**
 * Whether `condition` holds for a service whose current run is `run`. `job`: a one-shot
 * job's clean exit counts as started and healthy (src/config/job.ts). `describeExit`
 * words the exit, with `when` inserted before the crash reason: "exited with code 1
 * before it was healthy: Error: Cannot find module 'x'".
 */
export function decide(
  run: RunFacts,
  condition: DependencyCondition,
  job: boolean,
  describeExit: (when: string) => string,
): Decision {
  if (run.replaced) return null;
  if (condition === 'completed') {
    if (run.exit) return run.exit.code === 0 ? { ok: true } : { ok: false, reason: describeExit('') };
    if (run.failure) return { ok: false, reason: run.failure };
    return null;
  }
  if (run.failure) return { ok: false, reason: run.failure };
  if (run.ready) return { ok: true };
  // A one-shot job (no port, no health check, nothing waits for it to be up) that
  // finished cleanly has done its work.
  if (run.exit && run.exit.code === 0 && job) return { ok: true };
  if (run.exit) return { ok: false, reason: describeExit(` before it was ${condition === 'started' ? 'started' : 'healthy'}`) };
  if (condition === 'started' && run.spawned) return { ok: true };
  return null;
}

/** Everyone waiting on a run's decision (an `up`, a dependent): re-asked whenever the run's facts change. */
export class RunWaiters {
  private readonly waiting = new Set<() => void>();

  waitFor(decideNow: () => Decision): Promise<Outcome> {
    return this.until(decideNow) as Promise<Outcome>;
  }

  /** Like waitFor, but resolves null once `signal` aborts first (a `stack wait` that gave up or went away). */
  until(decideNow: () => Decision, signal?: AbortSignal): Promise<Outcome | null> {
    return new Promise((resolve) => {
      const settle = (outcome: Outcome | null): void => {
        this.waiting.delete(check);
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const check = (): void => {
        const decision = decideNow();
        if (decision) settle(decision);
      };
      const onAbort = (): void => settle(null);
      if (signal?.aborted) return resolve(null);
      signal?.addEventListener('abort', onAbort);
      this.waiting.add(check);
      check();
    });
  }

  notify(): void {
    for (const check of [...this.waiting]) check();
  }
}
