/**
 * What each running process was started with, from the daemon (GET /started-with), for
 * doctor's config-changed check. No daemon: nothing runs (status re-adopts orphans first).
 */
import type { ServiceConfig } from '../config/types.js';
import { StackError } from '../errors.js';
import type { StartedWithResponse } from '../protocol/messages.js';
import { isServiceConfig } from '../protocol/config-guard.js';
import { isMap } from '../protocol/json-guards.js';
import type { ProjectPaths } from '../project-dir.js';
import { isNoDaemonError, requestJson } from './ipc.js';

export async function startedWithConfigs(paths: ProjectPaths): Promise<Record<string, ServiceConfig>> {
  try {
    const { services } = await requestJson<Partial<StartedWithResponse>>(paths.socket, 'GET', '/started-with');
    // Checked like any answer from another process: what is not a service config is not compared.
    return Object.fromEntries(Object.entries(isMap(services) ? services : {}).filter(([, s]) => isServiceConfig(s)));
  } catch (error) {
    // No daemon, or one of a version before this request: nothing to compare with.
    if (isNoDaemonError(error) || (error instanceof StackError && error.code === 'DAEMON_ERROR')) return {};
    throw error;
  }
}
