/**
 * What is left of a service when its root process is gone: the members of its process
 * group (nginx's workers after a kill -9 of the master), and every process carrying the
 * service's environment marker (children that called setsid, a server a daemonizing
 * command left running). A service is its process tree: these are stopped before the
 * restart policy acts, or, when the command exited 0 and one of them holds the
 * service's port, tracked as the service (a daemonized server, like systemd's Type=forking).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { getPlatform } from '../platform/index.js';
import { sameStartToken } from '../platform/start-token.js';
import type { ProcessIdentity } from '../types.js';
import { readIdentity } from './identity.js';

/** The environment variable and value that mark a service's processes. */
export interface Marker {
  variable: string;
  value: string;
}

export interface Survivors {
  /** Every live process of the service but its (dead) root. */
  leftovers: ProcessIdentity[];
  /** The one of them holding the service's port (or named by its pid file), if any. */
  holder: ProcessIdentity | null;
}

/** How often a daemonizing command's server is looked for while it starts listening. */
const DAEMON_POLL_MS = 20;

/**
 * The live processes of the service whose root was `root` (null: no root is known, e.g.
 * `stack down` of a service that already exited): the members of the root's process
 * group, and every process carrying the service's marker. The group counts only while
 * the root's pid is not another process's: the kernel keeps a pid reserved as long as a
 * group of that number has members, so a pid taken by a new process means the group was
 * empty, and a group of that number now is a stranger's.
 */
export async function survivorsOf(root: ProcessIdentity | null, marker: Marker): Promise<ProcessIdentity[]> {
  const platform = getPlatform();
  const [group, marked] = await Promise.all([root ? groupOf(root) : Promise.resolve([]), platform.processesWithEnv(marker.variable)]);
  const ours = [...marked].filter(([, value]) => value === marker.value).map(([pid]) => pid);
  const pids = [...new Set([...group, ...ours])].filter((pid) => pid !== root?.pid && pid !== process.pid);
  const identities = await Promise.all(pids.map((pid) => readIdentity(pid)));
  return identities.filter((identity): identity is ProcessIdentity => identity !== null);
}

async function groupOf(root: ProcessIdentity): Promise<number[]> {
  const platform = getPlatform();
  const start = await platform.processStart(root.pid);
  if (start !== null && !sameStartToken(start.token, root.startToken)) return [];
  return platform.groupMembers(root.pid);
}

/** Which of `processes` listens on `port` (on any address), if one does. */
export async function holderOf(processes: readonly ProcessIdentity[], port: number): Promise<ProcessIdentity | null> {
  if (processes.length === 0) return null;
  const sockets = await getPlatform().listeningSockets({ ownerPids: processes.map((p) => p.pid) });
  const pid = sockets.find((s) => s.port === port && s.pid !== null)?.pid;
  return processes.find((p) => p.pid === pid) ?? null;
}

/**
 * The live process `pidFile` names, when it is one of `known` or started while `root`
 * ran (a pid file left from an earlier run, or naming someone else's process, does not count).
 */
async function namedBy(pidFile: string, known: readonly ProcessIdentity[], root: ProcessIdentity, endedAt: number): Promise<ProcessIdentity | null> {
  let text: string;
  try {
    text = readFileSync(pidFile, 'utf8');
  } catch {
    return null;
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  const listed = known.find((p) => p.pid === pid);
  if (listed) return listed;
  const identity = await readIdentity(pid);
  return identity && startedWhile(identity, root, endedAt) ? identity : null;
}

function startedWhile(identity: ProcessIdentity, root: ProcessIdentity, endedAt: number): boolean {
  // Two roundings: each start time is rounded down to the OS's unit, and a server forked
  // within the same unit as its command may be dated up to one more unit before it.
  const slack = 2 * getPlatform().startTimeResolutionMs;
  return identity.startedAt >= root.startedAt - slack && identity.startedAt <= endedAt + slack;
}

export interface AfterExitOptions {
  marker: Marker;
  port: number | undefined;
  pidFile: string | undefined;
  /**
   * How long to look for a server a cleanly exiting command left behind (it may take a
   * moment to listen, or to write its pid file); 0 when the exit cannot be a daemonizing one.
   */
  daemonWaitMs: number;
}

/**
 * What the service has left after its root exited at `endedAt`, and whether one of those
 * is its server. A daemonizing server often erases both traces of where it came from: it
 * calls setsid (a group of its own) and overwrites its environment with its process title
 * (redis-server, postgres, nginx). So a clean exit also counts the process holding the
 * port that started while the root ran: the port was free before the spawn (port-check.ts),
 * and only the root's children could have started in that window and bound it.
 */
export async function afterRootExit(root: ProcessIdentity, endedAt: number, options: AfterExitOptions): Promise<Survivors> {
  const { marker, port, pidFile, daemonWaitMs } = options;
  const deadline = Date.now() + daemonWaitMs;
  for (;;) {
    const leftovers = await survivorsOf(root, marker);
    if (daemonWaitMs === 0) return { leftovers, holder: null };
    const holder = pidFile
      ? await namedBy(pidFile, leftovers, root, endedAt)
      : port !== undefined
        ? await holderOf([...leftovers, ...(await startedDuring(root, endedAt, port, leftovers))], port)
        : null;
    if (holder) return { leftovers: holder === leftovers.find((p) => p.pid === holder.pid) ? leftovers : [...leftovers, holder], holder };
    if (Date.now() >= deadline) return { leftovers, holder: null };
    await sleep(DAEMON_POLL_MS);
  }
}

/** The holder of `port`, when it started while `root` ran (and is not among `known`). */
async function startedDuring(root: ProcessIdentity, endedAt: number, port: number, known: readonly ProcessIdentity[]): Promise<ProcessIdentity[]> {
  const sockets = await getPlatform().listeningSockets();
  const pid = sockets.find((s) => s.port === port && s.pid !== null)?.pid;
  if (pid == null || known.some((p) => p.pid === pid)) return [];
  const identity = await readIdentity(pid);
  return identity && startedWhile(identity, root, endedAt) ? [identity] : [];
}
