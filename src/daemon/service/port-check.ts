/**
 * Before a service starts: is its declared port free? If not, say who holds it and what
 * to run. A port held by another process would make the service crash with EADDRINUSE,
 * or worse, let its health check pass against the other process.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { formatDuration } from '../../format.js';
import { listensFreely } from '../../runtime/ports/port-free.js';
import { portHolder, type PortHolder } from '../../runtime/ports/port-holder.js';

const OWNERLESS_GRACE_MS = 1000;
const OWNERLESS_POLL_MS = 20;

/**
 * Why `port` cannot be the service's, or null when it is free. `own`: whether a pid is
 * the service's own (what a run that ended left running); such a holder is stopped by
 * `freeOwn` and the port asked about again, instead of being called someone else's.
 */
export async function portTakenReason(
  { port, portAuto }: { port?: number | undefined; portAuto?: boolean | undefined },
  own: (pid: number) => Promise<boolean>,
  freeOwn: () => Promise<unknown>,
): Promise<string | null> {
  if (port === undefined) return null;
  // port: auto moves a held port at the next `up` (daemon/port-moves.ts); a restart by the policy cannot, its dependents use the port.
  const fix = portAuto ? 'run `stack up` or `stack restart`, which move this service to a free port' : 'change the port in stack.yaml';
  const first = await holderAfterGrace(port);
  if (first?.pid != null && (await own(first.pid))) {
    await freeOwn();
    return describeHolder(port, await holderAfterGrace(port), fix);
  }
  return describeHolder(port, first, fix);
}

async function holderAfterGrace(port: number): Promise<PortHolder | null> {
  // The common case, a free port, without reading the OS's socket tables (port-free.ts).
  if (await listensFreely(port)) return null;
  let holder = await portHolder(port);
  // No owner to be seen: another user's process, or a socket whose process is exiting
  // (a restart's previous run, its last threads winding down). Give the latter a moment.
  for (let waited = 0; holder?.pid === null && waited < OWNERLESS_GRACE_MS; waited += OWNERLESS_POLL_MS) {
    await sleep(OWNERLESS_POLL_MS);
    holder = await portHolder(port);
  }
  return holder;
}

function describeHolder(port: number, holder: PortHolder | null, fix: string): string | null {
  if (!holder) return null;
  if (holder.pid === null) {
    return `port ${port} is already in use by a process stack cannot see (another user's); free it or ${fix}`;
  }
  const since = holder.startedAt ? `, running for ${formatDuration(Date.now() - holder.startedAt)}` : '';
  const where = holder.cwd ? ` in ${holder.cwd}` : '';
  return `port ${port} is already in use by pid ${holder.pid} (${holder.command ?? 'unknown command'}${where}${since}), which stack did not start; stop it (kill ${holder.pid}) or ${fix}`;
}
