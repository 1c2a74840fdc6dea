/**
 * The operations on a running stack, as one interface with two implementations: the
 * daemon's, over its socket (src/client/daemon-control.ts), and the supervisor's own, in
 * the process that runs it (src/daemon/control.ts), which serves both the daemon's socket
 * and `stack up --foreground`. The CLI reports through this interface only, so the two
 * modes cannot drift apart.
 */
import type { Done, DownRequest, RestartRequest, ServiceProgress, UpRequest } from './messages.js';
import type { StatusResponse } from './status.js';
import type { WaitDone, WaitRequest } from './wait.js';

export type Progress = (event: ServiceProgress) => void;

export interface StackControl {
  /** Starts the services (and their dependencies); resolves when they are ready, at once with `wait: false`. */
  up(request: UpRequest, progress: Progress, signal?: AbortSignal): Promise<Done>;
  /** Stops the services and their dependents (everything when none are named). */
  down(request: DownRequest, progress: Progress, signal?: AbortSignal): Promise<Done>;
  /** Builds, stops and starts the services again. */
  restart(request: RestartRequest, progress: Progress, signal?: AbortSignal): Promise<Done>;
  status(): Promise<StatusResponse>;
  /** Resolves when the services are in the condition asked for, one can no longer get there, or the timeout passes. */
  wait(request: WaitRequest, progress: Progress, signal?: AbortSignal): Promise<WaitDone>;
}

/** The three operations that stream progress, by name. */
export type OperationName = 'up' | 'down' | 'restart';
