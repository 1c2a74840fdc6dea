/**
 * Checks across services and against the disk: unknown dependencies, cycles, duplicate
 * ports, missing working directories and env files. They read each field leniently
 * (with that field's own schema), so a typo elsewhere in a service does not hide them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findCycle, missingDependencies } from '../graph/graph.js';
import type { EnvFileLoader } from './env-file-loader.js';
import { envFileEntries } from './env-file-loader.js';
import { isPlainMap } from './strip-extensions.js';
import { displayPath } from '../format.js';
import type { Problems } from './problems.js';
import { dependsOnSchema, type DependencyEntry } from './schema.js';
import type { Scope } from './interpolate.js';
import { didYouMean } from './suggest.js';

export interface CheckContext {
  /** The interpolated file. */
  data: Record<string, unknown>;
  root: string;
  problems: Problems;
  scope: Scope;
  envFiles: EnvFileLoader;
}

function servicesOf(data: Record<string, unknown>): Array<[string, Record<string, unknown>]> {
  if (!isPlainMap(data.services)) return [];
  return Object.entries(data.services).flatMap(([name, s]): Array<[string, Record<string, unknown>]> =>
    isPlainMap(s) ? [[name, s]] : [],
  );
}

export function checkDependencies({ data, problems, scope }: CheckContext): void {
  const services = servicesOf(data);
  const names = services.map(([name]) => name);
  const entries = new Map<string, DependencyEntry[]>();
  const deps: Record<string, string[]> = Object.fromEntries(
    services.map(([name, s]) => {
      const parsed = dependsOnSchema.safeParse(s.depends_on ?? []);
      const list = (parsed.success ? parsed.data : []).filter((e) => !scope.failed(['services', name, 'depends_on', e.key]));
      entries.set(name, list);
      return [name, [...new Set(list.map((e) => e.name))]];
    }),
  );
  const entryPath = (service: string, dependency: string) => {
    const entry = entries.get(service)?.find((e) => e.name === dependency);
    return {
      path: ['services', service, 'depends_on', ...(entry ? [entry.key] : [])],
      at: typeof entry?.key === 'string' ? ('key' as const) : ('value' as const),
    };
  };

  for (const { service, dependency } of missingDependencies(deps)) {
    const { path: keyPath, at } = entryPath(service, dependency);
    // Not the service itself (a self-dependency), nor one it already depends on.
    const candidates = names.filter((n) => n !== service && !deps[service]!.includes(n));
    problems.at(keyPath, `unknown service '${dependency}'`, { at, hint: didYouMean(dependency, candidates), check: 'dependency-missing' });
  }
  const cycle = findCycle(deps);
  if (cycle) {
    const { path: keyPath, at } = entryPath(cycle[0]!, cycle[1]!);
    problems.at(keyPath, `dependency cycle: ${cycle.join(' → ')}`, { at, check: 'dependency-cycle' });
  }
}

/** Known fields are at most ~5 levels deep; parse.ts refuses anything past 64. */
const MAX_WALK_DEPTH = 64;

/**
 * A NUL byte cannot be passed to the OS in a command, argument, path or environment
 * variable: spawning would throw long after validation said yes. Reported where written.
 */
export function checkNulBytes({ data, problems }: CheckContext): void {
  const walk = (value: unknown, keyPath: Array<string | number>): void => {
    if (typeof value === 'string') {
      if (value.includes('\0')) {
        problems.at(keyPath, 'contains a NUL byte (\\0), which no command, path or environment variable can hold', {
          hint: 'remove it',
        });
      }
      return;
    }
    if (keyPath.length >= MAX_WALK_DEPTH) return;
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...keyPath, i]));
    else if (isPlainMap(value)) for (const [key, item] of Object.entries(value)) walk(item, [...keyPath, key]);
  };
  walk(data, []);
}

export function checkPorts({ data, problems, scope }: CheckContext): void {
  const owners = new Map<number, string>();
  for (const [name] of servicesOf(data)) {
    const port = scope.portOf(name);
    if (port === undefined) continue;
    const owner = owners.get(port);
    if (owner === undefined) {
      owners.set(port, name);
      continue;
    }
    problems.at(['services', name, 'port'], `port ${port} is already declared by services.${owner}`, {
      hint: 'give each service its own port',
      check: 'duplicate-port',
    });
  }
}

export function checkWorkingDirectories({ data, root, problems, scope }: CheckContext): void {
  for (const [name, s] of servicesOf(data)) {
    if (typeof s.cwd !== 'string' || s.cwd.trim() === '' || s.cwd.includes('\0') || scope.failed(['services', name, 'cwd'])) continue;
    const dir = path.resolve(root, s.cwd);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(dir);
    } catch {
      stat = undefined; // ENOENT, ENOTDIR (a parent is a file), EACCES: in each case there is no usable directory
    }
    const keyPath = ['services', name, 'cwd'];
    if (!stat) {
      problems.at(keyPath, `directory ${displayPath(dir, process.cwd())} does not exist`, { hint: 'cwd is relative to the stack file', check: 'cwd-missing' });
    } else if (!stat.isDirectory()) {
      problems.at(keyPath, `${displayPath(dir, process.cwd())} is not a directory`, { check: 'cwd-missing' });
    }
  }
}

/** Reads every service's env files (reporting missing ones) and returns their merged variables. */
export function loadServiceEnvFiles({ data, envFiles, scope }: CheckContext): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  for (const [name, s] of servicesOf(data)) {
    const merged = new Map<string, string>();
    for (const entry of envFileEntries(s.env_file, ['services', name, 'env_file'])) {
      if (scope.failed(entry.keyPath)) continue;
      for (const [k, v] of envFiles.load(entry.file, entry.keyPath) ?? []) merged.set(k, v);
    }
    result.set(name, merged);
  }
  return result;
}
