/**
 * One ServiceStatus (status.ts) from what its reader knows: the daemon knows everything,
 * the CLI without a daemon only stack.yaml and state.json. Both build it here, so the
 * fields of `status --json` and their order (DESIGN §4, a contract) are written once.
 */
import type { ForeignHolder } from '../runtime/ports/foreign.js';
import type { Usage } from '../runtime/process/usage.js';
import type { ProcessIdentity, StaleFile } from '../runtime/types.js';
import type { Health, LastExit, LoadedSummary, ServiceState, ServiceStatus, StaleBy } from './status.js';

export interface ServiceFacts {
  name: string;
  state: ServiceState;
  health?: Health;
  /** The process stack runs for it; none means no pid, no start time, not managed. */
  identity?: Pick<ProcessIdentity, 'pid' | 'startedAt'> | null;
  port?: number | null;
  listening?: number[];
  restarts?: number;
  /** Of its whole process tree, when the OS was asked. */
  usage?: Usage | null;
  /** memory_limit, bytes. */
  memoryLimit?: number | null;
  stale?: boolean;
  staleFiles?: StaleFile[];
  /** How staleness is decided for its process (by content, or by mtime and why); null or absent without one. */
  staleBy?: { by: StaleBy; reason: string | null } | null;
  /** With staleness: loaded, how many files its process loaded count, and which changed. */
  loaded?: LoadedSummary | null;
  /** What its source tracking says in words (a staleness: loaded that fell back to watch). */
  sourceNotes?: string[];
  /** Keys of its config that stack.yaml changed since its process started. */
  configChanges?: string[];
  /** Running, but stack.yaml no longer lists it. */
  removed?: boolean;
  /** In stack.yaml, but not in the config the daemon was last given. */
  added?: boolean;
  /** Its `port: auto` port was moved since the last `down`, in words (a note). */
  /** Why it waits although its dependencies are met (daemon/start-order.ts), while it does. */
  heldBack?: string | null;
  portMoved?: string | null;
  /** Its command daemonized: `identity` is the server it left running, which stack tracks. */
  daemonized?: boolean;
  lastExit?: LastExit | null;
  /** Only a daemon knows these two: without one they are left out of the JSON, not null. */
  healthDetail?: string | null;
  /** Epoch ms. */
  restartAt?: number | null;
}

export const NEW_NOTE = 'new in stack.yaml';
export const REMOVED_NOTE = 'removed from stack.yaml';

export function serviceStatus(facts: ServiceFacts): ServiceStatus {
  const identity = facts.identity ?? null;
  const status: ServiceStatus = {
    name: facts.name,
    state: facts.state,
    health: facts.health ?? 'unknown',
    pid: identity?.pid ?? null,
    port: facts.port ?? null,
    listening: facts.listening ?? [],
    startedAt: identity ? new Date(identity.startedAt).toISOString() : null,
    restarts: facts.restarts ?? 0,
    cpu: facts.usage?.cpu ?? null,
    memory: facts.usage?.memory ?? null,
    memoryLimit: facts.memoryLimit ?? null,
    stale: facts.stale ?? false,
    staleFiles: facts.staleFiles ?? [],
    staleBy: identity ? (facts.staleBy?.by ?? null) : null,
    loaded: identity ? (facts.loaded ?? null) : null,
    configChanged: (facts.configChanges ?? []).length > 0 || facts.removed === true,
    configChanges: facts.configChanges ?? [],
    lastExit: facts.lastExit ?? null,
    managedBy: identity ? 'stack' : null,
    notes: [
      ...(facts.added ? [NEW_NOTE] : []),
      ...(facts.removed ? [REMOVED_NOTE] : []),
      ...(facts.daemonized && identity ? [`daemonized: tracking pid ${identity.pid}`] : []),
      ...(facts.portMoved ? [facts.portMoved] : []),
      ...(facts.heldBack ? [facts.heldBack] : []),
      ...(identity ? (facts.sourceNotes ?? []) : []),
      ...(identity && facts.staleBy?.by === 'mtime' && facts.staleBy.reason ? [`stale by mtime: ${facts.staleBy.reason}`] : []),
    ],
  };
  if (facts.healthDetail !== undefined) status.healthDetail = facts.healthDetail;
  if (facts.restartAt !== undefined) status.restartAt = facts.restartAt === null ? null : new Date(facts.restartAt).toISOString();
  return status;
}

/**
 * A service stack does not run, shown as the process that holds its port: that process
 * is what answers there, so its pid, start time and staleness are what people need.
 */
export function asForeign(status: ServiceStatus, holder: ForeignHolder): ServiceStatus {
  return {
    ...status,
    state: 'running',
    pid: holder.pid,
    listening: [holder.port],
    startedAt: holder.startedAt === null ? null : new Date(holder.startedAt).toISOString(),
    stale: holder.staleFiles.length > 0,
    staleFiles: holder.staleFiles,
    // What a process stack did not start loaded is not known: its start time against the mtimes.
    staleBy: 'mtime',
    managedBy: 'foreign',
    foreign: { command: holder.command, cwd: holder.cwd },
  };
}

/**
 * A service whose root is gone, shown with the process of its own that still holds its
 * port (a worker of a killed master, being stopped): stack's, not someone else's.
 */
export function asLeftover(status: ServiceStatus, holder: ForeignHolder): ServiceStatus {
  return {
    ...status,
    pid: holder.pid,
    listening: [holder.port],
    startedAt: holder.startedAt === null ? null : new Date(holder.startedAt).toISOString(),
    managedBy: 'stack',
  };
}

/**
 * The statuses, each service stack does not run shown as the holder of its port when
 * `holders` (by service name) has one: as a leftover of its own when `own` (by service
 * name) lists that pid, else as foreign.
 */
export function withForeign(
  statuses: readonly ServiceStatus[],
  holders: ReadonlyMap<string, ForeignHolder>,
  own: ReadonlyMap<string, readonly number[]> = new Map(),
): ServiceStatus[] {
  return statuses.map((s) => {
    const holder = s.pid === null ? holders.get(s.name) : undefined;
    if (!holder) return s;
    return holder.pid !== null && own.get(s.name)?.includes(holder.pid) ? asLeftover(s, holder) : asForeign(s, holder);
  });
}
