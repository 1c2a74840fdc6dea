/**
 * A service stack is not running, whose port is held by some other process (started by
 * hand, an IDE, PM2): status shows that process, because it is what answers on the port —
 * and its staleness is measured against *its* start time, by scanning the sources (no
 * watcher follows a process stack did not start). Here are the facts about that process;
 * asForeign(), next to the other status builders, turns them into its status entry.
 */
import path from 'node:path';
import type { ServiceConfig } from '../../config/types.js';
import { loadedUntil } from '../platform/index.js';
import { portHolders, type PortHolder } from './port-holder.js';
import { sourcesChangedSince } from '../sources/changed-since.js';
import type { StaleFile } from '../types.js';

const STALE_FILES_SHOWN = 5;

export interface ForeignHolder extends PortHolder {
  /** The service's port, which it holds. */
  port: number;
  /** The newest sources changed since it started, relative to the project root. */
  staleFiles: StaleFile[];
}

export interface ForeignOptions {
  /** Whether it is stale is all that is asked (doctor --staged): the first changed source found is enough. */
  firstHit?: boolean;
}

/**
 * The process holding each service's port, by service name. Pass only services stack
 * does not run; those without a port, or whose port is free, are left out.
 */
export async function foreignHolders(services: readonly ServiceConfig[], root: string, options: ForeignOptions = {}): Promise<Map<string, ForeignHolder>> {
  const withPort = services.flatMap((config) => (config.port === undefined ? [] : [{ config, port: config.port }]));
  const holders = await portHolders(withPort.map((s) => s.port));
  const found = await Promise.all(
    withPort.map(async ({ config, port }): Promise<[string, ForeignHolder][]> => {
      const holder = holders.get(port);
      if (!holder) return [];
      return [[config.name, { ...holder, port, staleFiles: await staleSince(config, holder, root, options) }]];
    }),
  );
  return new Map(found.flat());
}

async function staleSince(config: ServiceConfig, holder: PortHolder, root: string, { firstHit = false }: ForeignOptions): Promise<StaleFile[]> {
  if (holder.startedAt === null) return [];
  const since = loadedUntil(holder.startedAt);
  const { files } = await sourcesChangedSince(config.cwd, config.watch, { since, limit: STALE_FILES_SHOWN, firstHit });
  return files.map((f) => ({
    path: path.relative(root, path.join(config.cwd, f.path)).split(path.sep).join('/'),
    modifiedAt: new Date(f.mtimeMs).toISOString(),
  }));
}
