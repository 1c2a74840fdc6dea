/**
 * `stack wait` in the daemon: one waiter per service on its own state changes (no
 * polling), answered as soon as every service is there, one can no longer get there, the
 * timeout passes, or the CLI goes away. A service the daemon does not supervise (never
 * started, new in stack.yaml) counts as stopped.
 */
import { formatDuration } from '../format.js';
import type { Progress } from '../protocol/control.js';
import type { Phase } from '../protocol/messages.js';
import type { WaitCondition, WaitDone, WaitRequest, WaitResult } from '../protocol/wait.js';
import { decideWait, type WaitView } from '../protocol/wait-decision.js';
import type { ServiceRuntime } from './service/service.js';

const PHASE: Record<WaitCondition, Phase> = { healthy: 'healthy', running: 'started', completed: 'completed', stopped: 'stopped' };
const NOT_SUPERVISED: WaitView = { state: 'stopped', health: 'unknown', pid: null, lastExit: null, restartPending: false, job: false };

export async function waitForServices(
  services: ReadonlyMap<string, ServiceRuntime>,
  request: WaitRequest,
  progress: Progress,
  signal?: AbortSignal,
): Promise<WaitDone> {
  const names = request.services.length > 0 ? request.services : [...services.keys()];
  const condition = request.for;
  const stop = new AbortController();
  signal?.addEventListener('abort', () => stop.abort());
  let timedOut = false;
  const timer = request.timeoutMs === undefined ? null : setTimeout(() => ((timedOut = true), stop.abort()), request.timeoutMs);
  const decided = new Map<string, { ok: true } | { ok: false; reason: string }>();
  await Promise.all(
    names.map(async (name) => {
      const service = services.get(name);
      const outcome = service ? await service.waitUntil(condition, stop.signal) : decideWait(NOT_SUPERVISED, condition);
      if (!outcome) return;
      decided.set(name, outcome);
      const pid = service?.identity?.pid;
      if (outcome.ok) progress({ type: 'progress', service: name, phase: PHASE[condition], at: Date.now(), ...(pid ? { pid } : {}) });
      else {
        progress({ type: 'progress', service: name, phase: 'failed', at: Date.now(), detail: outcome.reason });
        // One that can no longer get there decides the wait.
        stop.abort();
      }
    }),
  );
  if (timer) clearTimeout(timer);
  const results = names.map((name): WaitResult => {
    const service = services.get(name);
    const view = service?.waitView() ?? NOT_SUPERVISED;
    const outcome = decided.get(name);
    const reason = outcome ? (outcome.ok ? null : outcome.reason) : notYet(condition, service, timedOut ? request.timeoutMs : undefined);
    return { name, state: view.state, health: view.health, pid: view.pid, ok: outcome?.ok ?? false, reason };
  });
  return { type: 'wait-done', ok: results.every((r) => r.ok), timedOut, results };
}

/** "not healthy yet after 1s: it is starting (last check: connection refused on 127.0.0.1 and ::1)". */
function notYet(condition: WaitCondition, service: ServiceRuntime | undefined, timeoutMs: number | undefined): string {
  const when = timeoutMs === undefined ? ' when the wait ended' : ` after ${formatDuration(timeoutMs)}`;
  const detail = service?.healthDetail ? ` (last check: ${service.healthDetail})` : '';
  return `not ${condition} yet${when}: it is ${service?.state ?? 'stopped'}${detail}`;
}
