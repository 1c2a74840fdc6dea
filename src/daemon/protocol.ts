/**
 * The messages between the CLI (src/client) and the daemon (src/daemon): HTTP+JSON over
 * a unix socket. `status --json` prints StatusResponse as is (DESIGN §4, a contract).
 */
import type { StackConfig } from '../config/types.js';

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

export interface LastExit {
  code: number | null;
  signal: string | null;
  at: string;
  reason: string | null;
}

export interface StaleFile {
  path: string;
  modifiedAt: string;
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
  memory: number | null;
  stale: boolean;
  staleFiles: StaleFile[];
  lastExit: LastExit | null;
  managedBy: 'stack' | 'foreign' | null;
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
  services: ServiceStatus[];
}

/** Progress of one service during up/down/restart. */
export type Phase =
  | 'waiting'
  | 'building'
  | 'starting'
  | 'healthy'
  | 'started'
  | 'completed'
  | 'already-running'
  | 'failed'
  | 'skipped'
  | 'stopping'
  | 'stopped';

export interface ServiceProgress {
  type: 'progress';
  service: string;
  phase: Phase;
  /** Epoch ms. */
  at: number;
  /** ms since this service's step began (starting → healthy, stopping → stopped). */
  elapsedMs?: number;
  pid?: number;
  /** For waiting: the dependencies; for failed/skipped: the reason. */
  detail?: string;
}

/** Where one run's output starts: its log file (service or build log) and byte offset. */
export interface RunLog {
  file: string;
  from: number;
}

export interface Failure {
  service: string;
  reason: string;
  /** The output that explains it, or null when nothing ran (busy port, dependency failed). */
  log: RunLog | null;
  /** Not started because a dependency failed: the dependency is the one to look at. */
  blocked: boolean;
  /** `stack down` stopped it while this operation waited for it: interrupted, not broken. */
  interrupted?: boolean;
}

export interface Done {
  type: 'done';
  ok: boolean;
  failures: Failure[];
}

export type StreamEvent = ServiceProgress | Done;

export interface UpRequest {
  config: StackConfig;
  services: string[];
  wait: boolean;
}

export interface DownRequest {
  services: string[];
}

export interface RestartRequest {
  /** The config as the CLI sees it now (stack.yaml may have changed). */
  config: StackConfig;
  services: string[];
}

export interface PingResponse {
  pid: number;
  root: string;
  version: string;
  /** See buildId() in src/version.ts. */
  build: string;
  /** Things the daemon found at start-up that a person should hear about (a corrupt state.json). */
  warnings: string[];
}
