/**
 * `stack analyze`: the critical chain of the last `up`, from the timeline alone (so it
 * works after the fact, daemon or not), like `systemd-analyze critical-chain`. The chain
 * ends at the service that was ready last (or failed last); each link is the dependency
 * whose condition was met last before the next one could start. Each link's `addsMs` is
 * its share: from the moment the link before it let it start (the up's start, for the
 * first) to the moment it let the next start (its own readiness, for the last), so the
 * shares add up to the chain's end, and with `finishingMs` to the total `up` printed.
 * Pure: events in, the document `stack analyze --json` prints out.
 */
import type { StackEvent } from '../protocol/events.js';
import { formatDuration } from '../format.js';
import { serviceTimes, type ServiceTimes } from './service-times.js';
import { lastUp, type UpWindow } from './up-window.js';

export type { Outcome } from './service-times.js';

export interface AnalyzedService extends Omit<ServiceTimes, 'moments'> {
  /** On the critical chain. */
  critical: boolean;
  /** The dependency it waited for longest (met its condition last), or null. */
  waitedFor: string | null;
  /** Its share of the chain (null off the chain). */
  addsMs: number | null;
}

export interface Analysis {
  /** The up finished and brought everything up. */
  ok: boolean;
  /** Why there is no chain to show, or what went wrong, as a sentence; null when ok. */
  problem: string | null;
  up: {
    id: string;
    /** stack.yaml's `name` when it ran. */
    project: string | null;
    startedAt: string;
    endedAt: string | null;
    /** What `up` printed as its total ("3 services ready in 1.2s"): the daemon's own figure. */
    elapsedMs: number | null;
    services: string[];
    /** Later ups that found everything running (the one shown is the last that started something). */
    laterNoOps: number;
  } | null;
  /** The critical chain, first to last. */
  critical: string[];
  /** The sum of the chain's shares: when its last link was ready (or failed), after the up began. */
  chainMs: number | null;
  /** From then until the up answered (watching sources, saving state); chainMs + finishingMs = elapsedMs. */
  finishingMs: number | null;
  services: AnalyzedService[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function analyzeEvents(events: readonly StackEvent[], now = Date.now()): Analysis {
  const up = lastUp(events);
  if (!up) {
    const older = events.some((e) => e.type === 'start');
    return {
      ok: false,
      problem: older
        ? 'No timed `stack up` in this project\'s timeline (.stack/events.jsonl): the ups in it were run by an older stack, which did not record their timings.'
        : 'No `stack up` in this project\'s timeline yet (.stack/events.jsonl): nothing to analyse.',
      up: null,
      critical: [],
      chainMs: null,
      finishingMs: null,
      services: [],
    };
  }
  const endAt = up.end ? Date.parse(up.end.at) : null;
  const failed = new Map(failuresOf(up.end).map((f) => [f.service, f]));
  const times = up.services.map((name) => serviceTimes(name, up.startedAt, up.events, failed.get(name) ?? null, up.end !== null));
  const chain = criticalChain(times);
  const shares = sharesOf(chain, up.startedAt);
  const last = chain.at(-1);
  const chainEnd = last ? endMoment(last) : null;
  const elapsedMs = up.end && typeof up.end.elapsedMs === 'number' ? up.end.elapsedMs : null;
  const ok = up.end?.ok === true;
  return {
    ok,
    problem: ok ? null : problemOf(up, times, now),
    up: { id: up.id, project: up.project, startedAt: iso(up.startedAt), endedAt: endAt === null ? null : iso(endAt), elapsedMs, services: up.services, laterNoOps: up.laterNoOps },
    critical: chain.map((t) => t.name),
    chainMs: chainEnd === null ? null : chainEnd - up.startedAt,
    finishingMs: chainEnd === null || endAt === null ? null : endAt - chainEnd,
    services: times.map((t) => {
      const { moments: _, ...parts } = t;
      return { ...parts, critical: shares.has(t.name), waitedFor: predecessor(times, t)?.name ?? null, addsMs: shares.get(t.name) ?? null };
    }),
  };
}

function failuresOf(end: StackEvent | null): Array<{ service: string; reason: string; blocked: boolean }> {
  if (!end || !Array.isArray(end.failed)) return [];
  return end.failed.flatMap((f: unknown) => {
    if (!f || typeof f !== 'object') return [];
    const { service, reason, blocked } = f as Record<string, unknown>;
    return typeof service === 'string' ? [{ service, reason: typeof reason === 'string' ? reason : 'failed', blocked: blocked === true }] : [];
  });
}

/** When a service stopped mattering to the up: ready, or failed. */
function endMoment(t: ServiceTimes): number | null {
  return t.moments.ready ?? t.moments.failed?.at ?? null;
}

/** The moment `dep` let a dependent waiting on `condition` start. */
function metMoment(dep: ServiceTimes, condition: string): number | null {
  return condition === 'started' ? dep.moments.spawned : dep.moments.ready;
}

/** The dependency (launched in this up) whose condition was met last before `t` could start. */
function predecessor(times: readonly ServiceTimes[], t: ServiceTimes): ServiceTimes | null {
  let best: { dep: ServiceTimes; met: number } | null = null;
  for (const [name, condition] of Object.entries(t.dependsOn)) {
    const dep = times.find((d) => d.name === name);
    const met = dep && dep.moments.launched !== null ? metMoment(dep, condition) : null;
    if (dep && met !== null && (best === null || met > best.met)) best = { dep, met };
  }
  return best?.dep ?? null;
}

/** From the service that ended last back through each one's predecessor; first to last. */
function criticalChain(times: readonly ServiceTimes[]): ServiceTimes[] {
  let end: ServiceTimes | null = null;
  for (const t of times) {
    const moment = t.moments.launched === null ? null : endMoment(t);
    if (moment !== null && (end === null || moment > endMoment(end)!)) end = t;
  }
  const chain: ServiceTimes[] = [];
  for (let t = end; t !== null && !chain.includes(t); t = predecessor(times, t)) chain.unshift(t);
  return chain;
}

/** Each link's share: from the moment the one before let it start to the moment it let the next one start. */
function sharesOf(chain: readonly ServiceTimes[], upStart: number): Map<string, number> {
  const shares = new Map<string, number>();
  let from = upStart;
  chain.forEach((t, i) => {
    const next = chain[i + 1];
    const until = next ? metMoment(t, next.dependsOn[t.name] ?? 'healthy') : endMoment(t);
    if (until === null) return;
    shares.set(t.name, until - from);
    from = until;
  });
  return shares;
}

function problemOf(up: UpWindow, times: readonly ServiceTimes[], now: number): string {
  const when = `began at ${new Date(up.startedAt).toTimeString().slice(0, 8)}`;
  if (!up.end) {
    const waiting = times.filter((t) => t.outcome === 'unfinished').map((t) => t.name);
    const on = waiting.length > 0 ? `, waiting for ${waiting.join(', ')}` : '';
    if (up.interruptedAt !== null) return `The last up (${when}) did not finish: the daemon stopped ${formatDuration(up.interruptedAt - up.startedAt)} into it${on}.`;
    return `The last up (${when}) has not finished yet: it has been running for ${formatDuration(now - up.startedAt)}${on}.`;
  }
  const roots = times.filter((t) => t.outcome === 'failed').map((t) => t.name);
  const blocked = times.filter((t) => t.outcome === 'blocked').length;
  const them = roots.length === 1 ? 'it' : 'them';
  const elapsed = typeof up.end.elapsedMs === 'number' ? ` after ${formatDuration(up.end.elapsedMs)}` : '';
  const what = roots.length > 0 ? `${roots.join(', ')} failed` : 'it did not bring everything up';
  const also = blocked > 0 ? `; ${blocked} ${blocked === 1 ? 'service' : 'services'} depending on ${them} did not start` : '';
  return `The last up (${when}) failed${elapsed}: ${what}${also}.`;
}
