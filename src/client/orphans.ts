import { recordedIdentities } from '../protocol/state-file.js';
import { isAlive } from '../runtime/process/identity.js';

/**
 * True when state.json records a process that is still alive (same pid, same start
 * time) although no daemon answers: the daemon died and its services live on.
 */
export async function hasOrphanedServices(stateFile: string): Promise<boolean> {
  const alive = await Promise.all(recordedIdentities(stateFile).map((identity) => isAlive(identity)));
  return alive.includes(true);
}
