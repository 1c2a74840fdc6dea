/**
 * A compose `healthcheck:` as a stack health check. `test:` becomes `http` when it is a
 * plain curl/wget of a local URL, `tcp` when it is `nc -z` of a local port, else `exec`.
 * Where the service runs decides the rest: on the host (a `build:` service) the check
 * runs as written, its port read as the service's own; in a container (`docker run`)
 * an http/tcp check goes to the published host port, and anything else runs inside the
 * container with `docker exec`.
 */
import { durationLiteral } from '../config/duration.js';
import { argvOf, composeDurationMs, commandText, isMap, shellQuote, type PortMapping } from './compose-fields.js';

export type RunsIn = { kind: 'host'; port: number | undefined; mapping: PortMapping | undefined } | { kind: 'docker'; container: string; ports: PortMapping[] };

export type Probe = { http: URL } | { tcp: { host: string; port: number } };

export interface HealthRead {
  /** stack.yaml's health: map, or undefined for the default. */
  health?: Record<string, unknown>;
  /** Why the check is what it is, written beside it. */
  comment?: string;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', '::1', '[::1]']);

/** The probe a health command is "recognisably", if any. */
export function recognizeProbe(line: string): Probe | undefined {
  const plain = line
    .trim()
    .replace(/\s*\|\|\s*(?:exit\s+1|false)\s*$/, '')
    .replace(/\s*(?:&>\s*\/dev\/null|>\s*\/dev\/null|2>&1)/g, '')
    .trim();
  if (/[|;&<>`$()]/.test(plain)) return undefined;
  const tokens = plain.split(/\s+/).map((t) => t.replace(/^(['"])(.*)\1$/, '$2'));
  const program = tokens[0]?.split('/').pop();
  if (program === 'curl' || program === 'wget') {
    const sends = tokens.some((t, i) => /^(?:-d|--data\S*|--post-\S+|-F|--form)$/.test(t) || (/^(?:-X|--request)$/.test(t) && tokens[i + 1]?.toUpperCase() !== 'GET'));
    const urls = tokens.filter((t) => /^https?:\/\//.test(t));
    if (sends || urls.length !== 1) return undefined;
    try {
      const url = new URL(urls[0]!);
      return LOCAL_HOSTS.has(url.hostname) ? { http: url } : undefined;
    } catch {
      return undefined;
    }
  }
  if (program === 'nc' && tokens.some((t) => /^-[a-y]*z[a-z]*$/i.test(t))) {
    const operands = tokens.slice(1).filter((t, i, all) => !t.startsWith('-') && !/^-[wq]$/.test(all[i - 1] ?? ''));
    const [host, port] = operands;
    if (operands.length === 2 && LOCAL_HOSTS.has(host!) && /^\d+$/.test(port!)) return { tcp: { host: host!, port: Number(port) } };
  }
  return undefined;
}

/** `test:` as a command: ["CMD", …] an argv, ["CMD-SHELL", "…"] or a string a shell line; NONE → null. */
function testCommand(test: unknown): { argv: string[] } | { shell: string } | null | undefined {
  if (typeof test === 'string') return { shell: test };
  if (!Array.isArray(test) || test.length === 0) return undefined;
  const [kind, ...rest] = test.map(String);
  if (kind === 'NONE') return null;
  if (kind === 'CMD-SHELL') return rest.length > 0 ? { shell: rest.join(' ') } : undefined;
  if (kind === 'CMD') return argvOf(rest) as { argv: string[] } | undefined;
  return argvOf(test) as { argv: string[] } | undefined;
}

export function healthOf(healthcheck: unknown, runsIn: RunsIn): HealthRead {
  if (!isMap(healthcheck) || healthcheck.disable === true) return {};
  const command = testCommand(healthcheck.test);
  if (!command) return {};
  const line = commandText(command);
  const probe = recognizeProbe(line);
  const timing = timingOf(healthcheck);
  if (runsIn.kind === 'host') {
    if (probe) return { health: { ...hostProbe(probe, runsIn), ...timing }, comment: `from healthcheck: ${line}` };
    return { health: { exec: line, ...timing }, comment: 'from healthcheck; runs on this machine now, not in the container' };
  }
  const published = probe ? publishedProbe(probe, runsIn.ports) : undefined;
  if (published) return { health: { ...published, ...timing }, comment: `from healthcheck: ${line}, on the published port` };
  const inside = 'argv' in command ? command.argv.map(shellQuote).join(' ') : `sh -c ${shellQuote(command.shell)}`;
  return { health: { exec: `docker exec ${runsIn.container} ${inside}`, ...timing }, comment: 'from healthcheck, run inside the container' };
}

function hostProbe(probe: Probe, runsIn: Extract<RunsIn, { kind: 'host' }>): Record<string, unknown> {
  const own = (port: number): boolean => port === runsIn.port || port === runsIn.mapping?.container || port === runsIn.mapping?.host;
  if ('http' in probe) {
    const port = Number(probe.http.port || (probe.http.protocol === 'https:' ? 443 : 80));
    const host = probe.http.hostname === '0.0.0.0' ? 'localhost' : probe.http.host.replace(/:\d+$/, '');
    const portText = own(port) && runsIn.port !== undefined ? '${PORT}' : String(port);
    return { http: `${probe.http.protocol}//${host}:${portText}${probe.http.pathname}${probe.http.search}` };
  }
  return { tcp: own(probe.tcp.port) && runsIn.port !== undefined ? runsIn.port : probe.tcp.port };
}

function publishedProbe(probe: Probe, ports: readonly PortMapping[]): Record<string, unknown> | undefined {
  const port = 'http' in probe ? Number(probe.http.port || (probe.http.protocol === 'https:' ? 443 : 80)) : probe.tcp.port;
  const mapping = ports.find((p) => p.container === port && p.host !== undefined && p.protocol === 'tcp');
  if (!mapping) return undefined;
  const host = mapping.hostIp && mapping.hostIp !== '0.0.0.0' && mapping.hostIp !== '::' ? mapping.hostIp : '127.0.0.1';
  const hostText = host.includes(':') ? `[${host}]` : host;
  if ('http' in probe) return { http: `${probe.http.protocol}//${hostText}:${mapping.host}${probe.http.pathname}${probe.http.search}` };
  return { tcp: `${hostText}:${mapping.host}` };
}

function timingOf(healthcheck: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [from, to] of [['interval', 'interval'], ['timeout', 'timeout'], ['start_period', 'start_period']] as const) {
    const ms = composeDurationMs(healthcheck[from]);
    if (ms !== undefined && (ms > 0 || to === 'start_period')) out[to] = durationLiteral(ms);
  }
  if (typeof healthcheck.retries === 'number' && Number.isInteger(healthcheck.retries) && healthcheck.retries >= 1) out.retries = healthcheck.retries;
  return out;
}

/** Images whose server is known to accept connections on docker's port proxy before it is ready. */
const IMAGE_CHECKS: Array<{ image: RegExp; check: (env: Record<string, string>) => string; why: string }> = [
  {
    image: /(?:^|\/)(?:postgres|postgis|timescaledb)(?::|@|$)/,
    check: (env) => `pg_isready -h 127.0.0.1 -U ${/^\w+$/.test(env.POSTGRES_USER ?? '') ? env.POSTGRES_USER : 'postgres'}`,
    why: 'pg_isready inside the container, over TCP (-h 127.0.0.1): while the image initialises a new database it runs a temporary server on its unix socket only, and docker\'s port proxy accepts connections before postgres does, so a tcp check would pass too early',
  },
  {
    image: /(?:^|\/)(?:redis|valkey)(?::|@|$)/,
    check: () => `sh -c 'redis-cli ping | grep -q PONG'`,
    why: 'redis-cli ping inside the container: docker\'s port proxy accepts connections before redis is ready, and a loading redis answers LOADING, not PONG',
  },
];

/** A health check for a well-known image that has no healthcheck: in the container. */
export function imageHealth(image: string, container: string, env: Record<string, string>): HealthRead | undefined {
  const known = IMAGE_CHECKS.find((c) => c.image.test(image));
  if (!known) return undefined;
  return { health: { exec: `docker exec ${container} ${known.check(env)}` }, comment: known.why };
}
