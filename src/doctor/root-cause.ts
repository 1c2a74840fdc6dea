/**
 * Root causes first (pure). A service whose trouble comes from a failing dependency
 * gets one line pointing at that dependency: its own symptoms (failing health check,
 * unreachable host:port, exits) are folded into that line, because fixing the
 * dependency is the next step. Findings are ordered config problems first, then by
 * depth in the dependency graph (what others depend on first), errors before warnings,
 * and "not running" notes last. A service that is not running because a dependency has
 * an error (never started after it failed, or stopped) is pointed at that dependency:
 * `stack up <svc>` alone would fail the same way.
 */
import { startWaves, type Deps } from '../graph/graph.js';
import type { CheckId, Finding, Severity } from './types.js';

/** Checks whose finding is likely a consequence of a failing dependency. */
const SYMPTOMS: ReadonlySet<CheckId> = new Set(['service-down', 'service-unhealthy', 'crash-loop', 'dependency-unreachable']);

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export function rootCauseOrder(findings: readonly Finding[], deps: Deps): Finding[] {
  const blocked = new Set(findings.filter((f) => f.check === 'dependency-down' && f.service !== null).map((f) => f.service));
  const failing = new Set(findings.filter((f) => f.severity === 'error' && f.service !== null).map((f) => f.service!));
  const kept = findings
    .filter((f) => !(f.service !== null && blocked.has(f.service) && SYMPTOMS.has(f.check)))
    .map((f) => (isNotRunning(f) ? pointedAtCause(f, failingDependency(f.service!, deps, failing)) : f));

  const level = new Map<string, number>();
  const order = new Map<string, number>();
  startWaves(deps).forEach((wave, i) => wave.forEach((name) => level.set(name, i)));
  Object.keys(deps).forEach((name, i) => order.set(name, i));

  const rank = (f: Finding, index: number): number[] => [
    f.service === null ? 0 : 1,
    f.severity === 'info' ? 1 : 0,
    f.service === null ? 0 : (level.get(f.service) ?? Number.MAX_SAFE_INTEGER),
    f.service === null ? 0 : (order.get(f.service) ?? Number.MAX_SAFE_INTEGER),
    f.check === 'dependency-down' ? 1 : 0,
    SEVERITY_RANK[f.severity],
    index,
  ];
  return kept
    .map((f, index) => ({ f, key: rank(f, index) }))
    .sort((a, b) => compare(a.key, b.key))
    .map(({ f }) => f);
}

function isNotRunning(f: Finding): f is Finding & { service: string } {
  return f.check === 'service-down' && f.severity === 'info' && f.service !== null && f.causedBy === undefined;
}

/** The nearest dependency (breadth first, through the ones that are fine or only stopped) with an error of its own. */
export function failingDependency(name: string, deps: Deps, failing: ReadonlySet<string>): string | null {
  const seen = new Set([name]);
  let wave = [name];
  while (wave.length > 0) {
    const next: string[] = [];
    for (const service of wave) {
      for (const dep of Object.hasOwn(deps, service) ? deps[service]! : []) {
        if (seen.has(dep)) continue;
        if (failing.has(dep)) return dep;
        seen.add(dep);
        next.push(dep);
      }
    }
    wave = next;
  }
  return null;
}

function pointedAtCause(f: Finding & { service: string }, cause: string | null): Finding {
  if (cause === null) return f;
  return { ...f, message: `${f.message}; it depends on ${cause}, which has a problem — fix ${cause} first`, hint: `fix ${cause} first, then: stack up ${f.service}`, causedBy: cause };
}

/** The report is ok when nothing is an error. */
export function isOk(findings: readonly Finding[]): boolean {
  return !findings.some((f) => f.severity === 'error');
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}
