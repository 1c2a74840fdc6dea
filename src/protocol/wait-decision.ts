/**
 * Whether a service is in the condition `stack wait --for` asks for, can no longer get
 * there, or may still get there. Pure: the daemon asks it again on each of the service's
 * own state changes; the CLI asks it once when no daemon runs (everything is stopped).
 * A crash that the restart policy will retry is not final; a crash under `restart: no`,
 * a crash loop, or nothing running at all is.
 */
import { describeExitWithReason } from './exit-wording.js';
import type { Health, LastExit, ServiceState } from './status.js';
import type { WaitCondition } from './wait.js';

/** What the decision looks at: a service's facts as the daemon (or status) knows them. */
export interface WaitView {
  state: ServiceState;
  health: Health;
  pid: number | null;
  lastExit: LastExit | null;
  /** The restart policy will start it again (a restart is scheduled, or its leftovers are being stopped first). */
  restartPending: boolean;
  /** A one-shot job (src/config/job.ts): its exit 0 is "completed". */
  job: boolean;
}

export type WaitDecision = { ok: true } | { ok: false; reason: string } | null;

const ON_THE_WAY = new Set<ServiceState>(['pending', 'building', 'starting', 'running', 'stopping']);

export function decideWait(view: WaitView, condition: WaitCondition): WaitDecision {
  if (condition === 'stopped') return view.pid === null && !ON_THE_WAY.has(view.state) && !view.restartPending ? { ok: true } : null;
  if (holds(view, condition)) return { ok: true };
  if (condition === 'completed' && !view.job) return fail('it is a server, not a one-shot job, so it never completes');
  if (view.state === 'crashloop') return fail(`it is in a crash loop, so the restart policy gave up${lastWords(view.lastExit)}`);
  if (view.state === 'stopped') return fail('it is not running');
  if (view.state !== 'exited' || view.restartPending) return null;
  if (view.job && view.lastExit?.code === 0) return fail('it completed (exited with code 0): it is a one-shot job, wait for it with --for completed');
  return fail(view.lastExit ? `it ${exitWords(view.lastExit)}, and its restart policy does not start it again` : 'it exited');
}

function holds(view: WaitView, condition: Exclude<WaitCondition, 'stopped'>): boolean {
  switch (condition) {
    case 'healthy':
      return view.state === 'running' && view.health === 'healthy';
    case 'running':
      return view.pid !== null && (view.state === 'starting' || view.state === 'running' || view.state === 'building');
    case 'completed':
      return view.job && view.state === 'exited' && view.lastExit?.code === 0;
  }
}

function lastWords(exit: LastExit | null): string {
  return exit ? `; it last ${exitWords(exit)}` : '';
}

/** "exited with code 1: Error: …"; a start that never ran (busy port, failed build) says so. */
function exitWords(exit: LastExit): string {
  if (exit.code === null && exit.signal === null && exit.reason) return `failed to start: ${exit.reason}`;
  return describeExitWithReason(exit);
}

function fail(reason: string): WaitDecision {
  return { ok: false, reason };
}
