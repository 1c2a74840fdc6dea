/**
 * The host:port pairs a service is configured to talk to, read from its environment:
 * URLs (postgres://, redis://, http://, …) and HOST/PORT pairs (DB_HOST + DB_PORT).
 * Pure: no lookups, no connections. Credentials in URLs are never kept.
 */
export interface Endpoint {
  /** The variable(s) it came from: "DATABASE_URL" or "DB_HOST/DB_PORT". */
  source: string;
  host: string;
  port: number;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  redis: 6379,
  rediss: 6379,
  mongodb: 27017,
  amqp: 5672,
  amqps: 5671,
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  nats: 4222,
  kafka: 9092,
};

const URL_PATTERN = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s]*@)?(\[[0-9a-f:.]+\]|[^:/?#\s,@]+)(?::(\d{1,5}))?(?=[/?#]|$)/i;

export function endpointFromUrl(source: string, value: string): Endpoint | null {
  const match = URL_PATTERN.exec(value.trim());
  if (!match) return null;
  // postgresql+asyncpg:// → postgresql
  const scheme = match[1]!.toLowerCase().split('+')[0]!;
  const host = match[2]!.replace(/^\[|\]$/g, '');
  const port = match[3] !== undefined ? Number(match[3]) : DEFAULT_PORTS[scheme];
  if (port === undefined || !validPort(port) || host === '') return null;
  return { source, host, port };
}

export function endpointsInEnv(env: Readonly<Record<string, string>>): Endpoint[] {
  const found: Endpoint[] = [];
  for (const [key, value] of Object.entries(env)) {
    const endpoint = endpointFromUrl(key, value);
    if (endpoint) found.push(endpoint);
  }
  for (const [key, host] of Object.entries(env)) {
    const m = /^(.+)_HOST$/.exec(key);
    if (!m) continue;
    const portKey = `${m[1]}_PORT`;
    const portText = env[portKey];
    if (portText === undefined || !/^\d{1,5}$/.test(portText.trim())) continue;
    const port = Number(portText.trim());
    if (!validPort(port) || !/^[A-Za-z0-9.-]+$|^[0-9a-fA-F:]+$/.test(host.trim())) continue;
    found.push({ source: `${key}/${portKey}`, host: host.trim(), port });
  }
  return dedupe(found);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::']);

/** Does host:port point at this machine (where the stack's own services listen)? */
export function isLocalHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\./.test(host);
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port > 0 && port < 65536;
}

function dedupe(endpoints: Endpoint[]): Endpoint[] {
  const seen = new Set<string>();
  return endpoints.filter((e) => {
    const key = `${e.host}:${e.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
