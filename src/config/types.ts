/**
 * The resolved config: what the rest of stack works with after stack.yaml has been
 * parsed, validated, interpolated and given its defaults. Plain data (JSON-serialisable)
 * so the CLI can hand it to the daemon over IPC.
 */

export type RestartPolicy = 'always' | 'on-failure' | 'no';
export type OnStale = 'warn' | 'restart';
/** What counts as a source: the `watch` globs, or the files the process loaded plus the globs. */
export type Staleness = 'watch' | 'loaded';
export type DependencyCondition = 'started' | 'healthy' | 'completed';

/** A string command runs through the shell; an argv list runs without one. */
export type Command = { shell: string } | { argv: string[] };

export type HealthProbe =
  | { kind: 'http'; url: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'exec'; command: string }
  | { kind: 'log'; pattern: string }
  /** No port and no health declared: healthy while the process is alive. */
  | { kind: 'process' };

export interface HealthConfig {
  probe: HealthProbe;
  /** All durations are milliseconds. */
  interval: number;
  timeout: number;
  /** Consecutive failures before the service counts as unhealthy. */
  retries: number;
  /** Failures during this period after start do not count. */
  startPeriod: number;
}

export interface ServiceConfig {
  name: string;
  command: Command;
  /** Absolute working directory. */
  cwd: string;
  /** The port (for `port: auto`, the one chosen and kept in .stack/ports.json; undefined before one is). */
  port: number | undefined;
  /** stack.yaml says `port: auto`. */
  portAuto?: boolean;
  /** Fully merged environment for the process: project env, env files, service env, PORT. Does not include the inherited process.env. */
  env: Record<string, string>;
  health: HealthConfig;
  dependsOn: Record<string, DependencyCondition>;
  /** Globs relative to cwd. */
  watch: string[];
  build: string | undefined;
  /**
   * Globs relative to cwd of what `build` writes (`build: { command, outputs }`); [] when
   * not said. Absent in configs saved by older versions of stack.
   */
  buildOutputs?: string[];
  restart: RestartPolicy;
  onStale: OnStale;
  /** Absent in configs saved by older versions of stack: `watch`. */
  staleness?: Staleness;
  stopSignal: NodeJS.Signals;
  /** Milliseconds before SIGKILL. */
  stopTimeout: number;
  /** Bytes (memory_limit:): restart it when its process tree's resident memory stays above this for two samples. */
  memoryLimit?: number;
  /** Absolute: where a daemonizing command's server writes its pid (pid_file:). */
  pidFile?: string;
}

export interface LogsConfig {
  /** Rotate a service log past this many bytes. */
  maxBytes: number;
  /** Rotated files kept: <svc>.log.1 … .keep */
  keep: number;
}

export interface StackConfig {
  name: string;
  /** Absolute path of stack.yaml. */
  file: string;
  /** Directory holding stack.yaml; relative paths resolve against it. */
  root: string;
  logs: LogsConfig;
  /** Services in the order they appear in the file. */
  services: Record<string, ServiceConfig>;
  /**
   * Absolute paths of the files this config was read from: stack.yaml, then each env file
   * it names. The daemon watches them to see the config change. Absent in configs sent or
   * saved by older versions of stack.
   */
  inputs?: string[];
}

export const DEFAULTS = {
  logs: { maxBytes: 10 * 1024 * 1024, keep: 3 } as LogsConfig,
  health: { interval: 2000, timeout: 1000, retries: 3, startPeriod: 10_000 },
  restart: 'on-failure' as RestartPolicy,
  onStale: 'warn' as OnStale,
  stopSignal: 'SIGTERM' as NodeJS.Signals,
  stopTimeout: 10_000,
};
