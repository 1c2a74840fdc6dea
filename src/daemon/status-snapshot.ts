/**
 * The `status` snapshot (DESIGN §4): the supervisor's view of each service, plus what
 * the OS says about it (ports its process tree listens on, cpu and memory; see osView for
 * how old that may be), and how each running process's config differs from stack.yaml's now.
 * Services are listed in stack.yaml's order, new ones as stopped, then those it no
 * longer lists while they run.
 */
import path from 'node:path';
import { redactorFor, redactStatus } from '../protocol/redact.js';
import { getPlatform } from '../runtime/platform/index.js';
import type { ListeningSocket } from '../runtime/platform/types.js';
import { resourceUsage, type Usage } from '../runtime/process/usage.js';
import { foreignHolders } from '../runtime/ports/foreign.js';
import { serviceStatus, withForeign } from '../protocol/service-status.js';
import type { ServiceStatus, StatusResponse } from '../protocol/status.js';
import { configChanges } from '../config/diff.js';
import type { PortMove } from '../runtime/ports/port-book.js';
import type { ServiceRuntime } from './service/service.js';
import type { Supervisor } from './supervisor.js';

/**
 * What the OS says about the running services: their process trees, the ports those
 * listen on, cpu and memory. Reading it costs ~10 ms with 20 services (half of it
 * /proc/net/tcp6, which the kernel answers by walking its whole connection table), which
 * was most of a `stack status`. So a reading is handed out as it is for OS_VIEW_FRESH_MS;
 * after that, up to OS_VIEW_REUSE_MS, it is handed out once more while a new one is read
 * for the next request (someone running `status` again and again, or watching it, gets an
 * answer without waiting for /proc). Never across a change of any service's pid, state
 * or health: a service that just became healthy by opening its port is read afresh.
 * Concurrent requests share one reading.
 */
interface OsView {
  treeOf: Map<string, number[]>;
  sockets: ListeningSocket[];
  usage: Map<number, Usage>;
}

const OS_VIEW_FRESH_MS = 1000;
const OS_VIEW_REUSE_MS = 5000;

interface CachedView {
  key: string;
  at: number;
  view: Promise<OsView>;
  /** A reading under way to replace this one. */
  next: Promise<OsView> | null;
}

const osViews = new WeakMap<Supervisor, CachedView>();

function osView(supervisor: Supervisor, services: readonly ServiceRuntime[]): Promise<OsView> {
  const key = services.map((s) => `${s.name}:${s.identity?.pid ?? '-'}:${s.state}:${s.health}`).join('|');
  const cached = osViews.get(supervisor);
  const age = cached ? Date.now() - cached.at : Infinity;
  if (cached && cached.key === key && age < OS_VIEW_FRESH_MS) return cached.view;
  if (cached && cached.key === key && age < OS_VIEW_REUSE_MS) {
    if (!cached.next) refresh(supervisor, cached, services);
    return cached.view;
  }
  return read(supervisor, key, services);
}

function read(supervisor: Supervisor, key: string, services: readonly ServiceRuntime[]): Promise<OsView> {
  const view = readOsView(services);
  osViews.set(supervisor, { key, at: Date.now(), view, next: null });
  // A failed reading is not kept.
  view.catch(() => osViews.get(supervisor)?.view === view && osViews.delete(supervisor));
  return view;
}

/**
 * Reads anew once this request is answered (the /proc reads are synchronous: started at
 * once, they would run before the answer is written); the reading replaces `cached` when
 * it is done, unless another has replaced it meanwhile.
 */
function refresh(supervisor: Supervisor, cached: CachedView, services: readonly ServiceRuntime[]): void {
  const startedAt = Date.now();
  const next = new Promise<void>((resolve) => setImmediate(resolve)).then(() => readOsView(services));
  cached.next = next;
  next.then(
    () => {
      if (osViews.get(supervisor) === cached) osViews.set(supervisor, { key: cached.key, at: startedAt, view: next, next: null });
    },
    () => {
      cached.next = null;
    },
  );
}

