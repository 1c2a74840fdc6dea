/**
 * One service's part of an `up`, from its events: when it could start (`launch`: its
 * dependencies were there), its build, its process's start (`start`), the first time a
 * probe got a connection to its port (`listening`), and when it was ready (`health`
 * healthy, or a job's exit 0), or where it stopped. The parts are the intervals between
 * consecutive moments, so they add up to its ready time exactly. Pure.
 */
import { describeExit } from '../protocol/exit-wording.js';
import type { StackEvent } from '../protocol/events.js';

export type Outcome = 'ready' | 'completed' | 'failed' | 'blocked' | 'already-running' | 'unfinished';

/** The moments (epoch ms) an up's dependents and `stack analyze` care about; null: it did not get there. */
export interface Moments {
  launched: number | null;
  /** A build that ran in this up: when it ended, how long it took, and whether it ran before the launch (a restart builds first). */
  build: { endedAt: number; durationMs: number; beforeLaunch: boolean; ok: boolean } | null;
  spawned: number | null;
  listening: number | null;
  /** Healthy, or (a job) exited 0: `completed`. */
  ready: number | null;
  completed: boolean;
  /** When and why it failed, as far as its own events say (the up's end has the reason `up` printed). */
  failed: { at: number; reason: string } | null;
}

export interface ServiceTimes {
  name: string;
  outcome: Outcome;
  pid: number | null;
  /** The port its probe connected to first (null: no tcp/http probe, or never reached). */
  port: number | null;
  /** What it waited for, with the conditions (depends_on), as its `launch` says. */
  dependsOn: Record<string, string>;
  moments: Moments;
  /** ms, each from the moment before: up start → launch (minus a build before it), build, → spawned, → listening, → ready. */
  waitingMs: number | null;
  /** Of waitingMs, how long it was held back for the critical services to start (daemon/start-order.ts), and for which. */
  heldMs: number | null;
  heldFor: string[];
  buildMs: number | null;
  spawnMs: number | null;
  listenMs: number | null;
  readyMs: number | null;
  /** Since the up started: when it was ready (the sum of the parts), or when it failed. */
  readyAtMs: number | null;
  failedAtMs: number | null;
  /** launch → ready: the figure `up` printed for it ("healthy in 412ms"). */
  elapsedMs: number | null;
  error: string | null;
}

const at = (e: StackEvent): number => Date.parse(e.at);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The moments of `name` in an up, from that up's events (in order). */
export function momentsOf(name: string, events: readonly StackEvent[]): Moments & { pid: number | null; port: number | null; dependsOn: Record<string, string> } {
  const mine = events.filter((e) => e.service === name);
  const first = (type: string, after: number | null, test: (e: StackEvent) => boolean = () => true): StackEvent | undefined =>
    after === null ? undefined : mine.find((e) => e.type === type && at(e) >= after && test(e));
  const launch = mine.find((e) => e.type === 'launch');
  const launched = launch ? at(launch) : null;
  const buildEvent = mine.find((e) => e.type === 'build');
  const build = buildEvent
    ? { endedAt: at(buildEvent), durationMs: num(buildEvent.durationMs) ?? 0, beforeLaunch: launched === null || at(buildEvent) <= launched, ok: buildEvent.code === 0 }
    : null;
  const start = first('start', launched);
  const spawned = start ? at(start) : null;
  const listen = first('listening', spawned);
  const healthy = first('health', spawned, (e) => e.health === 'healthy');
  const exit = first('exit', spawned);
  const completed = exit && exit.code === 0 && (!healthy || at(exit) <= at(healthy)) ? exit : undefined;
  const readyEvent = completed ?? healthy;
  const ready = readyEvent ? at(readyEvent) : null;
  const failed = failureOf(mine, launched, ready, build);
  const listening = listen && (ready === null || at(listen) <= ready) ? at(listen) : null;
  const after = launch?.after;
  const dependsOn = after && typeof after === 'object' ? Object.fromEntries(Object.entries(after).map(([k, v]) => [k, String(v)])) : {};
  return { launched, build, spawned, listening, ready, completed: completed !== undefined, failed, pid: num(start?.pid), port: listen ? num(listen.port) : null, dependsOn };
}

/** The first sign of failure after the launch and before it was ready. */
function failureOf(mine: readonly StackEvent[], launched: number | null, ready: number | null, build: Moments['build']): Moments['failed'] {
  if (build && !build.ok) return { at: build.endedAt, reason: `its build failed (${describeExit({ code: num(mine.find((e) => e.type === 'build')?.code), signal: null })})` };
  if (launched === null) return null;
  const bad = mine.find(
    (e) =>
      at(e) >= launched &&
      (ready === null || at(e) < ready) &&
      (e.type === 'start-failed' || (e.type === 'exit' && e.code !== 0) || (e.type === 'health' && e.health === 'unhealthy')),
  );
  if (!bad) return null;
  const reason = typeof bad.reason === 'string' ? bad.reason : typeof bad.detail === 'string' ? bad.detail : bad.type;
  return { at: at(bad), reason };
}

/** The parts of one service's up, relative to `upStart`; `failure`: the reason the up's end gave for it, if any. */
export function serviceTimes(name: string, upStart: number, events: readonly StackEvent[], failure: { reason: string; blocked: boolean } | null, finished: boolean): ServiceTimes {
  const m = momentsOf(name, events);
  const since = (t: number | null): number | null => (t === null ? null : t - upStart);
  const between = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : b - a);
  const pre = m.build?.beforeLaunch ? Math.min(m.build.durationMs, Math.max(0, (m.launched ?? upStart) - upStart)) : 0;
  const inRunBuild = m.build && !m.build.beforeLaunch ? m.build.endedAt : null;
  const waitingMs = m.launched === null ? null : m.launched - upStart - pre;
  const buildMs = m.build === null ? null : m.build.beforeLaunch ? pre : between(m.launched, inRunBuild);
  const spawnMs = between(inRunBuild ?? m.launched, m.spawned);
  const listenMs = between(m.spawned, m.listening);
  const readyMs = between(m.listening ?? m.spawned, m.ready);
  const outcome = outcomeOf(m, failure, finished);
  const held = events.find((e) => e.service === name && e.type === 'held' && (m.launched === null || at(e) <= m.launched));
  const error = failure?.reason ?? (outcome === 'failed' ? (m.failed?.reason ?? null) : null);
  return {
    name,
    outcome,
    pid: m.pid,
    port: m.port,
    dependsOn: m.dependsOn,
    moments: m,
    waitingMs,
    heldMs: held ? num(held.heldMs) : null,
    heldFor: held && Array.isArray(held.behind) ? held.behind.map(String) : [],
    buildMs,
    spawnMs,
    listenMs,
    readyMs,
    readyAtMs: since(m.ready),
    failedAtMs: outcome === 'failed' ? since(m.failed?.at ?? null) : null,
    elapsedMs: between(m.launched, m.ready),
    error: outcome === 'completed' || outcome === 'ready' ? null : error,
  };
}

function outcomeOf(m: Moments, failure: { blocked: boolean } | null, finished: boolean): Outcome {
  if (failure) return failure.blocked ? 'blocked' : 'failed';
  if (m.ready !== null && m.failed === null) return m.completed ? 'completed' : 'ready';
  if (m.failed !== null) return 'failed';
  if (m.launched === null) return finished ? 'already-running' : 'unfinished';
  return 'unfinished';
}
