/**
 * A service whose dependency is down or unhealthy (incident 001: the UI said "Login
 * failed" while the API was gone). The finding sits on the dependent and names the
 * dependency (causedBy), so the report says which service to fix instead of the symptom.
 */
import type { DependencyCondition, StackConfig } from '../../config/types.js';
import type { ServiceStatus } from '../../protocol/status.js';
import { hasFailed, isUp, shortExit } from '../service-state.js';
import type { Check, Finding } from '../types.js';

/** Why `dep` fails `dependent`'s condition, or null when it does not. */
export function dependencyTrouble(dep: ServiceStatus, condition: DependencyCondition, dependent: ServiceStatus, config: StackConfig | null): string | null {
  if (dep.state === 'crashloop') return `${dep.name} is in a crash loop (${shortExit(dep.lastExit)})`;
  if (dep.state === 'exited') {
    if (condition === 'completed' && !hasFailed(dep, config)) return null;
    return `${dep.name} is down (${shortExit(dep.lastExit)})`;
  }
  if (isUp(dep) && dep.health === 'unhealthy') return `${dep.name} is unhealthy${dep.healthDetail ? ` (${dep.healthDetail})` : ''}`;
  // Not started at all: only news when something that needs it is running.
  if (!isUp(dep) && dep.state === 'stopped' && isUp(dependent)) return `${dep.name} is not running`;
  return null;
}

export const dependencyDown: Check = async ({ config, status }) => {
  if (!config || !status) return [];
  const byName = new Map(status.services.map((s) => [s.name, s]));
  /** The first failing dependency of `name` with why, or null. */
  const failingDependency = (name: string): { name: string; trouble: string } | null => {
    const self = byName.get(name);
    for (const [dep, condition] of Object.entries(config.services[name]?.dependsOn ?? {})) {
      const depStatus = byName.get(dep);
      const trouble = self && depStatus ? dependencyTrouble(depStatus, condition, self, config) : null;
      if (trouble) return { name: dep, trouble };
    }
    return null;
  };
  /** Follow failing dependencies down to the one whose own dependencies are fine (config is acyclic). */
  const rootOf = (failing: { name: string; trouble: string }): { name: string; trouble: string } => {
    const deeper = failingDependency(failing.name);
    return deeper ? rootOf(deeper) : failing;
  };

  const findings: Finding[] = [];
  for (const service of Object.values(config.services)) {
    const self = byName.get(service.name);
    if (!self) continue;
    for (const [name, condition] of Object.entries(service.dependsOn)) {
      const dep = byName.get(name);
      const trouble = dep ? dependencyTrouble(dep, condition, self, config) : null;
      if (!trouble) continue;
      const root = rootOf({ name, trouble });
      const message =
        root.name === name
          ? `${trouble}; ${service.name} depends on it — fix ${name} first`
          : `${trouble}; ${service.name} depends on it — the root cause is deeper: ${root.trouble}; fix ${root.name} first`;
      findings.push({
        check: 'dependency-down',
        severity: 'error',
        service: service.name,
        message,
        hint: `stack doctor ${root.name}`,
        fixable: false,
        causedBy: name,
      });
    }
  }
  return findings;
};
