import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, readIdentity } from './identity.js';
import { getPlatform } from '../platform/index.js';
import { sameStartToken } from '../platform/start-token.js';
import { groupAlive, signalGroup } from './process-group.js';
import type { ProcessIdentity, StopOptions, StopResult } from '../types.js';

export { groupAlive } from './process-group.js';

/** How long to wait for the group to vanish after SIGKILL, which cannot be ignored. */
const KILL_WAIT_MS = 5000;
const POLL_MS = 25;

const NOT_SIGNALLED: StopResult = { signalled: false, escalated: false };

/**
 * Stops a service's whole process group: `signal`, then SIGKILL after `timeoutMs`.
 * Descendants that left the group (setsid, a daemonizing child) get the same signals,
 * each checked by its start time first. Never signals a pid that now belongs to
 * another process.
 */
export async function stopService(identity: ProcessIdentity, { signal, timeoutMs }: StopOptions): Promise<StopResult> {
  const pgid = identity.pid;
  if (!(await ownsGroup(identity))) return NOT_SIGNALLED;
  // Found now, while they still descend from the leader: once it exits they are re-parented.
  const strays = await straysOf(identity.pid);
  // A process stack tracks without leading a group (a daemonized server that did not
  // call setsid) is signalled itself.
  const alone = (await groupAlive(pgid)) ? [] : [identity];
  const signalled = await signalGroup(pgid, signal);
  const others = [...alone, ...strays];
  await signalEach(others, signal);
  if (!signalled && others.length === 0) return NOT_SIGNALLED;
  if (await waitAllGone(pgid, others, timeoutMs)) return { signalled: true, escalated: false };
  await signalGroup(pgid, 'SIGKILL');
  await signalEach(others, 'SIGKILL');
  await waitAllGone(pgid, others, KILL_WAIT_MS);
  return { signalled: true, escalated: true };
}

/**
 * Stops processes one by one (what is left of a service whose root is gone): `signal`,
 * then SIGKILL after `timeoutMs`, each checked by its start time before every signal.
 */
export async function stopProcesses(identities: readonly ProcessIdentity[], { signal, timeoutMs }: StopOptions): Promise<StopResult> {
  if (identities.length === 0) return NOT_SIGNALLED;
  await signalEach(identities, signal);
  if (await waitAllGone(null, identities, timeoutMs)) return { signalled: true, escalated: false };
  await signalEach(identities, 'SIGKILL');
  await waitAllGone(null, identities, KILL_WAIT_MS);
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

/** Descendants of `leader` outside its process group, with their start times (to be re-checked before each signal). */
async function straysOf(leader: number): Promise<ProcessIdentity[]> {
  const platform = getPlatform();
  const [tree, group] = await Promise.all([platform.processTree(leader), platform.groupMembers(leader)]);
  const members = new Set(group);
  const identities = await Promise.all(tree.filter((pid) => pid !== leader && !members.has(pid)).map((pid) => readIdentity(pid)));
  return identities.filter((identity): identity is ProcessIdentity => identity !== null);
}

async function signalEach(identities: readonly ProcessIdentity[], signal: NodeJS.Signals): Promise<void> {
  for (const identity of identities) {
    if (!(await isAlive(identity))) continue;
    try {
      process.kill(identity.pid, signal);
    } catch {
      // Gone meanwhile.
    }
  }
}

/** Polls until no process of the group (if any) and none of `strays` is left; false if some remain after `timeoutMs`. */
async function waitAllGone(pgid: number | null, strays: readonly ProcessIdentity[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = await Promise.all(strays.map((identity) => isAlive(identity)));
    if (!alive.includes(true) && (pgid === null || !(await groupAlive(pgid)))) return true;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    await sleep(Math.min(POLL_MS, remaining));
  }
}
