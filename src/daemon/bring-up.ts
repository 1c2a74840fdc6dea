/**
 * Bringing services up: every target starts as soon as its own dependencies meet their
 * conditions, not wave by wave, so a slow service only delays what depends on it. Used by
 * the supervisor's `up` and `restart`, which own the service set and save its state; and
 * the builds that go first when a running service is restarted. Among the services whose
 * dependencies are met, those with slack may be held back while the critical ones start
 * (start-order.ts).
 */
import type { Done, Failure } from '../protocol/messages.js';
import type { Outcome, ServiceRuntime } from './service/service.js';
import type { StartOrder, StartPlan } from './start-order.js';

type InternalError = (service: string, error: unknown) => void;

/** Starts `targets` (those not active yet) and waits for each; `skipBuild`: their build already ran. */
export async function bringUp(
  services: ReadonlyMap<string, ServiceRuntime>,
  targets: string[],
  skipBuild: ReadonlySet<string>,
  order: StartOrder,
  internalError: InternalError,
): Promise<Done> {
  const fresh = targets.filter((n) => !services.get(n)!.isActive());
  for (const name of fresh) services.get(name)!.claim();
  const up: BringUp = { services, order, plan: order.plan(services, fresh), internalError };
  const failures: Failure[] = [];
  await Promise.all(
    targets.map(async (name) => {
      const failure = await bringUpOne(up, services.get(name)!, { start: fresh.includes(name), skipBuild: skipBuild.has(name) });
      if (failure) failures.push(failure);
    }),
  );
  // Done means watched too: a save right after `up` returns must mark the service stale.
  // (Dependents do not wait for this: a watcher crawling a big tree is not a readiness.)
  await Promise.all(targets.map((n) => services.get(n)!.sources.watching()));
  const position = new Map(targets.map((n, i) => [n, i]));
  failures.sort((a, b) => position.get(a.service)! - position.get(b.service)!);
  return { type: 'done', ok: failures.length === 0, failures };
}

interface BringUp {
  services: ReadonlyMap<string, ServiceRuntime>;
  order: StartOrder;
  plan: StartPlan;
  internalError: InternalError;
}

async function bringUpOne(
  { services, order, plan, internalError }: BringUp,
  service: ServiceRuntime,
  { start, skipBuild }: { start: boolean; skipBuild: boolean },
): Promise<Failure | null> {
  const name = service.name;
  let began = Date.now();
  // Another operation may be starting it right now: then wait for its outcome like ours.
  const joined = !start && service.state !== 'running';
  if (!start && !joined) {
    service.emit('already-running', { pid: service.identity?.pid });
  } else if (start) {
    const runId = service.run.id;
    const blocked = await waitForDependencies(services, service);
    const held = blocked ? null : plan.hold(service);
    if (held) await held;
    if (service.run.id !== runId) {
      // A `restart` took it over while it waited for its dependencies: that run is the
      // one to wait for (its progress reaches us too), not one to fail or start twice.
      return joinedOutcome(service);
    }
    // Stopped (stack down) while it waited for its dependencies: do not start it after all.
    if (service.state !== 'pending') {
      const { failure, stoppedByDown } = service.run;
      const reason = failure ?? 'stopped before it started';
      service.emit('skipped', { detail: reason });
      return { service: name, reason, log: null, blocked: true, interrupted: stoppedByDown };
    }
    if (blocked) {
      service.abandon(blocked);
      service.emit('skipped', { detail: blocked });
      return { service: name, reason: blocked, log: null, blocked: true };
    }
    began = Date.now();
    // Its dependencies are there (with the conditions they had to meet): `stack analyze` starts its own time here.
    service.record('launch', { after: service.config.dependsOn });
    void service.start({ skipBuild }).catch((error: unknown) => internalError(name, error));
  }
  const runId = service.run.id;
  const outcome: Outcome = await service.waitFor('healthy');
  if (outcome.ok) {
    // A restart replaced the run we waited for: its operation reported the progress.
    if (service.run.id !== runId) return null;
    if (start) order.remember(name, Date.now() - began);
    // Without a health check, "healthy" only means it stayed up: say "running".
    const phase = service.state === 'exited' ? 'completed' : service.config.health.probe.kind === 'process' ? 'started' : 'healthy';
    if (start || joined) service.emit(phase, { elapsedMs: Date.now() - began, pid: service.identity?.pid });
    return null;
  }
  const interrupted = service.run.stoppedByDown;
  service.emit(interrupted ? 'skipped' : 'failed', { detail: outcome.reason });
  return { service: name, reason: outcome.reason, log: service.runLog, blocked: false, interrupted };
}

/** The outcome of a run another operation owns: it reports the progress, we only the failure. */
async function joinedOutcome(service: ServiceRuntime): Promise<Failure | null> {
  const outcome = await service.waitFor('healthy');
  if (outcome.ok) return null;
  return { service: service.name, reason: outcome.reason, log: service.runLog, blocked: false, interrupted: service.run.stoppedByDown };
}

/** null when every dependency met its condition, else why this service cannot start. */
async function waitForDependencies(services: ReadonlyMap<string, ServiceRuntime>, service: ServiceRuntime): Promise<string | null> {
  const deps = Object.entries(service.config.dependsOn);
  if (deps.length === 0) return null;
  const pending = deps.filter(([dep, condition]) => services.get(dep)!.decide(condition) === null);
  if (pending.length > 0) service.emit('waiting', { detail: pending.map(([d]) => d).join(', ') });
  const outcomes = await Promise.all(
    deps.map(async ([dep, condition]) => ({ dep, outcome: await services.get(dep)!.waitFor(condition) })),
  );
  const failed = outcomes.find((o) => !o.outcome.ok);
  return failed ? `not started: its dependency ${failed.dep} failed` : null;
}

/** Run the builds of services about to be restarted: a failed build leaves the running version alone. */
export async function buildFirst(services: ReadonlyMap<string, ServiceRuntime>, names: readonly string[]): Promise<{ built: string[]; failures: Failure[] }> {
  const built: string[] = [];
  const failures: Failure[] = [];
  for (const name of names) {
    const service = services.get(name)!;
    const outcome = await service.build();
    if (outcome.ok) built.push(name);
    else {
      service.emit('failed', { detail: outcome.reason });
      failures.push({ service: name, reason: outcome.reason, log: service.runLog, blocked: false });
    }
  }
  return { built, failures };
}
