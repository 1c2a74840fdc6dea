/**
 * What `stack doctor` finds (DESIGN §5, a contract: `{ ok, findings }` with these keys)
 * and what each check gets to look at.
 */
import type { ServiceConfig, StackConfig } from '../config/types.js';
import type { StatusResponse } from '../protocol/status.js';
import type { ConfigCheckId, ConfigError } from '../errors.js';
import type { ProjectPaths } from '../project-dir.js';

/** The config loader's ids (set on each ConfigProblem), then the checks doctor runs itself. */
export type CheckId =
  | ConfigCheckId
  | 'command-not-found'
  | 'port-conflict'
  | 'port-mismatch'
  | 'health-port-mismatch'
  | 'service-down'
  | 'service-unhealthy'
  | 'crash-loop'
  | 'stale-code'
  | 'config-changed'
  | 'stale-build'
  | 'dependency-down'
  | 'dependency-unreachable';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  check: CheckId;
  severity: Severity;
  /** null for findings about the whole config (a YAML error). */
  service: string | null;
  message: string;
  /** The next command to run, or what to change. */
  hint: string;
  /** `stack doctor --fix` can repair it (restart a service stack manages). */
  fixable: boolean;
  /** For dependency-down: the failing dependency this service's trouble comes from (extra key). */
  causedBy?: string;
}

export interface DoctorReport {
  ok: boolean;
  findings: Finding[];
}

export interface CheckContext {
  paths: ProjectPaths;
  /** null when stack.yaml does not load (then configError says why). */
  config: StackConfig | null;
  configError: ConfigError | null;
  /** null when it could not be had (no daemon and a broken stack.yaml). */
  status: StatusResponse | null;
  /** The config each running process was started with, by service (from the daemon; empty without one). */
  startedWith: Record<string, ServiceConfig>;
}

export type Check = (ctx: CheckContext) => Promise<Finding[]>;
