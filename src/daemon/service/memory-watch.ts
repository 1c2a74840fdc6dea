/**
 * The memory sampling of one run with a memory_limit: its process tree's resident memory
 * every `intervalMs` (the health check's interval), reported as `memory-over-limit` once
 * it stays above the limit (memory-limit.ts). Services without a limit are never sampled.
 * The reading is the platform's (runtime/platform: one /proc/<pid>/stat read per process
 * on Linux, shared with every other reading in the same 10 ms; `ps` on macOS).
 */
import { getPlatform } from '../../runtime/platform/index.js';
import type { ProcessIdentity } from '../../runtime/types.js';
import type { LifecycleEvent } from './lifecycle-types.js';
import { untilBeat } from './beat.js';
import { afterSample, noStreak } from './memory-limit.js';

export interface WatchedRun {
  readonly runId: number;
  readonly identity: ProcessIdentity;
  /** Bytes. */
  readonly limit: number;
  readonly intervalMs: number;
  report(event: LifecycleEvent): void;
}

export async function watchMemory(run: WatchedRun, signal: AbortSignal): Promise<void> {
  let streak = noStreak;
  try {
    while (!signal.aborted) {
      // On the probes' beat: one reading of the process table serves every service sampled then.
      await untilBeat(run.intervalMs, signal);
      const bytes = (await getPlatform().treeMemory([run.identity.pid])).get(run.identity.pid) ?? null;
      if (signal.aborted) return;
      const sample = afterSample(streak, bytes, run.limit);
      streak = sample.streak;
      if (sample.overLimit && bytes !== null) run.report({ type: 'memory-over-limit', runId: run.runId, bytes, limit: run.limit });
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
