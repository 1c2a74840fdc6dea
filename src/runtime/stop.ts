import { getPlatform } from './platform/index.js';
import { sameStartToken } from './platform/start-token.js';
import { groupAlive, signalGroup, waitGroupGone } from './process-group.js';
import type { ProcessIdentity, StopOptions, StopResult } from './types.js';

export { groupAlive } from './process-group.js';

/** How long to wait for the group to vanish after SIGKILL, which cannot be ignored. */
const KILL_WAIT_MS = 5000;

const NOT_SIGNALLED: StopResult = { signalled: false, escalated: false };

/**
 * Stops a service's whole process group: `signal`, then SIGKILL after `timeoutMs`.
 * Never signals a pid that now belongs to another process.
 */
export async function stopService(identity: ProcessIdentity, { signal, timeoutMs }: StopOptions): Promise<StopResult> {
  const pgid = identity.pid;
  if (!(await ownsGroup(identity))) return NOT_SIGNALLED;
  if (!(await signalGroup(pgid, signal))) return NOT_SIGNALLED;
  if (await waitGroupGone(pgid, timeoutMs)) return { signalled: true, escalated: false };
  await signalGroup(pgid, 'SIGKILL');
  await waitGroupGone(pgid, KILL_WAIT_MS);
  return { signalled: true, escalated: true };
}

/**
 * While the leader runs, its start token must match. Once it is gone, its number stays
 * reserved by the kernel as long as any process uses it as a group id, so surviving
 * members can still be signalled through it.
 */
async function ownsGroup(identity: ProcessIdentity): Promise<boolean> {
  const start = await getPlatform().processStart(identity.pid);
  if (start !== null) return sameStartToken(start.token, identity.startToken);
  return groupAlive(identity.pid);
}
