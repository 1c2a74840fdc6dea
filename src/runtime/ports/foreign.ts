/**
 * A service stack is not running, whose port is held by some other process (started by
 * hand, an IDE, PM2): status shows that process, marked `managedBy: foreign`, because it
 * is what answers on the port — and its staleness is measured against *its* start time,
 * by scanning the sources (no watcher follows a process stack did not start).
 */
import path from 'node:path';
import type { ServiceConfig } from '../../config/types.js';
import { loadedUntil } from '../platform/index.js';
import { portHolders, type PortHolder } from './port-holder.js';
import { newestSourceFiles } from '../sources/scan.js';
import type { ServiceStatus, StaleFile } from '../../protocol/status.js';

const STALE_FILES_SHOWN = 5;

export async function withForeignHolders(
  statuses: ServiceStatus[],
  services: Readonly<Record<string, ServiceConfig>>,
  root: string,
): Promise<ServiceStatus[]> {
  const candidates = statuses.filter((s) => s.pid === null && s.port !== null);
  const holders = await portHolders(candidates.map((s) => s.port!));
  return Promise.all(
    statuses.map(async (s) => {
      const holder = s.pid === null && s.port !== null ? holders.get(s.port) : undefined;
      const config = services[s.name];
      if (!holder || !config) return s;
      const staleFiles = await staleSince(config, holder, root);
      return {
        ...s,
        state: 'running',
        pid: holder.pid,
        listening: [s.port!],
        startedAt: holder.startedAt === null ? null : new Date(holder.startedAt).toISOString(),
        stale: staleFiles.length > 0,
        staleFiles,
        managedBy: 'foreign',
        foreign: { command: holder.command, cwd: holder.cwd },
      } satisfies ServiceStatus;
    }),
  );
}

async function staleSince(config: ServiceConfig, holder: PortHolder, root: string): Promise<StaleFile[]> {
  if (holder.startedAt === null) return [];
  const since = loadedUntil(holder.startedAt);
  const { files } = await newestSourceFiles(config.cwd, config.watch, { since, limit: STALE_FILES_SHOWN });
  return files.map((f) => ({
    path: path.relative(root, path.join(config.cwd, f.path)).split(path.sep).join('/'),
    modifiedAt: new Date(f.mtimeMs).toISOString(),
  }));
}
