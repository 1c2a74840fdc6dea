/**
 * How long each service of an `up` could start later without making the whole `up` take
 * longer (pure): its slack, from the dependency graph and how long each service took to
 * boot (launch → ready) the last time. The classic critical-path method: earliest start
 * from the dependencies forwards, latest start from the dependents backwards, slack the
 * difference. Services on the critical path have none. The start order (daemon/start-order.ts)
 * lets the critical services boot first and holds back those with slack for a while.
 */
import type { DependencyCondition } from '../config/types.js';

/** The services of one `up`: name → the targets it depends on, with the condition each must meet. */
export type ConditionDeps = Readonly<Record<string, Readonly<Record<string, DependencyCondition>>>>;

export interface Slack {
  /** When it can start at the earliest, ms after the `up` began (its dependencies met). */
  earliestMs: number;
  /** How much later it could start without lengthening the `up`. */
  slackMs: number;
}

/**
 * By service, or null when some service has no boot time yet (never started by this
 * daemon, or no record kept): without the whole picture, a hold could lengthen the `up`.
 * Dependencies outside `deps` (already running) count as met from the start.
 */
export function startSlack(deps: ConditionDeps, bootMs: Readonly<Record<string, number | undefined>>): Map<string, Slack> | null {
  const names = Object.keys(deps);
  if (names.some((n) => !Number.isFinite(bootMs[n]))) return null;
  const boot = (n: string): number => Math.max(0, bootMs[n]!);
  // What a dependent waits for: `started` only for the spawn, otherwise for the whole boot.
  const lag = (dep: string, condition: DependencyCondition): number => (condition === 'started' ? 0 : boot(dep));
  const edges = (n: string): [string, DependencyCondition][] => Object.entries(deps[n] ?? {}).filter(([d]) => Object.hasOwn(deps, d));
  const order = topological(names, (n) => edges(n).map(([d]) => d));
  if (order === null) return null;

  const earliest = new Map<string, number>();
  for (const n of order) earliest.set(n, Math.max(0, ...edges(n).map(([d, c]) => earliest.get(d)! + lag(d, c))));
  const total = Math.max(0, ...order.map((n) => earliest.get(n)! + boot(n)));
  const latest = new Map<string, number>(order.map((n) => [n, total - boot(n)]));
  for (const n of [...order].reverse()) {
    for (const [d, c] of edges(n)) latest.set(d, Math.min(latest.get(d)!, latest.get(n)! - lag(d, c)));
  }
  return new Map(order.map((n) => [n, { earliestMs: earliest.get(n)!, slackMs: Math.max(0, latest.get(n)! - earliest.get(n)!) }]));
}

/** Dependencies before dependents; null on a cycle (config validation rejects those first). */
function topological(names: readonly string[], depsOf: (n: string) => readonly string[]): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const out: string[] = [];
  for (const start of names) {
    if (state.has(start)) continue;
    const path = [start];
    const next = [0];
    state.set(start, 'visiting');
    while (path.length > 0) {
      const top = path.length - 1;
      const ds = depsOf(path[top]!);
      const i = next[top]!;
      if (i >= ds.length) {
        state.set(path[top]!, 'done');
        out.push(path.pop()!);
        next.pop();
        continue;
      }
      next[top] = i + 1;
      const d = ds[i]!;
      const s = state.get(d);
      if (s === 'visiting') return null;
      if (s === 'done') continue;
      state.set(d, 'visiting');
      path.push(d);
      next.push(0);
    }
  }
  return out;
}
