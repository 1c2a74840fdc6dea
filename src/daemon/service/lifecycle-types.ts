/**
 * The vocabulary of a service's lifecycle (lifecycle.ts holds the transitions): what it
 * remembers, the events that happen to it, and the effects a transition asks for.
 */
import type { HealthProbe, OnStale, RestartPolicy } from '../../config/types.js';
import type { Phase, RunLog } from '../../protocol/messages.js';
import type { SavedService } from '../../protocol/state-file.js';
import type { Health, LastExit, ServiceState } from '../../protocol/status.js';
import type { ExitInfo, ProcessIdentity } from '../../runtime/types.js';
import { emptyHistory, type Failure, type RestartHistory } from './restart-policy.js';
import { newRun, type RunFacts } from './run.js';

export interface Lifecycle {
  state: ServiceState;
  health: Health;
  /** The last probe's result in words, e.g. "HTTP 503 in 2ms". */
  healthDetail: string | null;
  /** The process of the current run (spawned or adopted), until it is gone. */
  identity: ProcessIdentity | null;
  /** Automatic restarts since a person last started it. */
  restarts: number;
  lastExit: LastExit | null;
  run: RunFacts;
  /** The restart policy's memory: recent automatic restarts, the backoff streak. */
  history: RestartHistory;
  /** Epoch ms of the scheduled automatic restart, or null; and why it restarts. */
  restartDueAt: number | null;
  restartReason: string | null;
  /** While `building`: the state to return to when the build is over. */
  beforeBuild: ServiceState | null;
  /** The start time of the process already reported stale (one `stale` event per process). */
  staleReportedFor: number | null;
  /**
   * The latest judged change left the current process stale: a process that became stale
   * while it started is restarted once it is up (`on_stale: restart`).
   */
  sourcesStale: boolean;
  /** The pid of the command that daemonized, while stack tracks the server it left running. */
  daemonizedFrom: number | null;
  /**
   * Processes of the service whose root is gone: being stopped after an exit, or found at
   * re-adoption (the root died while no daemon watched). Still its own, never "foreign";
   * `stack down`, or the next start's port check, stops them.
   */
  orphans: ProcessIdentity[];
  /**
   * Why the current process is ending, decided before its exit: over its memory limit
   * (stack stops it), or an exit whose leftover processes are being stopped (the restart
   * policy acts once they are gone).
   */
  pendingFailure: { failure: Failure; reason: string; ranForMs: number } | null;
}

/** What a transition needs to know about the service's config, and the clock. */
export interface LifecycleEnv {
  restart: RestartPolicy;
  retries: number;
  probe: HealthProbe;
  onStale: OnStale;
  /** A one-shot job (no port, `restart` not `always`, nothing waits for it to be up): its exit 0 is its work done. */
  job: boolean;
  now: number;
}

export type StartedBy = 'person' | 'policy' | 'change';

export type LifecycleEvent =
  /** An operation (up, restart, the restart policy, a source change) claims the service for a new run. */
  | { type: 'start-requested'; by: StartedBy; reason?: string }
  /** The claimed run will not start: a dependency failed. */
  | { type: 'abandoned'; reason: string }
  | { type: 'build-started'; log: RunLog }
  | { type: 'build-finished'; code: number | null; signal: string | null; durationMs: number }
  /** The build (if any) is done: the port check and the spawn begin. */
  | { type: 'spawn-started' }
  | { type: 'start-failed'; reason: string }
  | { type: 'spawned'; identity: ProcessIdentity; log: RunLog }
  /** A probe of a process we spawned got a connection to its port: the server listens. */
  | { type: 'listening'; runId: number; address: string; port: number }
  | { type: 'probe-passed'; runId: number; detail: string }
  /** `counted`: outside the start period; `failures`: counted failures in a row. */
  | { type: 'probe-failed'; runId: number; detail: string; counted: boolean; failures: number }
  /**
   * The root process is gone. `leftovers`: the service's processes still running;
   * `holder`: the one of them holding its port (or named by its pid file).
   */
  | { type: 'exited'; runId: number; exit: ExitInfo; reason: string | null; leftovers: ProcessIdentity[]; holder: ProcessIdentity | null }
  /** What an exit left running has been stopped. */
  | { type: 'leftovers-reaped'; runId: number; pids: number[]; escalated: boolean }
  /** The restart policy's backoff has passed. */
  | { type: 'restart-due' }
  /** The run's process tree stayed above memory_limit (`limit`, bytes) for two samples in a row; `bytes`: the last. */
  | { type: 'memory-over-limit'; runId: number; bytes: number; limit: number }
  /** `replaced`: a restart follows; `byDown`: `stack down` asked. */
  | { type: 'stop-requested'; replaced: boolean; byDown: boolean }
  /** The stop found a process and signals it. */
  | { type: 'stop-began' }
  /** The stop is over: the process (if there was one) is gone. */
  | { type: 'stopped'; pid: number | null; escalated: boolean; elapsedMs: number; leftovers: number[] }
  /** A new daemon read this service's record from state.json; `alive`: its process checked out (pid and start time). */
  | { type: 'restored'; record: SavedService; alive: boolean; log: RunLog; leftovers: ProcessIdentity[] }
  /** A watched source changed; `stale`: the current process now predates the code on disk. */
  | { type: 'sources-changed'; path: string; stale: boolean };

export type Effect =
  | { kind: 'record'; type: string; fields: Record<string, unknown> }
  | { kind: 'progress'; phase: Phase; elapsedMs?: number; pid?: number }
  /** Start the probe loop of the current run; `watchExit`: poll liveness too (an adopted process is not our child). */
  | { kind: 'monitor'; watchExit: boolean }
  /** Watch the sources; `primeSince`: also look for files changed since then (an adopted process). */
  | { kind: 'watch-sources'; primeSince?: number }
  /** Changes before this start time are in the new process. */
  | { kind: 'process-started'; startedAt: number }
  | { kind: 'schedule-restart'; delayMs: number }
  | { kind: 'cancel-restart' }
  /** Stop what the current run is doing (its probe loop, its exit watch, a spawn in flight). */
  | { kind: 'abort-run' }
  /**
   * Stop (when running) and start again: by the restart policy (no build), or for a source
   * change (build first; the new process once the save has settled; a change while one is
   * under way joins it).
   */
  | { kind: 'restart'; by: 'policy' | 'change'; reason: string }
  /**
   * Stop the run's process (stop_signal, SIGKILL after stop_timeout) without a person's
   * stop: its exit then comes as usual, and `pendingFailure` says why it ended.
   */
  | { kind: 'stop-process' }
  /** Stop what an exit left running (stop_signal, SIGKILL after stop_timeout), then report `leftovers-reaped`. */
  | { kind: 'reap'; leftovers: ProcessIdentity[] };

export interface Transition {
  life: Lifecycle;
  effects: Effect[];
  /** Set when the event does not apply to the current state: nothing changed. */
  ignored?: string;
}

export function initialLifecycle(): Lifecycle {
  return {
    state: 'stopped',
    health: 'unknown',
    healthDetail: null,
    identity: null,
    restarts: 0,
    lastExit: null,
    run: newRun(0),
    history: emptyHistory(),
    restartDueAt: null,
    restartReason: null,
    beforeBuild: null,
    staleReportedFor: null,
    sourcesStale: false,
    daemonizedFrom: null,
    orphans: [],
    pendingFailure: null,
  };
}

/** pending, building, starting or running: an operation has claimed this service, or a process runs. */
export function isActive(state: ServiceState): boolean {
  return state === 'pending' || state === 'building' || state === 'starting' || state === 'running';
}
