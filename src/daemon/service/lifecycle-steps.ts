/**
 * The building blocks of lifecycle.ts's transitions: a transition with changes and
 * effects, an ignored event, the effects they ask for most, and the restart policy's
 * answer to a failure as a transition.
 */
import type { Phase } from '../../protocol/messages.js';
import type { Effect, Lifecycle, LifecycleEnv, Transition } from './lifecycle-types.js';
import { decideRestart, type Failure } from './restart-policy.js';
import type { RunFacts } from './run.js';

export const to = (life: Lifecycle, changes: Partial<Lifecycle>, ...effects: Effect[]): Transition => ({ life: { ...life, ...changes }, effects });
export const ignore = (life: Lifecycle, why: string): Transition => ({ life, effects: [], ignored: why });
export const record = (type: string, fields: Record<string, unknown> = {}): Effect => ({ kind: 'record', type, fields });
export const progress = (phase: Phase, extra: { elapsedMs?: number; pid?: number } = {}): Effect => ({ kind: 'progress', phase, ...extra });

/** Reports about a run other than the current one, or about a run being stopped, are old news. */
export function stale(life: Lifecycle, runId: number): string | null {
  if (runId !== life.run.id) return 'it concerns an earlier run';
  if (life.run.stopRequested) return 'the run is being stopped';
  return null;
}

/** The restart policy's answer to a failure: a restart (at once or after a backoff), a crash loop, or nothing. */
export function afterFailure(life: Lifecycle, failure: Failure, reason: string, ranForMs: number, env: LifecycleEnv): Transition {
  const decision = decideRestart(env.restart, failure, life.history, ranForMs, env.now);
  if (decision.action === 'none') return to(life, {});
  if (decision.action === 'crashloop') {
    return to(
      life,
      { state: 'crashloop', history: decision.history, restartDueAt: null, restartReason: null },
      record('crashloop', { restarts: decision.history.restarts.length, reason }),
    );
  }
  return to(
    life,
    { history: decision.history, restartDueAt: env.now + decision.delayMs, restartReason: reason },
    record('restart-scheduled', { delayMs: decision.delayMs, reason }),
    { kind: 'schedule-restart', delayMs: decision.delayMs },
  );
}

export function notReadyReason(run: RunFacts): string {
  return run.stoppedByDown ? 'stopped by `stack down` before it was ready' : 'stopped before it was ready';
}
