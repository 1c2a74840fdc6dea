/**
 * Who is listening on TCP ports right now. Asked before a service starts (a port held by
 * someone else would make it crash with EADDRINUSE, or worse, let its health check pass
 * against the other process) and by `status` for services stack is not running: the
 * process on their port is the one people are talking to (incident 000).
 */
import { getPlatform } from '../platform/index.js';

export interface PortHolder {
  /** null when the OS hides the owner (another user's process). */
  pid: number | null;
  command: string | null;
  cwd: string | null;
  /** Epoch ms. */
  startedAt: number | null;
}

export async function portHolder(port: number): Promise<PortHolder | null> {
  return (await portHolders([port])).get(port) ?? null;
}

/** The holder of each of `ports` that something listens on; free ports are absent. */
export async function portHolders(ports: readonly number[]): Promise<Map<number, PortHolder>> {
  const holders = new Map<number, PortHolder>();
  if (ports.length === 0) return holders;
  const platform = getPlatform();
  // First the cheap question (is anything listening?), without mapping sockets to owners.
  const wanted = new Set(ports);
  const busy = new Set((await platform.listeningSockets({ ownerPids: [] })).map((s) => s.port).filter((p) => wanted.has(p)));
  if (busy.size === 0) return holders;
  const sockets = (await platform.listeningSockets({ ports: [...busy] })).filter((s) => busy.has(s.port));
  await Promise.all(
    [...busy].map(async (port) => {
      const pid = sockets.find((s) => s.port === port && s.pid !== null)?.pid ?? null;
      if (pid === null) return holders.set(port, { pid: null, command: null, cwd: null, startedAt: null });
      const [info, start] = await Promise.all([platform.processInfo(pid), platform.processStart(pid)]);
      return holders.set(port, { pid, command: info?.command ?? null, cwd: info?.cwd ?? null, startedAt: start?.startedAt ?? null });
    }),
  );
  return holders;
}

/**
 * Which of `ports` something listens on, where the OS tells without running a program
 * (Linux's /proc); null where asking costs a process (lsof, netstat): ask portHolders then.
 */
export async function listeningPortsCheaply(ports: readonly number[]): Promise<Set<number> | null> {
  const platform = getPlatform();
  if (!platform.listeningIsCheap) return null;
  const wanted = new Set(ports);
  return new Set((await platform.listeningSockets({ ownerPids: [] })).map((s) => s.port).filter((p) => wanted.has(p)));
}
