/**
 * Each host:port a service's environment points at (DATABASE_URL, REDIS_URL, DB_HOST +
 * DB_PORT, …) must accept a TCP connection (incident 004: both were "up", on networks
 * that could not reach each other). A target that is one of the stack's own services
 * while that service is not up is left to dependency-down/service-down, which name it.
 */
import type { ServiceConfig } from '../../config/types.js';
import type { ServiceStatus } from '../../protocol/status.js';
import { endpointsInEnv, isLocalHost, type Endpoint } from '../env-endpoints.js';
import { isUp } from '../service-state.js';
import { tcpReachable } from '../tcp-reachable.js';
import type { Check, Finding } from '../types.js';

export const CONNECT_TIMEOUT_MS = 500;

/** Endpoints of `service` worth probing: not its own port, not a stack service that is down (reported elsewhere). */
export function endpointsToProbe(
  service: ServiceConfig,
  services: Readonly<Record<string, ServiceConfig>>,
  statusOf: (name: string) => ServiceStatus | undefined,
): Endpoint[] {
  return endpointsInEnv(service.env).filter((e) => {
    if (!isLocalHost(e.host)) return true;
    if (e.port === service.port) return false;
    const owner = Object.values(services).find((s) => s.port === e.port);
    if (!owner) return true;
    const status = statusOf(owner.name);
    return status !== undefined && isUp(status);
  });
}

export const dependencyUnreachable: Check = async ({ config, status }) => {
  if (!config) return [];
  const byName = new Map((status?.services ?? []).map((s) => [s.name, s]));
  const probes = Object.values(config.services).flatMap((service) =>
    endpointsToProbe(service, config.services, (n) => byName.get(n)).map((endpoint) => ({ service, endpoint })),
  );
  const results = await Promise.all(
    probes.map(async ({ service, endpoint }): Promise<Finding | null> => {
      const result = await tcpReachable(endpoint.host, endpoint.port, CONNECT_TIMEOUT_MS);
      if (result.ok) return null;
      const target = `${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
      return {
        check: 'dependency-unreachable',
        severity: 'error',
        service: service.name,
        message: `${service.name} is configured to reach ${target} (${endpoint.source}), which does not accept connections: ${result.reason}`,
        hint: `start what should listen on ${target}, or fix ${endpoint.source} of ${service.name} in stack.yaml`,
        fixable: false,
      };
    }),
  );
  return results.filter((f) => f !== null);
};
