/**
 * Interpolates every string value of the file. A `${NAME}` resolves, in order, to:
 *   1. inside services.<svc> (except its `port:` itself): `${PORT}` = that service's port;
 *   2. `${<service>.port}` = another service's declared port (one source of truth, incident 003);
 *      for `port: auto`, the port chosen for it (auto-port.ts);
 *   3. the invoking environment;
 *   4. the top-level `env:` map;
 *   5. the top-level env file(s).
 * Values are computed on demand and memoised, so `env:` entries, env_file paths and ports
 * may refer to each other in any order; a reference loop is reported instead of followed.
 */
import { closest } from './suggest.js';
import type { EnvFileLoader } from './env-file-loader.js';
import { envFileEntries } from './env-file-loader.js';
import { isPlainMap } from './strip-extensions.js';
import { interpolate, type Lookup } from './interpolation-syntax.js';
import type { KeyPath, SourcePositions } from './positions.js';
import type { Problems } from './problems.js';
import { AUTO_PORT, portSchema } from './fields.js';
import type { AutoPortSource } from './auto-port.js';
import { StackError } from '../errors.js';

/** Known fields are at most ~5 levels deep; deeper values are left for the schema to reject. */
const MAX_DEPTH = 12;
const IN_PROGRESS = Symbol('in progress');

export interface ScopeOptions {
  data: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  problems: Problems;
  positions: SourcePositions;
  envFiles: EnvFileLoader;
  /** The ports of `port: auto` services; without it they stay unchosen. */
  autoPorts?: AutoPortSource | undefined;
}

export class Scope {
  private readonly strings = new Map<string, string | typeof IN_PROGRESS>();
  private readonly ports = new Map<string, number | undefined>();
  /** Services whose port is `auto`, with the port chosen for each (undefined: none). */
  private readonly auto = new Map<string, number | undefined>();
  private fileEnv: Map<string, string> | typeof IN_PROGRESS | undefined;
  private readonly services: Record<string, unknown>;
  /** Paths whose value did not interpolate; further complaints about them are noise. */
  private readonly failedPaths = new Set<string>();
  private readonly topEnv: Record<string, unknown>;

  constructor(private readonly options: ScopeOptions) {
    this.services = isPlainMap(options.data.services) ? options.data.services : {};
    this.topEnv = isPlainMap(options.data.env) ? options.data.env : {};
  }

  /** The whole file with every string interpolated; the input is not modified. */
  interpolateAll(): Record<string, unknown> {
    // Env files first: their paths are interpolated without their own variables.
    this.topLevelFileEnv();
    return this.walk(this.options.data, [], 0) as Record<string, unknown>;
  }

  /** The top-level env files, merged in order (for interpolation and for every service's env). */
  topLevelFileEnv(): Map<string, string> {
    if (this.fileEnv === IN_PROGRESS) return new Map(); // an env_file path that refers to env-file variables
    if (this.fileEnv) return this.fileEnv;
    this.fileEnv = IN_PROGRESS;
    const merged = new Map<string, string>();
    const raw = this.options.data.env_file;
    for (const entry of envFileEntries(raw, ['env_file'])) {
      const file = this.string(entry.keyPath, entry.file, undefined);
      if (this.failed(entry.keyPath)) continue;
      const vars = this.options.envFiles.load(file, entry.keyPath);
      for (const [k, v] of vars ?? []) merged.set(k, v);
    }
    this.fileEnv = merged;
    return merged;
  }

  /** A service's port as declared (after interpolation; `auto`: the one chosen), or undefined when absent or invalid. */
  portOf(service: string): number | undefined {
    if (this.ports.has(service)) return this.ports.get(service);
    const raw = this.rawPort(service);
    const value = typeof raw === 'string' ? this.string(['services', service, 'port'], raw, undefined) : raw;
    const parsed = portSchema.safeParse(value);
    const declared = parsed.success ? parsed.data : undefined;
    const port = declared === AUTO_PORT ? this.chooseAuto(service) : declared;
    this.ports.set(service, port);
    return port;
  }

  /** The services whose port is `auto`, each with the port chosen for it (none when it could not be). */
  autoPorts(): Map<string, number | undefined> {
    for (const name of Object.keys(this.services)) this.portOf(name);
    return this.auto;
  }

  private chooseAuto(service: string): number | undefined {
    let port: number | undefined;
    try {
      port = this.options.autoPorts?.portFor(service, this.literalPorts());
    } catch (error) {
      if (!(error instanceof StackError)) throw error;
      this.options.problems.at(['services', service, 'port'], error.message, { hint: error.hint });
      this.failedPaths.add(JSON.stringify(['services', service, 'port']));
    }
    this.auto.set(service, port);
    return port;
  }

  /** Ports the file writes as numbers: an auto port must not be one of them. */
  private literalPorts(): Set<number> {
    const found = new Set<number>();
    for (const s of Object.values(this.services)) {
      const raw = isPlainMap(s) ? s.port : undefined;
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
      if (Number.isInteger(n)) found.add(n);
    }
    return found;
  }

  /** True when the value at `path` did not interpolate (and was reported, or its cause was). */
  failed(path: KeyPath): boolean {
    return this.failedPaths.has(JSON.stringify(path));
  }