async function readOsView(services: readonly ServiceRuntime[]): Promise<OsView> {
  const platform = getPlatform();
  const running = services.filter((s) => s.identity !== null);
  const trees = await platform.processTrees(running.map((s) => s.identity!.pid));
  const treeOf = new Map(running.map((s) => [s.name, trees.get(s.identity!.pid) ?? []]));
  const allPids = [...treeOf.values()].flat();
  const [sockets, usage] = await Promise.all([
    allPids.length > 0 ? platform.listeningSockets({ ownerPids: allPids }) : Promise.resolve([]),
    resourceUsage(allPids),
  ]);
  return { treeOf, sockets, usage };
}

export async function statusSnapshot(supervisor: Supervisor): Promise<StatusResponse> {
  const services = supervisor.ordered();
  const { treeOf, sockets, usage } = await osView(supervisor, services);
  const file = supervisor.fileConfig();
  const moves = supervisor.ports.moves();

  const statusOf = (service: ServiceRuntime): ServiceStatus => {
    const tree = treeOf.get(service.name) ?? [];
    const pids = new Set(tree);
    const listening = [...new Set(sockets.filter((s) => s.pid !== null && pids.has(s.pid)).map((s) => s.port))].sort(
      (a, b) => a - b,
    );
    const stats = tree.map((pid) => usage.get(pid)).filter((u) => u !== undefined);
    const { identity, startedWith } = service;
    const now = file?.services[service.name];
    const running = startedWith ?? now ?? service.config;
    return serviceStatus({
      name: service.name,
      state: service.state,
      health: service.health,
      identity,
      // Where its process listens while one runs; else where stack.yaml says it will.
      port: running.port,
      listening,
      restarts: service.restarts,
      usage: treeUsage(stats),
      memoryLimit: running.memoryLimit,
      stale: identity ? service.sources.isStale(identity.startedAt) : false,
      staleFiles: identity ? service.sources.staleFiles(identity.startedAt) : [],
      staleBy: identity ? service.sources.staleBy() : null,
      loaded: identity ? service.sources.loadedView(identity.startedAt) : null,
      sourceNotes: service.sources.notes(),
      configChanges: startedWith && now ? configChanges(startedWith, now) : [],
      removed: file !== null && !now,
      daemonized: service.daemonized,
      portMoved: moveNote(moves[service.name]),
      heldBack: supervisor.startOrder.heldNote(service.name),
      lastExit: service.lastExit,
      healthDetail: healthDetail(service),
      restartAt: service.restartDueAt,
    });
  };
  const statuses = [
    ...Object.values(file?.services ?? {}).map((s) => {
      const service = supervisor.services.get(s.name);
      return service ? statusOf(service) : serviceStatus({ name: s.name, state: 'stopped', port: s.port, memoryLimit: s.memoryLimit, added: true });
    }),
    // Gone from stack.yaml: listed while something of it still runs (up stops it).
    ...services.filter((s) => !file?.services[s.name] && (s.identity !== null || s.isActive() || file === null)).map(statusOf),
  ];

  // As stack.yaml declares them now: a service dropped from it declares no port any more.
  const notRunning = statuses.filter((s) => s.pid === null).flatMap((s) => file?.services[s.name] ?? []);
  return redactStatus(
    {
      project: file?.name ?? path.basename(supervisor.paths.root),
      config: path.relative(supervisor.paths.root, supervisor.paths.configFile),
      daemon: { running: true, pid: process.pid },
      configProblem: supervisor.onDisk.problem,
      services: withForeign(statuses, await foreignHolders(notRunning, supervisor.paths.root), new Map(services.map((s) => [s.name, s.ownPids()]))),
    },
    redactorFor(supervisor.config),
  );
}

/** "port moved from 41234 (held by pid 4242 (python3 -m http.server)) to 41240". */
function moveNote(move: PortMove | undefined): string | null {
  return move ? `port moved from ${move.from} (held by ${move.holder}) to ${move.to}` : null;
}

function healthDetail(service: ServiceRuntime): string | null {
  return service.identity ? service.healthDetail : null;
}

/** cpu and memory summed over a process tree; null when the OS told nothing about it. */
function treeUsage(stats: readonly Usage[]): Usage | null {
  if (stats.length === 0) return null;
  return { cpu: round(stats.reduce((sum, u) => sum + u.cpu, 0)), memory: stats.reduce((sum, u) => sum + u.memory, 0) };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
