/**
 * Root causes first (pure). A service whose trouble comes from a failing dependency
 * gets one line pointing at that dependency: its own symptoms (failing health check,
 * unreachable host:port, exits) are folded into that line, because fixing the
 * dependency is the next step. Findings are ordered config problems first, then by
 * depth in the dependency graph (what others depend on first), errors before warnings,
 * and "not running" notes last.
 */
import { startWaves, type Deps } from '../graph/graph.js';
import type { CheckId, Finding, Severity } from './types.js';

/** Checks whose finding is likely a consequence of a failing dependency. */
const SYMPTOMS: ReadonlySet<CheckId> = new Set(['service-down', 'service-unhealthy', 'crash-loop', 'dependency-unreachable']);

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export function rootCauseOrder(findings: readonly Finding[], deps: Deps): Finding[] {
  const blocked = new Set(findings.filter((f) => f.check === 'dependency-down' && f.service !== null).map((f) => f.service));
  const kept = findings.filter((f) => !(f.service !== null && blocked.has(f.service) && SYMPTOMS.has(f.check)));

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
