import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, readIdentity } from './identity.js';
import { getPlatform } from '../platform/index.js';
import { sameStartToken } from '../platform/start-token.js';
import { groupAlive, signalGroup } from './process-group.js';
import type { ProcessIdentity, StopOptions, StopResult } from '../types.js';

export { groupAlive } from './process-group.js';

/** How long to wait for the group to vanish after SIGKILL, which cannot be ignored. */
const KILL_WAIT_MS = 5000;
/**
 * Between two looks at the group. Each look while it runs reads the process table
 * (~2 ms here), so not faster; a leader this process spawned wakes the wait with its exit
 * event, which takes a restart's stop from ~28 ms (a poll's wait) to ~6 ms.
 */
const POLL_MS = 25;

/** The exit of each process spawned here that still runs (runner.ts notes them). */
const spawnedExits = new Map<number, { startToken: string; exited: Promise<unknown> }>();

/** A process this daemon spawned: its exit event, rather than the next poll, ends a stop's wait. */
export function noteSpawned(identity: ProcessIdentity, exited: Promise<unknown>): void {
  const entry = { startToken: identity.startToken, exited };
  spawnedExits.set(identity.pid, entry);
  const forget = (): void => void (spawnedExits.get(identity.pid) === entry && spawnedExits.delete(identity.pid));
  exited.then(forget, forget);
}

function exitOf(identity: ProcessIdentity): Promise<unknown> | undefined {
  const entry = spawnedExits.get(identity.pid);
  return entry && sameStartToken(entry.startToken, identity.startToken) ? entry.exited : undefined;
}

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
  const leaderExited = exitOf(identity);
  if (await waitAllGone(pgid, others, timeoutMs, leaderExited)) return { signalled: true, escalated: false };
  await signalGroup(pgid, 'SIGKILL');
  await signalEach(others, 'SIGKILL');
  await waitAllGone(pgid, others, KILL_WAIT_MS, leaderExited);
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
  const tree = await platform.processTree(leader);
  // Only the tree's own members are asked about, not the whole process table: a stop's
  // cost must not grow with the machine's process count (a restart on save waits on it).
  if (tree.length <= 1) return [];
  const members = new Set(await platform.groupMembers(leader, tree));
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

/**
 * Polls until no process of the group (if any) and none of `strays` is left; false if some
 * remain after `timeoutMs`. `wake` (the leader's exit) cuts one wait short.
 */
async function waitAllGone(pgid: number | null, strays: readonly ProcessIdentity[], timeoutMs: number, wake?: Promise<unknown>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let waking: Promise<void> | undefined;
  const woken = (): void => void (waking = undefined);
  waking = wake?.then(woken, woken);
  for (;;) {
    const alive = await Promise.all(strays.map((identity) => isAlive(identity)));
    if (!alive.includes(true) && (pgid === null || !(await groupAlive(pgid)))) return true;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    const poll = new AbortController();
    const pause = sleep(Math.min(POLL_MS, remaining), undefined, { signal: poll.signal }).catch(() => undefined);
    await (waking ? Promise.race([pause, waking]) : pause);
    poll.abort();
  }
}
