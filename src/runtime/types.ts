/**
 * Contracts between the supervisor (src/daemon) and the effects it drives
 * (src/runtime). The daemon only sees these interfaces.
 */
import type { Command, HealthProbe } from '../config/types.js';

/**
 * A process as the OS knows it. `startToken` is the OS's own record of when the process
 * started (on Linux the start time in clock ticks from /proc/<pid>/stat); a pid is only
 * ever signalled when its current token equals the recorded one, because pids get reused.
 */
export interface ProcessIdentity {
  pid: number;
  startToken: string;
  /** Start time as epoch milliseconds, from the OS clock (comparable with file mtimes). */
  startedAt: number;
}

/** A source file changed after a process started: that process is serving older code. */
export interface StaleFile {
  /** As status shows it: relative to the project root, with forward slashes. */
  path: string;
  /** ISO time. */
  modifiedAt: string;
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** Epoch ms. */
  at: number;
}

export interface SpawnOptions {
  command: Command;
  cwd: string;
  /** Added on top of the inherited process.env. */
  env: Record<string, string>;
  /** stdout and stderr are appended here directly (the file, not a pipe through us), so the service survives our death. */
  logFile: string;
  /** Service name, used in error messages ("Cannot start service \"api\": …"). */
  name?: string;
}

export interface SpawnedProcess {
  identity: ProcessIdentity;
  /** Resolves when the process exits. Never rejects. */
  exited: Promise<ExitInfo>;
}

export interface StopOptions {
  signal: NodeJS.Signals;
  /** Milliseconds to wait after `signal` before SIGKILL to the whole group. */
  timeoutMs: number;
}

export interface StopResult {
  /** false when the recorded process was already gone (or its pid now belongs to another process). */
  signalled: boolean;
  /** true when SIGKILL was needed. */
  escalated: boolean;
}

export interface ProbeContext {
  timeoutMs: number;
  cwd: string;
  env: Record<string, string>;
  /** For `log` probes: the service's log file and the byte offset where this run's output starts. */
  logFile?: string;
  logOffset?: number;
  /** For `process` probes. */
  identity?: ProcessIdentity;
}

export interface ProbeResult {
  ok: boolean;
  /** Short human description: "HTTP 200 in 4ms", "connection refused", "timed out after 1.0s". */
  message: string;
  durationMs: number;
  /**
   * A tcp or http probe got a connection to this address and port, also when it then
   * failed (an HTTP 503): the server listens (`stack analyze`'s "listening" moment).
   */
  reached?: { address: string; port: number };
}

export type { Command, HealthProbe };
