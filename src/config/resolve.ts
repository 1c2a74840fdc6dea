/**
 * The validated file → the resolved StackConfig: defaults filled in, paths absolute,
 * each service's environment merged (top-level env files < top-level env < service
 * env files < service env < PORT).
 */
import path from 'node:path';
import { AUTO_PORT } from './fields.js';
import type { StackFile } from './schema.js';
import { DEFAULTS, type HealthConfig, type HealthProbe, type ServiceConfig, type StackConfig } from './types.js';

export interface ResolveInput {
  file: StackFile;
  /** Absolute path of stack.yaml. */
  configFile: string;
  topFileEnv: ReadonlyMap<string, string>;
  serviceFileEnv: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The env files read (absolute); stack.yaml itself comes first in `inputs`. */
  envFiles?: readonly string[];
  /** The port chosen for each `port: auto` service (undefined: none could be). */
  autoPorts?: ReadonlyMap<string, number | undefined>;
}

export function resolveConfig({ file, configFile, topFileEnv, serviceFileEnv, envFiles = [], autoPorts = new Map() }: ResolveInput): StackConfig {
  const root = path.dirname(configFile);
  const services: Record<string, ServiceConfig> = {};
  for (const [name, s] of Object.entries(file.services)) {
    const env = new Map<string, string>([
      ...topFileEnv,
      ...Object.entries(file.env ?? {}),
      ...(serviceFileEnv.get(name) ?? []),
      ...Object.entries(s.env ?? {}),
    ]);
    const auto = s.port === AUTO_PORT;
    const port = s.port === AUTO_PORT ? autoPorts.get(name) : s.port;
    if (port !== undefined) env.set('PORT', String(port));
    const defaultProbe: HealthProbe = port !== undefined ? { kind: 'tcp', host: 'localhost', port } : { kind: 'process' };
    const health: HealthConfig = {
      probe: s.health?.probe ?? defaultProbe,
      interval: s.health?.interval ?? DEFAULTS.health.interval,
      timeout: s.health?.timeout ?? DEFAULTS.health.timeout,
      retries: s.health?.retries ?? DEFAULTS.health.retries,
      startPeriod: s.health?.startPeriod ?? DEFAULTS.health.startPeriod,
    };
    const cwd = path.resolve(root, s.cwd ?? '.');
    const pidFile = s.pid_file !== undefined ? path.resolve(cwd, s.pid_file) : undefined;
    const service: ServiceConfig = {
      name,
      command: s.command,
      cwd,
      port,
      ...(auto ? { portAuto: true } : {}),
      env: Object.fromEntries(env),
      health,
      dependsOn: Object.fromEntries((s.depends_on ?? []).map((d) => [d.name, d.condition])),
      // With staleness: loaded the files the process loads count; the globs only add to them.
      watch: withoutOwnFiles(s.watch ?? (s.staleness === 'loaded' ? [] : ['**']), cwd, pidFile),
      build: s.build?.command,
      buildOutputs: s.build?.outputs ?? [],
      restart: s.restart ?? DEFAULTS.restart,
      onStale: s.on_stale ?? DEFAULTS.onStale,
      staleness: s.staleness ?? 'watch',
      stopSignal: s.stop_signal ?? DEFAULTS.stopSignal,
      stopTimeout: s.stop_timeout ?? DEFAULTS.stopTimeout,
      ...(s.memory_limit !== undefined ? { memoryLimit: s.memory_limit } : {}),
      ...(pidFile !== undefined ? { pidFile } : {}),
    };
    services[name] = service;
  }
  const logs = { maxBytes: file.logs?.max_size ?? DEFAULTS.logs.maxBytes, keep: file.logs?.keep ?? DEFAULTS.logs.keep };
  const inputs = [configFile, ...envFiles];
  return { name: file.name ?? (path.basename(root) || 'stack'), file: configFile, root, logs, services, inputs };
}

/**
 * The service writes its pid file itself, each start: a source only in name. Under cwd it
 * is left out of the globs (`!redis.pid`), so the start of a daemonizing server never marks
 * it stale. Globs that match nothing stay so: an exclusion alone would mean "all but".
 */
function withoutOwnFiles(watch: string[], cwd: string, pidFile: string | undefined): string[] {
  if (pidFile === undefined || !watch.some((glob) => !glob.startsWith('!'))) return watch;
  const relative = path.relative(cwd, pidFile);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return watch;
  return [...watch, `!${relative.split(path.sep).join('/')}`];
}
