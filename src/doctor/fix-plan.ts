/**
 * What `stack doctor --fix` will do (pure): restart the services stack manages that are
 * down, unhealthy or stale, dependencies first; for foreign processes, only say how to
 * stop them. Nothing else is touched.
 */
import { withDependencies, type Deps } from '../graph/graph.js';
import type { Finding } from './types.js';

export interface FixPlan {
  /** Services to restart, dependencies before dependents. */
  restart: string[];
  /** Findings about processes stack does not own: printed with their kill command. */
  leftAlone: Finding[];
}

export function planFix(findings: readonly Finding[], deps: Deps): FixPlan {
  const wanted = new Set(findings.filter((f) => f.fixable && f.service !== null && f.severity === 'error').map((f) => f.service!));
  const restart = withDependencies(deps, [...wanted]).filter((n) => wanted.has(n));
  const leftAlone = findings.filter((f) => f.check === 'port-conflict' || (f.check === 'stale-code' && !f.fixable));
  return { restart, leftAlone };
}
