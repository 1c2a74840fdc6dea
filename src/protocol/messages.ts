/**
 * The requests and answers between the CLI (src/client) and the daemon (src/daemon):
 * HTTP+JSON over a unix socket. GET /status answers with a StatusResponse (status.ts).
 */
import type { ServiceConfig, StackConfig } from '../config/types.js';

/** Progress of one service during up/down/restart. */
export type Phase =
  | 'waiting'
  /** Its dependencies are met, but it has slack: it waits for the critical services to start first (detail: why, until when). */
  | 'deferred'
  | 'building'
  | 'starting'
  | 'healthy'
  | 'started'
  | 'completed'
  | 'already-running'
  | 'failed'
  | 'skipped'
  | 'stopping'
  | 'stopped'
  /** `up` found it running with other config than stack.yaml's (detail: the changed keys); it restarts it. */
  | 'config-changed'
  /** `up` found it in stack.yaml but not in the config it was last given: it starts it. */
  | 'new'
  /** `up` found it running but no longer in stack.yaml: it stops it. */
  | 'removed'
  /** `up --dry-run` only: not running, so `up` would start it. */
  | 'not-running'
  /** Its `port: auto` port was held by another process: it gets a new one (detail: the sentence). */
  | 'port-moved';

export interface ServiceProgress {
  type: 'progress';
  service: string;
  phase: Phase;
  /** Epoch ms. */
  at: number;
  /** ms since this service's step began (starting → healthy, stopping → stopped). */
  elapsedMs?: number;
  pid?: number;
  /** For waiting: the dependencies; for deferred, failed, skipped: the reason. */
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
  /**
   * How long the daemon took, for `up`: from its `up-start` to its `up-end` event, the
   * total `stack analyze` reads back from events.jsonl. Absent for the others (and for
   * `up --no-wait`): the CLI measures those itself.
   */
  elapsedMs?: number;
}

export type StreamEvent = ServiceProgress | Done;

/**
 * The first line of an `up` asked with a file (UpFileRequest): the daemon read and
 * validated it, and will bring these services up. Its progress lines and reasons are
 * masked already (the client has no config to mask them with).
 */
export interface UpAccepted {
  type: 'accepted';
  /** Every service of the file, in its order (for the client's column width and colours). */
  services: string[];
}

/** The environment of the CLI that sent a config: the daemon resolves `${VAR}` with it when stack.yaml changes. */
export type RequestEnv = Record<string, string>;

export interface UpRequest {
  config: StackConfig;
  services: string[];
  wait: boolean;
  env?: RequestEnv;
  /** Say what `up` would restart, start and stop, and change nothing. */
  dryRun?: boolean;
}

/**
 * `POST /up` naming stack.yaml instead of sending its resolved config: the daemon reads
 * and validates it itself, with `env` (the client's environment), as `stack up` would.
 * A file that does not load, or a name it does not list, is refused before anything
 * starts (422, 400). bin/stack.js's fast `up` sends this (cli/fast-up.ts).
 */
export interface UpFileRequest {
  file: string;
  services: string[];
  wait: boolean;
  env: RequestEnv;
}

export interface DownRequest {
  services: string[];
}

export interface RestartRequest {
  /** The config as the CLI sees it now (stack.yaml may have changed). */
  config: StackConfig;
  services: string[];
  env?: RequestEnv;
}

/** GET /started-with: the resolved config each running process was started with, by service name. */
export interface StartedWithResponse {
  services: Record<string, ServiceConfig>;
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
