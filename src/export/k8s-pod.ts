/**
 * One service's container and pod for Kubernetes: argv, working directory, env (secrets
 * by reference), port, readiness and liveness probes, init containers that wait for its
 * dependencies, and the grace period. The types are Kubernetes' own (generated from its
 * OpenAPI spec by kubernetes-models), so a misspelt field does not compile.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { HealthConfig } from '../config/types.js';
import { isLocalHost, seconds, urlParts, type ExportService } from './model.js';

/** The image init containers wait with: small, and it has nc and wget. */
export const WAIT_IMAGE = 'busybox:1.36';

export interface PodParts {
  pod: IPodSpec;
  /** Why something was left out or changed, for the manifest's header. */
  notes: string[];
}

export interface Peers {
  /** The Kubernetes name of a stack service. */
  nameOf: (service: string) => string;
  byName: ReadonlyMap<string, ExportService>;
  secretName: string;
}

export function podFor(s: ExportService, peers: Peers): PodParts {
  const notes: string[] = [];
  const container: IContainer = { name: peers.nameOf(s.name), image: s.image, command: s.argv, workingDir: s.workdir };
  if (s.env.length > 0) container.env = s.env.map((e): IEnvVar => ('secret' in e ? { name: e.name, valueFrom: { secretKeyRef: { name: peers.secretName, key: e.name } } } : e));
  if (s.port !== undefined) container.ports = [{ containerPort: s.port, protocol: 'TCP' }];
  if (s.memoryLimit !== undefined) {
    container.resources = { limits: { memory: quantity(s.memoryLimit) } };
    notes.push('memory_limit: Kubernetes kills the container at its memory limit (stack restarted it after two samples over)');
  }
  const probe = probeOf(s.health, notes);
  if (probe) {
    container.readinessProbe = probe;
    container.livenessProbe = { ...probe, initialDelaySeconds: Math.round(s.health.startPeriod / 1000) };
  }
  const initContainers = Object.entries(s.dependsOn).flatMap(([dep, condition]) => {
    const target = peers.byName.get(dep);
    const host = peers.nameOf(dep);
    if (condition === 'completed') {
      notes.push(`depends on ${dep} (completed): Kubernetes has no wait for a Job to finish; run it first (kubectl wait --for=condition=complete job/${host})`);
      return [];
    }
    if (target?.port === undefined) {
      notes.push(`depends on ${dep} (${condition}): ${dep} serves no port, so there is nothing to wait for; it starts at once`);
      return [];
    }
    return [
      {
        name: `wait-for-${host}`.slice(0, 63),
        image: WAIT_IMAGE,
        // A Service sends traffic only to ready pods: this connects once ${dep} passes its readiness probe.
        command: ['sh', '-c', `until nc -z ${host} ${target.port}; do echo "waiting for ${host}:${target.port}"; sleep 1; done`],
      } satisfies IContainer,
    ];
  });
  const pod: IPodSpec = {
    ...(initContainers.length > 0 ? { initContainers } : {}),
    containers: [container],
    terminationGracePeriodSeconds: Math.ceil(s.stopTimeoutMs / 1000),
  };
  if (s.stopSignal !== 'SIGTERM') {
    notes.push(`stack stops it with ${s.stopSignal}; Kubernetes sends SIGTERM unless the image says STOPSIGNAL ${s.stopSignal} in its Dockerfile`);
  }
  return { pod, notes };
}

/** Bytes as a Kubernetes quantity (binary suffixes, as stack's units): 268435456 → "256Mi". */
export function quantity(bytes: number): string {
  const MiB = 1024 * 1024;
  return bytes % MiB === 0 ? `${bytes / MiB}Mi` : String(bytes);
}

/** stack's health check as a probe; a process or log check has no equivalent. */
export function probeOf(health: HealthConfig, notes: string[]): IProbe | undefined {
  const timing = { periodSeconds: seconds(health.interval), timeoutSeconds: seconds(health.timeout), failureThreshold: health.retries };
  const probe = health.probe;
  switch (probe.kind) {
    case 'http': {
      const url = urlParts(probe.url);
      if (!isLocalHost(url.host)) notes.push(`the http check of ${probe.url} becomes a probe of the pod itself`);
      return { httpGet: { path: url.path, port: url.port, ...(url.https ? { scheme: 'HTTPS' } : {}) }, ...timing };
    }
    case 'tcp':
      if (!isLocalHost(probe.host)) notes.push(`the tcp check of ${probe.host}:${probe.port} becomes a probe of the pod itself`);
      return { tcpSocket: { port: probe.port }, ...timing };
    case 'exec':
      return { exec: { command: ['sh', '-c', probe.command] }, ...timing };
    case 'log':
      notes.push(`health log: /${probe.pattern}/ (ready once a log line matches) has no probe equivalent; none is set`);
      return undefined;
    case 'process':
      return undefined;
  }
}
