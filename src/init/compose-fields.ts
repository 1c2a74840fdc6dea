/**
 * The shapes a compose file allows for one key, each read into one form: command and
 * entrypoint (string or list), environment (map or KEY=VALUE list), env_file (string,
 * list, or long form), depends_on (list or map with conditions), ports (short and long
 * syntax), durations ("1m30s", "500ms", "10us"). Pure; a value of an unexpected type
 * reads as absent, and the caller notes it.
 */
import type { DependencyCondition } from '../config/types.js';

export type Argv = { shell: string } | { argv: string[] };

export function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** `command: npm start` or `command: [npm, start]`. */
export function argvOf(value: unknown): Argv | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : { shell: value };
  if (Array.isArray(value)) {
    const argv = value.map(scalarText).filter((v): v is string => v !== undefined);
    return argv.length > 0 ? { argv } : undefined;
  }
  return undefined;
}

/** entrypoint + command as one command line, the way the container would run them. */
export function joinCommand(entrypoint: Argv | undefined, command: Argv | undefined): Argv | undefined {
  if (!entrypoint) return command;
  if (!command) return entrypoint;
  if ('argv' in entrypoint && 'argv' in command) return { argv: [...entrypoint.argv, ...command.argv] };
  return { shell: `${commandText(entrypoint)} ${commandText(command)}` };
}

/** A command as one shell line; list items are quoted where the shell would split them. */
export function commandText(command: Argv): string {
  return 'shell' in command ? command.shell : command.argv.map(shellQuote).join(' ');
}

export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface EnvironmentRead {
  env: Record<string, string>;
  /** Names listed without a value: compose takes them from the shell. */
  passThrough: string[];
}

/** `environment: { A: 1 }` or `environment: [A=1, B]`. */
export function environmentOf(value: unknown): EnvironmentRead {
  const env: Record<string, string> = {};
  const passThrough: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = scalarText(item);
      if (text === undefined) continue;
      const eq = text.indexOf('=');
      if (eq < 0) passThrough.push(text.trim());
      else env[text.slice(0, eq).trim()] = text.slice(eq + 1);
    }
  } else if (isMap(value)) {
    for (const [name, v] of Object.entries(value)) {
      const text = scalarText(v);
      if (text === undefined) passThrough.push(name);
      else env[name] = text;
    }
  }
  return { env, passThrough };
}

export interface EnvFileEntry {
  path: string;
  required: boolean;
}

/** `env_file: .env`, `[a.env, b.env]` or `[{ path: a.env, required: false }]`. */
export function envFilesOf(value: unknown): EnvFileEntry[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((item): EnvFileEntry[] => {
    if (typeof item === 'string') return [{ path: item, required: true }];
    if (isMap(item) && typeof item.path === 'string') return [{ path: item.path, required: item.required !== false }];
    return [];
  });
}

const CONDITIONS: Readonly<Record<string, DependencyCondition>> = {
  service_started: 'started',
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
};

export interface DependencyRead {
  name: string;
  condition: DependencyCondition;
  /** The list form: compose waits for started only. */
  short: boolean;
  /** A condition compose has and stack does not, as written. */
  unknownCondition?: string;
}

/** `depends_on: [db]` (compose: started) or `depends_on: { db: { condition: service_healthy } }`. */
export function dependsOnOf(value: unknown): DependencyRead[] {
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === 'string').map((name) => ({ name, condition: 'started', short: true }));
  }
  if (!isMap(value)) return [];
  return Object.entries(value).map(([name, spec]) => {
    const written = isMap(spec) && typeof spec.condition === 'string' ? spec.condition : 'service_started';
    const condition = CONDITIONS[written];
    return condition ? { name, condition, short: false } : { name, condition: 'started', short: false, unknownCondition: written };
  });
}

export interface PortMapping {
  /** The port on the host; undefined when compose would pick one. */
  host: number | undefined;
  container: number;
  /** Address the host port is bound to, when one is given. */
  hostIp?: string;
  protocol: string;
  /** A range was given; only its first port is used. */
  range?: boolean;
}

const SHORT_PORT = /^(?:(\[[^\]]+\]|\d+\.\d+\.\d+\.\d+):)?(?:(\d+)(?:-(\d+))?:)?(\d+)(?:-(\d+))?(?:\/(\w+))?$/;

/** "3000", "8080:80", "127.0.0.1:8080:80", "[::1]:8080:80", "9000-9001:9000-9001/udp", or { target, published, host_ip, protocol }. */
export function portOf(value: unknown): PortMapping | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? { host: undefined, container: value, protocol: 'tcp' } : undefined;
  if (typeof value === 'string') {
    const m = SHORT_PORT.exec(value.trim());
    if (!m) return undefined;
    const [, ip, host, hostEnd, container, containerEnd, protocol] = m;
    return {
      host: host === undefined ? undefined : Number(host),
      container: Number(container),
      ...(ip ? { hostIp: ip.replace(/^\[|\]$/g, '') } : {}),
      protocol: protocol ?? 'tcp',
      ...(hostEnd || containerEnd ? { range: true } : {}),
    };
  }
  if (isMap(value)) {
    const target = Number(value.target);
    if (!Number.isInteger(target)) return undefined;
    const published = scalarText(value.published);
    const first = published === undefined ? undefined : Number(published.split('-')[0]);
    return {
      host: first !== undefined && Number.isInteger(first) ? first : undefined,
      container: target,
      ...(typeof value.host_ip === 'string' ? { hostIp: value.host_ip } : {}),
      protocol: typeof value.protocol === 'string' ? value.protocol : 'tcp',
      ...(published?.includes('-') ? { range: true } : {}),
    };
  }
  return undefined;
}

const COMPOSE_UNITS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
const COMPOSE_DURATION = /^(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns))+$/;

/** A compose duration ("1m30s", "1.5s", "10us") in milliseconds, rounded; undefined when unreadable. */
export function composeDurationMs(value: unknown): number | undefined {
  const text = scalarText(value)?.trim();
  if (text === undefined) return undefined;
  if (text === '0') return 0;
  if (!COMPOSE_DURATION.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) ms += Number(amount) * COMPOSE_UNITS[unit!]!;
  return Math.round(ms);
}
