/**
 * Is a service a one-shot job (a migration, a seed, a build watcher's first pass) rather
 * than a server? Its clean exit 0 is then its work done ("completed"); a server's exit 0
 * (`redis-cli shutdown`) is it going down like any other exit. A job has no port, no pid
 * file, no health check, `restart` other than `always`, and no dependent waiting for it to
 * be started or healthy (they would wait for something that is meant to stay up).
 */
import type { ServiceConfig } from './types.js';

export function isJob(name: string, services: Readonly<Record<string, ServiceConfig>>): boolean {
  const service = services[name];
  if (!service || !mayBeJob(service)) return false;
  return !Object.values(services).some((other) => {
    const condition = other.dependsOn[name];
    return condition === 'started' || condition === 'healthy';
  });
}

/** What a service's own config says: a server for sure (false), or a job unless a dependent waits for it to stay up. */
export function mayBeJob(service: ServiceConfig): boolean {
  return service.port === undefined && service.pidFile === undefined && service.health.probe.kind === 'process' && service.restart !== 'always';
}
