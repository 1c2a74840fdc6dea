/**
 * Who is listening on a TCP port right now. Asked before a service starts: a port held
 * by someone else would make the service crash with EADDRINUSE, or worse, let its
 * health check pass against the other process.
 */
import { getPlatform } from './platform/index.js';

export interface PortHolder {
  /** null when the OS hides the owner (another user's process). */
  pid: number | null;
  command: string | null;
  cwd: string | null;
  /** Epoch ms. */
  startedAt: number | null;
}

export async function portHolder(port: number): Promise<PortHolder | null> {
  const platform = getPlatform();
  // First the cheap question (is anything listening?), without mapping sockets to owners.
  const listening = (await platform.listeningSockets({ ownerPids: [] })).some((s) => s.port === port);
  if (!listening) return null;
  const socket = (await platform.listeningSockets()).find((s) => s.port === port && s.pid !== null);
  if (!socket || socket.pid === null) return { pid: null, command: null, cwd: null, startedAt: null };
  const [info, start] = await Promise.all([platform.processInfo(socket.pid), platform.processStart(socket.pid)]);
  return { pid: socket.pid, command: info?.command ?? null, cwd: info?.cwd ?? null, startedAt: start?.startedAt ?? null };
}