  private walk(value: unknown, path: KeyPath, depth: number): unknown {
    if (typeof value === 'string') return this.string(path, value, serviceContext(path));
    if (typeof value === 'number' || typeof value === 'boolean') {
      // Env values and arguments are passed on as written: `VERSION: 1.10` is "1.10", not "1.1".
      return isWrittenAsText(path) ? (this.options.positions.scalarSource(path) ?? String(value)) : value;
    }
    if (depth >= MAX_DEPTH) return value;
    if (Array.isArray(value)) return value.map((item, i) => this.walk(item, [...path, i], depth + 1));
    if (isPlainMap(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.walk(v, [...path, k], depth + 1)]));
    }
    return value;
  }

  private string(path: KeyPath, raw: string, service: string | undefined): string {
    const value = this.tryString(path, raw, service);
    return value === IN_PROGRESS ? '' : value;
  }

  /** IN_PROGRESS when `path` is being interpolated already: a reference loop. */
  private tryString(path: KeyPath, raw: string, service: string | undefined): string | typeof IN_PROGRESS {
    if (!raw.includes('$')) return raw;
    const key = JSON.stringify(path);
    const cached = this.strings.get(key);
    if (cached !== undefined) return cached;
    this.strings.set(key, IN_PROGRESS);
    const { value, errors, incomplete } = interpolate(raw, (name) => this.lookup(name, service));
    for (const e of errors) this.options.problems.at(path, e.message, { hint: e.hint, text: e.token });
    if (incomplete) this.failedPaths.add(key);
    this.strings.set(key, value);
    return value;
  }

  private lookup(name: string, service: string | undefined): Lookup {
    const dot = name.indexOf('.');
    if (dot >= 0) return this.servicePort(name.slice(0, dot), name.slice(dot + 1), name);
    if (name === 'PORT' && service !== undefined && this.rawPort(service) !== undefined) {
      return this.servicePort(service, 'port', name);
    }
    const fromEnv = Object.hasOwn(this.options.env, name) ? this.options.env[name] : undefined;
    if (typeof fromEnv === 'string') return { value: fromEnv };
    if (Object.hasOwn(this.topEnv, name)) return this.topEnvValue(name);
    const fromFile = this.topLevelFileEnv().get(name);
    if (fromFile !== undefined) return { value: fromFile };
    if (name === 'PORT' && service !== undefined) {
      return { missing: `\${PORT} is not set: services.${service} has no port; add port: or write \${PORT:-value}` };
    }
    return { missing: `\${${name}} is not set; export it, add it under env:, or write \${${name}:-value}` };
  }

  private servicePort(service: string, property: string, name: string): Lookup {
    if (property !== 'port') {
      return { missing: `\${${name}} is not available; only \${${service}.port} can be referenced` };
    }
    if (!Object.hasOwn(this.services, service)) {
      const suggestion = closest(service, Object.keys(this.services));
      return {
        missing: `\${${name}} refers to an unknown service '${service}'`,
        ...(suggestion === undefined ? {} : { hint: `did you mean '${suggestion}.port'?` }),
      };
    }
    const raw = this.rawPort(service);
    if (raw === undefined) return { missing: `\${${name}}: services.${service} has no port` };
    if (typeof raw === 'string' && this.tryString(['services', service, 'port'], raw, undefined) === IN_PROGRESS) {
      return { missing: `\${${name}} refers back to itself` };
    }
    const port = this.portOf(service);
    if (port === undefined && this.auto.has(service) && !this.failed(['services', service, 'port'])) {
      return { missing: `\${${name}}: services.${service} has port: auto and no port is chosen for it yet; stack up chooses one` };
    }
    // An invalid port is reported where it is declared, not again at each reference.
    return port === undefined ? { unresolved: true } : { value: String(port) };
  }

  private topEnvValue(name: string): Lookup {
    const raw = this.topEnv[name];
    const path = ['env', name];
    if (typeof raw === 'string') {
      const value = this.tryString(path, raw, undefined);
      return value === IN_PROGRESS ? { missing: `\${${name}} refers back to itself` } : { value };
    }
    if (typeof raw === 'number' || typeof raw === 'boolean') {
      return { value: this.options.positions.scalarSource(path) ?? String(raw) };
    }
    return { unresolved: true }; // not a scalar: the schema reports it at env.<name>
  }

  private rawPort(service: string): unknown {
    const s = this.services[service];
    return isPlainMap(s) ? s.port : undefined;
  }
}

/** The service whose `${PORT}` applies at `path`; not its own `port:` (that would be circular). */
function serviceContext(path: KeyPath): string | undefined {
  if (path[0] !== 'services' || path.length < 3) return undefined;
  if (path.length === 3 && path[2] === 'port') return undefined;
  return String(path[1]);
}

/** Env values and argv items: strings for the process, however YAML typed them. */
function isWrittenAsText(path: KeyPath): boolean {
  if (path.length === 2) return path[0] === 'env';
  return path.length === 4 && path[0] === 'services' && (path[2] === 'env' || (path[2] === 'command' && typeof path[3] === 'number'));
}
