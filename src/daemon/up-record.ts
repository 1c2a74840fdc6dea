/**
 * Each `up` in the timeline: an `up-start` and an `up-end` event around it, with the same
 * `id`, so `stack analyze` can tell which per-service events belong to it and what total
 * the `up` printed. Both moments come from the clock readings the total is computed from,
 * so `up-end.at − up-start.at` is `elapsedMs` to the millisecond.
 */
import type { Done } from '../protocol/messages.js';
import type { EventLog } from './state/event-log.js';

let count = 0;

/** Runs `op` (the up's work on `services` of `project`) between its two markers; the Done says how long it took. */
export async function recordedUp(events: EventLog, up: { project: string; services: readonly string[] }, op: () => Promise<Done>): Promise<Done> {
  count += 1;
  // Unique among this daemon's ups, and across daemons (a new daemon has another pid).
  const id = `${process.pid}.${count}`;
  const began = Date.now();
  events.append('up-start', { id, project: up.project, services: [...up.services] }, began);
  try {
    const done = await op();
    const ended = Date.now();
    const failed = done.failures.map((f) => ({ service: f.service, reason: f.reason, blocked: f.blocked }));
    events.append('up-end', { id, ok: done.ok, elapsedMs: ended - began, failed }, ended);
    return { ...done, elapsedMs: ended - began };
  } catch (error) {
    const ended = Date.now();
    events.append('up-end', { id, ok: false, elapsedMs: ended - began, failed: [], error: error instanceof Error ? error.message : String(error) }, ended);
    throw error;
  }
}
