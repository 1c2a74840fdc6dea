/**
 * What `status --json` prints (DESIGN §4, a contract): one StatusResponse with a
 * ServiceStatus per service. The daemon answers GET /status with it; without a daemon the
 * CLI builds the same from stack.yaml and state.json.
 */
import type { StaleFile } from '../runtime/types.js';
import type { StaleBy } from '../runtime/sources/start-content-types.js';

export type { StaleFile, StaleBy };

export type ServiceState =
  | 'pending'
  | 'building'
  | 'starting'
  | 'running'
  | 'stopping'
  | 'stopped'
  | 'exited'
  | 'crashloop';

export type Health = 'unknown' | 'healthy' | 'unhealthy';

export interface LoadedSummary {
  files: number;
  changed: string[];
}

export interface LastExit {
  code: number | null;
  signal: string | null;
  at: string;
  reason: string | null;
}

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  health: Health;
  pid: number | null;
  port: number | null;
  listening: number[];
  startedAt: string | null;
  restarts: number;
  cpu: number | null;
  /** Resident bytes of its whole process tree (the process and its descendants), summed. */
  memory: number | null;
  /** Its memory_limit in bytes, or null when it has none. */
  memoryLimit: number | null;
  stale: boolean;
  staleFiles: StaleFile[];
  /**
   * `content`: stale only while a source's content differs from what it was when the process
   * started; `mtime`: some sources' start content is not known, so a modification after the
   * start counts (a note says why). null without a process.
   */
  staleBy: StaleBy | null;
  /**
   * With `staleness: loaded` and a Node process: `files`, how many files its processes
   * loaded that count as sources; `changed`, those whose content changed since (paths from
   * the project root). null otherwise, and until the first process reported what it loaded.
   */
  loaded: LoadedSummary | null;
  /** Its process was started with other config than stack.yaml says now (or the file no longer lists it). */
  configChanged: boolean;
  /** The keys that differ, in stack.yaml's words (`port`, `env.DATABASE_URL`); never values. */
  configChanges: string[];
  lastExit: LastExit | null;
  managedBy: 'stack' | 'foreign' | null;
  /** Facts about it in words: "new in stack.yaml", "removed from stack.yaml". */
  notes: string[];
  /** Last health probe result, e.g. "HTTP 503 in 2ms" (not part of the §4 contract; extra). */
  healthDetail?: string | null;
  /** When the restart policy will start it again (backoff), ISO; extra. */
  restartAt?: string | null;
  /** For managedBy 'foreign': what that process is; extra. */
  foreign?: { command: string | null; cwd: string | null };
}

export interface StatusResponse {
  project: string;
  config: string;
  daemon: { running: boolean; pid: number | null };
  /**
   * Set while stack.yaml does not load but services run: "stack.yaml has 2 problems
   * (stack.yaml:3:5); showing the running config". null when it loads.
   */
  configProblem: string | null;
  services: ServiceStatus[];
}
