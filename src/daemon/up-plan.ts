/**
 * What `stack up` does to each service when stack.yaml changed while the stack ran
 * (pure): restart those whose process was started with other config (a service whose
 * resolved config changed only through a dependency's, e.g. `${db.port}`, is one of
 * them), start the new ones and the stopped ones, stop those the file no longer lists,
 * and leave the others alone. `up --dry-run` prints this plan and does nothing else.
 */
import { configChanges } from '../config/diff.js';
import type { ServiceConfig, StackConfig } from '../config/types.js';
import type { ServiceProgress } from '../protocol/messages.js';

/** What the daemon knows of a service before this `up`. */
export interface KnownService {
  /** The config its process was started with, while one runs. */
  startedWith: ServiceConfig | null;
  /** A process runs, or an operation is starting one. */
  active: boolean;
  pid: number | null;
}

export type UpStep =
  | { service: string; action: 'stop'; why: 'removed' }
  | { service: string; action: 'restart'; why: 'config-changed'; changes: string[] }
  | { service: string; action: 'start'; why: 'new' | 'not-running' }
  | { service: string; action: 'keep'; pid: number | null };

/**
 * `known`: by service name, null when the daemon was never given a config (its first
 * `up`: nothing is new then). `targets`: the services `up` brings up, dependencies first.
 * `everything`: a plain `up` (no names), the only one that stops what the file no longer lists.
 */
export function planUp(known: ReadonlyMap<string, KnownService> | null, config: StackConfig, targets: readonly string[], everything: boolean): UpStep[] {
  if (known === null) return targets.map((service) => ({ service, action: 'start', why: 'not-running' }));
  const removed: UpStep[] = everything
    ? [...known].filter(([name, k]) => k.active && !(name in config.services)).map(([service]) => ({ service, action: 'stop', why: 'removed' }))
    : [];
  return [...removed, ...targets.map((service) => stepFor(service, known.get(service), config.services[service]!))];
}

function stepFor(service: string, known: KnownService | undefined, now: ServiceConfig): UpStep {
  if (!known) return { service, action: 'start', why: 'new' };
  if (!known.active) return { service, action: 'start', why: 'not-running' };
  const changes = known.startedWith ? configChanges(known.startedWith, now) : [];
  if (changes.length > 0) return { service, action: 'restart', why: 'config-changed', changes };
  return { service, action: 'keep', pid: known.pid };
}

/**
 * The progress line that announces a step. A real `up` announces only what differs from
 * a plain start (a restart, a new service, a stop); `--dry-run` announces every step.
 */
export function announcement(step: UpStep, dryRun: boolean): Pick<ServiceProgress, 'service' | 'phase' | 'detail' | 'pid'> | null {
  switch (step.action) {
    case 'stop':
      return { service: step.service, phase: 'removed' };
    case 'restart':
      return { service: step.service, phase: 'config-changed', detail: step.changes.join(', ') };
    case 'start':
      if (step.why === 'new') return { service: step.service, phase: 'new' };
      return dryRun ? { service: step.service, phase: 'not-running' } : null;
    case 'keep':
      return dryRun ? { service: step.service, phase: 'already-running', ...(step.pid === null ? {} : { pid: step.pid }) } : null;
  }
}
