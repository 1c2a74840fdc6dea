/**
 * The probe loop of one run. Probes fast while a service boots, so `up` returns as soon
 * as it is ready rather than on the next `interval` tick; then every `interval`. A hung
 * probe only delays its own service: each service has its own loop and every probe is
 * bounded by `timeout`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../../runtime/process/identity.js';
import { runProbe } from '../../runtime/probes/index.js';
import type { ProbeResult } from '../../runtime/types.js';
import { onRunExit } from './run-exit.js';
import type { ServiceRuntime } from './service.js';

/**
 * How often to probe a booting service: every `up` hop waits on average half of this
 * beyond the service's own boot. A refused connection costs microseconds; an exec probe
 * spawns a process, so it goes slower.
 */
export const BOOT_PROBE_MS = 10;
export const BOOT_EXEC_PROBE_MS = 50;

export async function monitorHealth(
  service: ServiceRuntime,
  controller: AbortController,
  options: { logOffset: number; watchExit: boolean },
): Promise<void> {
  const { signal } = controller;
  const { health, cwd, env } = service.config;
  const began = Date.now();
  let failures = 0;
  try {
    while (!signal.aborted) {
      const identity = service.identity;
      if (!identity) return;
      if (options.watchExit && !(await isAlive(identity))) {
        // An adopted process has no parent to tell us its exit status.
        await onRunExit(service, { code: null, signal: null, at: Date.now() }, controller);
        return;
      }
      const result = await runProbe(health.probe, {
        timeoutMs: health.timeout,
        cwd,
        env,
        logFile: service.logFile,
        logOffset: options.logOffset,
        identity,
      });
      if (signal.aborted) return;
      const booting = !service.run.ready && Date.now() - began < health.startPeriod;
      failures = result.ok ? 0 : booting ? failures : failures + 1;
      recordProbe(service, result, !booting, failures);
      const delay = service.run.ready || !booting ? health.interval : health.probe.kind === 'exec' ? BOOT_EXEC_PROBE_MS : BOOT_PROBE_MS;
      await sleep(delay, undefined, { signal });
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}


/**
 * One probe result into the service's health: the first pass makes the run ready; after
 * `retries` counted failures in a row it is unhealthy, which fails a run not yet ready
 * and hands the service to the restart policy.
 */
function recordProbe(service: ServiceRuntime, result: ProbeResult, counted: boolean, failures: number): void {
  service.healthDetail = result.message;
  if (result.ok) {
    if (service.health !== 'healthy') service.record('health', { health: 'healthy', detail: result.message });
    service.health = 'healthy';
    if (!service.run.ready) {
      service.run.ready = true;
      service.setState('running');
    }
    service.notify();
    return;
  }
  if (!counted || failures < service.config.health.retries) return;
  const becameUnhealthy = service.health !== 'unhealthy';
  if (becameUnhealthy) service.record('health', { health: 'unhealthy', detail: result.message });
  service.health = 'unhealthy';
  const reason = `health check failed ${failures} times in a row: ${result.message}`;
  if (!service.run.ready) service.run.failure ??= reason;
  service.notify();
  service.changed();
  if (becameUnhealthy) service.autoRestart.handle({ kind: 'unhealthy' }, reason, service.uptime());
}
