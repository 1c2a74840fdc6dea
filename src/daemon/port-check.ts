/**
 * Before a service starts: is its declared port free? If not, say who holds it and what
 * to run. A port held by another process would make the service crash with EADDRINUSE,
 * or worse, let its health check pass against the other process.
 */
import { formatDuration } from '../format.js';
import { portHolder } from '../runtime/port-holder.js';

/** Why `port` cannot be the service's, or null when it is free. */
export async function portTakenReason(port: number | undefined): Promise<string | null> {
  if (port === undefined) return null;
  const holder = await portHolder(port);
  if (!holder) return null;
  if (holder.pid === null) return `port ${port} is already in use by a process of another user; free it or change the port in stack.yaml`;
  const since = holder.startedAt ? `, running for ${formatDuration(Date.now() - holder.startedAt)}` : '';
  const where = holder.cwd ? ` in ${holder.cwd}` : '';
  return `port ${port} is already in use by pid ${holder.pid} (${holder.command ?? 'unknown command'}${where}${since}), which stack did not start; stop it (kill ${holder.pid}) or change the port in stack.yaml`;
}
