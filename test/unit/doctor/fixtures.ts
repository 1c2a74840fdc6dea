/** Hand-built StatusResponse / StackConfig pieces for the doctor's pure decisions. */
import type { ServiceConfig, StackConfig } from '../../../src/config/types.js';
import type { ServiceStatus, StatusResponse } from '../../../src/protocol/status.js';
import type { CheckContext } from '../../../src/doctor/types.js';
import { projectPaths } from '../../../src/project-dir.js';

export function svcStatus(name: string, over: Partial<ServiceStatus> = {}): ServiceStatus {
  return {
    name,
    state: 'running',
    health: 'healthy',
    pid: 1000,
    port: null,
    listening: [],
    startedAt: '2026-11-23T10:00:00.000Z',
    restarts: 0,
    cpu: null,
    memory: null,
    memoryLimit: null,
    stale: false,
    staleFiles: [],
    staleBy: 'content',
    loaded: null,
    configChanged: false,
    configChanges: [],
    lastExit: null,
    managedBy: 'stack',
    notes: [],
    ...over,
  };
}

export function svcConfig(name: string, over: Partial<ServiceConfig> = {}): ServiceConfig {
  return {
    name,
    command: { argv: ['node', 'server.js'] },
    cwd: '/tmp',
    port: undefined,
    env: {},
    health: { probe: { kind: 'process' }, interval: 2000, timeout: 1000, retries: 3, startPeriod: 10_000 },
    dependsOn: {},
    watch: ['**'],
    build: undefined,
    restart: 'on-failure',
    onStale: 'warn',
    stopSignal: 'SIGTERM',
    stopTimeout: 10_000,
    ...over,
  };
}

export function context(services: ServiceConfig[], statuses: ServiceStatus[] | null): CheckContext {
  const config: StackConfig = {
    name: 't',
    file: '/tmp/t/stack.yaml',
    root: '/tmp/t',
    logs: { maxBytes: 1, keep: 1 },
    services: Object.fromEntries(services.map((s) => [s.name, s])),
  };
  const status: StatusResponse | null = statuses && {
    project: 't',
    config: 'stack.yaml',
    daemon: { running: true, pid: 1 },
    configProblem: null,
    services: statuses,
  };
  return { paths: projectPaths('/tmp/t/stack.yaml'), config, configError: null, status, startedWith: {} };
}
