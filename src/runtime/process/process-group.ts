import { StackError, isErrnoException } from '../../errors.js';
import { getPlatform } from '../platform/index.js';

/**
 * A service runs as its own process group (pgid = the leader's pid), so one signal
 * reaches the shell wrapper, the server and every worker it forked. Windows has no
 * process groups; there the leader's process tree stands in for the group.
 */

/** Whether any process of group `pgid` still runs. */
export async function groupAlive(pgid: number): Promise<boolean> {
  if (process.platform === 'win32') return (await getPlatform().groupMembers(pgid)).length > 0;
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ESRCH') return false;
  }
  // kill(…, 0) also succeeds for zombies, and an init that never reaps them (as in some
  // containers) keeps them forever; only a live member counts. The leader, while it runs,
  // answers that alone: the whole process table is read only once it is gone.
  const platform = getPlatform();
  if ((await platform.groupMembers(pgid, [pgid])).length > 0) return true;
  return (await platform.groupMembers(pgid)).length > 0;
}

/** Sends `signal` to every process of the group; false when the group no longer exists. */
export async function signalGroup(pgid: number, signal: NodeJS.Signals): Promise<boolean> {
  if (process.platform === 'win32') {
    const members = await getPlatform().groupMembers(pgid);
    for (const pid of members) tryKill(pid, signal);
    return members.length > 0;
  }
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ESRCH') return false;
    if (isErrnoException(error) && error.code === 'EPERM') {
      throw new StackError('STOP_NOT_PERMITTED', `Not allowed to send ${signal} to process group ${pgid}.`, {
        hint: 'The processes belong to another user; stop them as that user.',
        cause: error,
      });
    }
    throw error;
  }
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
