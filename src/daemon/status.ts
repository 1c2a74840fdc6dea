/**
 * The `status` snapshot (DESIGN §4): the supervisor's view of each service, plus what
 * the OS says about it right now (ports its process tree listens on, cpu and memory).
 */
import path from 'node:path';
import { redactorFor, redactStatus } from '../config/redact.js';
import { getPlatform } from '../runtime/platform/index.js';
import { resourceUsage } from '../runtime/usage.js';
import { withForeignHolders } from './foreign.js';
import type { ServiceStatus, StatusResponse } from './protocol.js';
import type { ServiceRuntime } from './service.js';
import type { Supervisor } from './supervisor.js';

export async function statusSnapshot(supervisor: Supervisor): Promise<StatusResponse> {
  const services = supervisor.ordered();
  const platform = getPlatform();
  const running = services.filter((s) => s.identity !== null);
  const trees = await platform.processTrees(running.map((s) => s.identity!.pid));
  const treeOf = new Map(running.map((s) => [s.name, trees.get(s.identity!.pid) ?? []]));
  const allPids = [...treeOf.values()].flat();
  const [sockets, usage] = await Promise.all([
    allPids.length > 0 ? platform.listeningSockets({ ownerPids: allPids }) : Promise.resolve([]),
    resourceUsage(allPids),
  ]);

  const statuses = services.map((service): ServiceStatus => {
    const tree = treeOf.get(service.name) ?? [];
    const pids = new Set(tree);
    const listening = [...new Set(sockets.filter((s) => s.pid !== null && pids.has(s.pid)).map((s) => s.port))].sort(
      (a, b) => a - b,
    );
    const stats = tree.map((pid) => usage.get(pid)).filter((u) => u !== undefined);
    return {
      name: service.name,
      state: service.state,
      health: service.health,
      pid: service.identity?.pid ?? null,
      port: service.config.port ?? null,
      listening,
      startedAt: service.identity ? new Date(service.identity.startedAt).toISOString() : null,
      restarts: service.restarts,
      cpu: stats.length > 0 ? round(stats.reduce((sum, u) => sum + u.cpu, 0)) : null,
      memory: stats.length > 0 ? stats.reduce((sum, u) => sum + u.memory, 0) : null,
      stale: service.identity ? service.sources.isStale(service.identity.startedAt) : false,
      staleFiles: service.identity ? service.sources.staleFiles(service.identity.startedAt) : [],
      lastExit: service.lastExit,
      managedBy: service.identity ? 'stack' : null,
      healthDetail: healthDetail(service),
      restartAt: service.autoRestart.dueAt === null ? null : new Date(service.autoRestart.dueAt).toISOString(),
    };
  });

  const config = supervisor.config;
  return redactStatus(
    {
      project: config?.name ?? path.basename(supervisor.paths.root),
      config: path.relative(supervisor.paths.root, supervisor.paths.configFile),
      daemon: { running: true, pid: process.pid },
      services: await withForeignHolders(statuses, config?.services ?? {}, supervisor.paths.root),
    },
    redactorFor(config),
  );
}

function healthDetail(service: ServiceRuntime): string | null {
  return service.identity ? service.healthDetail : null;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
