import path from 'node:path';
import type { Command } from 'commander';
import { isNoDaemonError, requestJson } from '../../client/ipc.js';
import type { ServiceStatus, StatusResponse } from '../../daemon/protocol.js';
import type { SavedState } from '../../daemon/state-store.js';
import type { ProjectPaths } from '../../paths.js';
import { loadProjectConfig, locateProject } from '../project.js';
import { renderStatus } from '../render/status-table.js';

export async function statusCommand(program: Command, options: { json?: boolean }): Promise<void> {
  const paths = locateProject(program);
  const status = await currentStatus(paths);
  if (options.json) console.log(JSON.stringify(status, null, 2));
  else console.log(renderStatus(status));
}

/**
 * One round trip to the daemon when there is one: no config parsing, no process
 * inspection here (this is the hot path). Without a daemon: a service recorded as
 * running means the daemon died, so start a new one, which re-adopts it; otherwise
 * describe the stack as stopped from stack.yaml and state.json.
 */
async function currentStatus(paths: ProjectPaths): Promise<StatusResponse> {
  try {
    return await requestJson<StatusResponse>(paths.socket, 'GET', '/status');
  } catch (error) {
    if (!isNoDaemonError(error)) throw error;
  }
  const [{ hasOrphanedServices }, { peekState }] = await Promise.all([
    import('../../client/orphans.js'),
    import('../../daemon/state-store.js'),
  ]);
  if (await hasOrphanedServices(paths.stateFile)) {
    const { ensureDaemon } = await import('../../client/daemon-client.js');
    await ensureDaemon(paths);
    return requestJson<StatusResponse>(paths.socket, 'GET', '/status');
  }
  return stoppedStatus(paths, peekState(paths.stateFile));
}

async function stoppedStatus(paths: ProjectPaths, saved: SavedState | null): Promise<StatusResponse> {
  const config = await loadProjectConfig(paths);
  const services = Object.values(config.services).map((service): ServiceStatus => {
    const record = saved?.services[service.name];
    return {
      name: service.name,
      state: record?.lastExit ? 'exited' : 'stopped',
      health: 'unknown',
      pid: null,
      port: service.port ?? null,
      listening: [],
      startedAt: null,
      restarts: record?.restarts ?? 0,
      cpu: null,
      memory: null,
      stale: false,
      staleFiles: [],
      lastExit: record?.lastExit ?? null,
      managedBy: null,
    };
  });
  const { withForeignHolders } = await import('../../daemon/foreign.js');
  return {
    project: config.name,
    config: path.relative(paths.root, paths.configFile),
    daemon: { running: false, pid: null },
    services: await withForeignHolders(services, config.services, paths.root),
  };
}
