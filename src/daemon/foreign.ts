/**
 * A service stack is not running, whose port is held by some other process (started by
 * hand, an IDE, PM2): status shows that process, marked `managedBy: foreign`, because it
 * is what answers on the port — and what may be running stale code.
 */
import { portHolders } from '../runtime/port-holder.js';
import type { ServiceStatus } from './protocol.js';

export async function withForeignHolders(statuses: ServiceStatus[]): Promise<ServiceStatus[]> {
  const candidates = statuses.filter((s) => s.pid === null && s.port !== null);
  const holders = await portHolders(candidates.map((s) => s.port!));
  return statuses.map((s) => {
    const holder = s.pid === null && s.port !== null ? holders.get(s.port) : undefined;
    if (!holder) return s;
    return {
      ...s,
      state: 'running',
      pid: holder.pid,
      listening: [s.port!],
      startedAt: holder.startedAt === null ? null : new Date(holder.startedAt).toISOString(),
      managedBy: 'foreign',
      foreign: { command: holder.command, cwd: holder.cwd },
    };
  });
}
