/**
 * The current status of a project, as `status --json` prints it: from the daemon when
 * one runs, else from stack.yaml and state.json (re-adopting orphans through a new
 * daemon when state.json records a live process). Used by status and doctor.
 */
import path from 'node:path';
import type { StackConfig } from '../config/types.js';
import type { StatusResponse } from '../protocol/status.js';
import type { SavedState } from '../protocol/state-file.js';
import type { ProjectPaths } from '../project-dir.js';
import { isNoDaemonError, requestJson } from './ipc.js';

/**
 * One round trip to the daemon when there is one: no config parsing, no process
 * inspection here (this is the hot path). Without a daemon: a service recorded as
 * running means the daemon died, so start a new one, which re-adopts it; otherwise
 * describe the stack as stopped from stack.yaml and state.json.
 */
export interface StatusOptions {
  /** Whether a foreign process is stale is all that is asked (doctor --staged): its scan stops at the first changed source. */
  firstStale?: boolean;
  /** stack.yaml as the caller just loaded it (doctor): without a daemon it is not loaded again. */
  config?: StackConfig;
}

export async function currentStatus(paths: ProjectPaths, options: StatusOptions = {}): Promise<StatusResponse> {
  try {
    return await requestJson<StatusResponse>(paths.socket, 'GET', '/status');
  } catch (error) {
    if (!isNoDaemonError(error)) throw error;
  }
  const [{ daemonIfAnythingRuns }, { peekState }] = await Promise.all([
    import('./orphans.js'),
    import('../protocol/state-file.js'),
  ]);
  if ((await daemonIfAnythingRuns(paths)) !== null) return requestJson<StatusResponse>(paths.socket, 'GET', '/status');
  return stoppedStatus(paths, peekState(paths.stateFile), options);
}

async function stoppedStatus(paths: ProjectPaths, saved: SavedState | null, options: StatusOptions): Promise<StatusResponse> {
  const [{ loadConfig }, { serviceStatus, withForeign }, { foreignHolders }, { redactStatus, redactorFor }] = await Promise.all([
    import('../config/load.js'),
    import('../protocol/service-status.js'),
    import('../runtime/ports/foreign.js'),
    import('../protocol/redact.js'),
  ]);
  const config = options.config ?? (await loadWithPorts(paths, loadConfig));
  const services = Object.values(config.services).map((service) => {
    const record = saved?.services[service.name];
    return serviceStatus({
      name: service.name,
      // What the last daemon recorded: a crash stays "exited", a clean `stack down` is "stopped".
      state: record?.state === 'exited' || record?.state === 'crashloop' ? record.state : 'stopped',
      port: service.port,
      memoryLimit: service.memoryLimit,
      restarts: record?.restarts,
      lastExit: record?.lastExit,
    });
  });
  return redactStatus(
    {
      project: config.name,
      config: path.relative(paths.root, paths.configFile),
      daemon: { running: false, pid: null },
      // Nothing runs, so nothing runs with other config than the file's.
      configProblem: null,
      services: withForeign(services, await foreignHolders(Object.values(config.services), paths.root, { firstHit: options.firstStale === true })),
    },
    redactorFor(config),
  );
}

async function loadWithPorts(paths: ProjectPaths, loadConfig: typeof import('../config/load.js').loadConfig): Promise<StackConfig> {
  const [{ loadChoosingPorts }, { PortBook }] = await Promise.all([import('../config/auto-port.js'), import('../runtime/ports/port-book.js')]);
  return loadChoosingPorts((autoPorts) => loadConfig(paths.configFile, { env: process.env, autoPorts }), new PortBook(paths.runtimeDir));
}
