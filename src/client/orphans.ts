import type { PingResponse } from '../protocol/messages.js';
import type { ProjectPaths } from '../project-dir.js';
import { projectMarker, SERVICE_MARKER } from '../protocol/service-marker.js';
import { recordedIdentities } from '../protocol/state-file.js';
import { getPlatform } from '../runtime/platform/index.js';
import { isAlive } from '../runtime/process/identity.js';
import { survivorsOf } from '../runtime/process/leftovers.js';
import { ensureDaemon, pingDaemon } from './daemon-client.js';

/**
 * True when something of this project runs although no daemon answers: a process
 * state.json records (same pid, same start time: the daemon died and its services live
 * on), what a recorded root left running (nginx's workers after a kill -9 of the master),
 * or any process carrying one of the project's service markers.
 */
export async function hasOrphanedServices(paths: ProjectPaths): Promise<boolean> {
  const roots = recordedIdentities(paths.stateFile);
  if ((await Promise.all(roots.map((identity) => isAlive(identity)))).includes(true)) return true;
  const prefix = `${projectMarker(paths.root)}/`;
  const marked = await getPlatform().processesWithEnv(SERVICE_MARKER);
  if ([...marked.values()].some((value) => value.startsWith(prefix))) return true;
  // A marker no process carries: only the roots' groups are left to ask.
  const none = { variable: SERVICE_MARKER, value: '' };
  return (await Promise.all(roots.map((root) => survivorsOf(root, none)))).some((left) => left.length > 0);
}

/**
 * The project's daemon, when anything of the project runs: the one that answers (replaced
 * first when it is of another build), or, when none does and a dead daemon's services
 * still run, a new one, which re-adopts them by the config they were started with
 * (state.json). null when nothing runs: no daemon is started only to say so.
 */
export async function daemonIfAnythingRuns(paths: ProjectPaths): Promise<PingResponse | null> {
  if (!(await pingDaemon(paths)) && !(await hasOrphanedServices(paths))) return null;
  return ensureDaemon(paths);
}
