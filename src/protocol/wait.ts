/**
 * `stack wait`: the request the CLI sends (POST /wait), and the answer, one result per
 * service with the same field names as `status --json`. The daemon holds the request
 * open and answers when its services' own state changes decide it, so the CLI never polls.
 */
import type { Health, ServiceState } from './status.js';

export const WAIT_CONDITIONS = ['healthy', 'running', 'completed', 'stopped'] as const;
export type WaitCondition = (typeof WAIT_CONDITIONS)[number];

export interface WaitRequest {
  /** The services to wait for; none: every service the daemon knows. */
  services: string[];
  for: WaitCondition;
  /** Give up after this long (the unfinished ones fail with their last state and probe result). */
  timeoutMs?: number;
}

export interface WaitResult {
  name: string;
  state: ServiceState;
  health: Health;
  pid: number | null;
  ok: boolean;
  /** Why it is not there (the crash line, a crash loop, the last probe result); null when ok. */
  reason: string | null;
}

/** The last line of the POST /wait stream, after a progress line per service as each is decided. */
export interface WaitDone {
  type: 'wait-done';
  ok: boolean;
  /** The timeout passed before every service got there. */
  timedOut: boolean;
  results: WaitResult[];
}
