/**
 * What differs between the config a process was started with and what stack.yaml says
 * now, as key paths in stack.yaml's own words (`port`, `env.DATABASE_URL`, `health.http`,
 * `depends_on.db`), never values: env values are often secrets. Pure: both sides are
 * resolved configs, so a changed `${db.port}` or env file shows in the keys that use it.
 *
 * A value that differs only by the service's own port number (`env.PORT`, a health URL
 * or command built from `${PORT}`) follows from a changed `port` and is not named again.
 */
import type { HealthProbe, ServiceConfig } from './types.js';

type Fields = Array<[key: string, value: unknown]>;

/** The keys whose values differ, in the order stack.yaml lists a service's keys. */
export function configChanges(running: ServiceConfig, now: ServiceConfig): string[] {
  const before = new Map(fields(running));
  const after = new Map(fields(now));
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  const portMoved = running.port !== undefined && now.port !== undefined && running.port !== now.port;
  const followsPort = (a: unknown, b: unknown): boolean =>
    portMoved && a !== undefined && b !== undefined && same(withPort(a, running.port!, now.port!), b);
  return keys.filter((key) => {
    const [a, b] = [before.get(key), after.get(key)];
    return !same(a, b) && !(key !== 'port' && followsPort(a, b));
  });
}

function fields(s: ServiceConfig): Fields {
  return [
    ['command', s.command],
    ['cwd', s.cwd],
    ['port', s.port],
    ...Object.keys(s.env)
      .sort()
      .map((name): [string, unknown] => [`env.${name}`, s.env[name]]),
    ...Object.entries(s.dependsOn).map(([name, condition]): [string, unknown] => [`depends_on.${name}`, condition]),
    ...probeField(s.health.probe),
    ['health.interval', s.health.interval],
    ['health.timeout', s.health.timeout],
    ['health.retries', s.health.retries],
    ['health.start_period', s.health.startPeriod],
    ['watch', s.watch],
    ['build', s.build],
    ['restart', s.restart],
    ['on_stale', s.onStale],
    ['staleness', s.staleness ?? 'watch'],
    ['stop_signal', s.stopSignal],
    ['stop_timeout', s.stopTimeout],
    ['memory_limit', s.memoryLimit],
    ['pid_file', s.pidFile],
  ];
}

/** `health.http` and the like; no key for "healthy while alive", which nothing in the file says. */
function probeField(probe: HealthProbe): Fields {
  switch (probe.kind) {
    case 'http':
      return [['health.http', probe.url]];
    case 'tcp':
      return [['health.tcp', `${probe.host}:${probe.port}`]];
    case 'exec':
      return [['health.exec', probe.command]];
    case 'log':
      return [['health.log', probe.pattern]];
    case 'process':
      return [];
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `value` with every occurrence of the number `from` (not part of a longer number) written as `to`. */
function withPort(value: unknown, from: number, to: number): unknown {
  const pattern = new RegExp(`(?<!\\d)${from}(?!\\d)`, 'g');
  return JSON.parse(JSON.stringify(value).replace(pattern, String(to))) as unknown;
}
