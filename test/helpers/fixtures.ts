/**
 * Builders for fixture stack.yaml files. A service is a plain object in stack.yaml
 * shape (snake_case keys, as a user writes them); stackYaml() turns services into text.
 *
 *   const [a, b] = await freePorts(2);
 *   await makeProject('order', {
 *     'stack.yaml': stackYaml({
 *       db: tcpService({ port: a, bootMs: 300 }),
 *       api: { ...httpService({ port: b }), depends_on: ['db'] },
 *     }),
 *   });
 *
 * Fixture commands run the scripts in test/fixtures/procs/ by absolute path with the
 * current node binary; their knobs are env vars (documented at the top of each script).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

export const SERVICES_DIR = fileURLToPath(new URL('../fixtures/procs', import.meta.url));

export type FixtureScript = 'http-server' | 'tcp-server' | 'crash' | 'ignore-sigterm' | 'forker' | 'order-logger' | 'oneshot' | 'chatty' | 'flood' | 'hang-server' | 'memory';

/** A service as written in stack.yaml. Unknown keys pass through (to test validation). */
export interface ServiceSpec {
  command: string | string[];
  cwd?: string;
  port?: number;
  env?: Record<string, string>;
  env_file?: string;
  depends_on?: string[] | Record<string, 'started' | 'healthy' | 'completed'>;
  health?: string | Record<string, unknown>;
  watch?: string[];
  build?: string | { command: string; outputs?: string[] };
  restart?: 'always' | 'on-failure' | 'no';
  on_stale?: 'warn' | 'restart';
  stop_signal?: string;
  stop_timeout?: string;
  [key: string]: unknown;
}

export interface StackSpec {
  name?: string;
  env?: Record<string, string>;
  env_file?: string;
  [key: string]: unknown;
}

/** Absolute path of a fixture script. */
export function fixtureScript(name: FixtureScript): string {
  return path.join(SERVICES_DIR, `${name}.js`);
}

/** Quotes one word for sh (only when needed). */
export function shQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `'<node>' '<script>' args…` as a shell command string (stack runs string commands through the shell). */
export function nodeCommand(script: string, args: string[] = []): string {
  return [process.execPath, script, ...args].map(shQuote).join(' ');
}

/** The same as an argv list (stack runs lists without a shell). */
export function nodeArgv(script: string, args: string[] = []): string[] {
  return [process.execPath, script, ...args];
}

function envOf(pairs: Record<string, string | number | undefined>): Record<string, string> | undefined {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(pairs)) if (v !== undefined) env[k] = String(v);
  return Object.keys(env).length > 0 ? env : undefined;
}

function withoutUndefined<T extends Record<string, unknown>>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

export interface HttpServiceOptions {
  port: number;
  /** Delay before listening. */
  bootMs?: number;
  /** How long GET /health answers 503 after listening (listening, not ready yet). */
  readyMs?: number;
  /** Health check: 'http' (default, GET /health), 'tcp', 'default' (omit it: stack's default), or a custom value. */
  health?: 'http' | 'tcp' | 'default' | Record<string, unknown>;
  /** Interval of the default http health check (default '200ms', keeps tests quick). */
  healthInterval?: string;
  /** Status code of GET /health. */
  healthStatus?: number;
  /** /health answers the number in this file when it exists (flip health at runtime). */
  healthFile?: string;
  /** Actually listen here instead of $PORT (port-mismatch). */
  listenPort?: number;
  /** Listen on this address instead of 127.0.0.1 (e.g. '::1': a server that bound localhost on IPv6). */
  listenHost?: string;
  name?: string;
  env?: Record<string, string>;
  /** Use an argv list instead of a shell string. */
  argv?: boolean;
}

/** An HTTP fixture server listening on `port` after `bootMs`, with GET /health. */
export function httpService(opts: HttpServiceOptions): ServiceSpec {
  const script = fixtureScript('http-server');
  let health: ServiceSpec['health'];
  if (opts.health === undefined || opts.health === 'http') health = { http: 'http://127.0.0.1:${PORT}/health', interval: opts.healthInterval ?? '200ms' };
  else if (opts.health === 'tcp') health = { tcp: opts.port };
  else if (opts.health !== 'default') health = opts.health;
  return withoutUndefined({
    command: opts.argv ? nodeArgv(script) : nodeCommand(script),
    port: opts.port,
    env: envOf({
      BOOT_MS: opts.bootMs,
      READY_MS: opts.readyMs,
      HEALTH_STATUS: opts.healthStatus,
      HEALTH_FILE: opts.healthFile,
      LISTEN_PORT: opts.listenPort,
      LISTEN_HOST: opts.listenHost,
      NAME: opts.name,
      ...opts.env,
    }),
    health,
  });
}

/** A TCP fixture server (PING → PONG) on `port` after `bootMs`; default health (tcp on the port). */
export function tcpService(opts: { port: number; bootMs?: number; listenPort?: number; listenHost?: string; name?: string; env?: Record<string, string> }): ServiceSpec {
  return withoutUndefined({
    command: nodeCommand(fixtureScript('tcp-server')),
    port: opts.port,
    env: envOf({ BOOT_MS: opts.bootMs, LISTEN_PORT: opts.listenPort, LISTEN_HOST: opts.listenHost, NAME: opts.name, ...opts.env }),
  });
}

/** A service that prints `Error: Cannot find module '<module>'` (or `message`) and exits with `exitCode`. */
export function crashService(
  opts: { module?: string; message?: string; exitCode?: number; delayMs?: number; crashIfFile?: string; restart?: ServiceSpec['restart']; port?: number } = {},
): ServiceSpec {
  return withoutUndefined({
    command: nodeCommand(fixtureScript('crash')),
    port: opts.port,
    restart: opts.restart,
    env: envOf({
      CRASH_MODULE: opts.module,
      CRASH_MESSAGE: opts.message,
      EXIT_CODE: opts.exitCode,
      DELAY_MS: opts.delayMs,
      CRASH_IF_FILE: opts.crashIfFile,
    }),
  });
}

/** A service that ignores SIGTERM; `stopTimeout` (e.g. '1s') bounds how long stack waits before SIGKILL. */
export function ignoreSigtermService(opts: { port?: number; stopTimeout?: string; ignoreSigint?: boolean } = {}): ServiceSpec {
  return withoutUndefined({
    command: nodeCommand(fixtureScript('ignore-sigterm')),
    port: opts.port,
    stop_timeout: opts.stopTimeout,
    env: envOf({ IGNORE_SIGINT: opts.ignoreSigint ? '1' : undefined }),
  });
}

/** A service that spawns `children` grandchildren (pids appended to `pidsFile`). */
export function forkerService(
  opts: { children?: number; pidsFile?: string; port?: number; listenInChild?: boolean; detachChildren?: boolean; orphanChildren?: boolean; childIgnoreSigterm?: boolean; stopTimeout?: string } = {},
): ServiceSpec {
  return withoutUndefined({
    command: nodeCommand(fixtureScript('forker')),
    port: opts.port,
    stop_timeout: opts.stopTimeout,
    env: envOf({
      CHILDREN: opts.children,
      PIDS_FILE: opts.pidsFile,
      LISTEN_IN_CHILD: opts.listenInChild ? '1' : undefined,
      DETACH_CHILDREN: opts.detachChildren ? '1' : undefined,
      ORPHAN_CHILDREN: opts.orphanChildren ? '1' : undefined,
      CHILD_IGNORE_SIGTERM: opts.childIgnoreSigterm ? '1' : undefined,
    }),
  });
}

/**
 * A service that appends "<name> <Date.now()>" to `orderFile` when it starts, then listens on `port` after `bootMs`.
 * With `logListen`, it also appends "<name>:listening <ms>" (ms taken just before listen()).
 */
export function orderLoggerService(opts: {
  name: string;
  orderFile: string;
  port?: number;
  bootMs?: number;
  dependsOn?: string[];
  logListen?: boolean;
}): ServiceSpec {
  return withoutUndefined({
    command: nodeCommand(fixtureScript('order-logger')),
    port: opts.port,
    depends_on: opts.dependsOn,
    env: envOf({ NAME: opts.name, ORDER_FILE: opts.orderFile, BOOT_MS: opts.bootMs, ORDER_LISTEN: opts.logListen ? '1' : undefined }),
  });
}

/** Reads an order file written by order-logger services, in append order. */
export async function readOrder(orderFile: string): Promise<Array<{ name: string; at: number }>> {
  const text = await readFile(orderFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [name = '', at = ''] = line.trim().split(' ');
      return { name, at: Number(at) };
    });
}

/** stack.yaml text for `services` (in the given order), with optional top-level keys. */
export function stackYaml(services: Record<string, ServiceSpec>, top: StackSpec = {}): string {
  return stringify({ ...top, services }, { lineWidth: 0 });
}

/** A one-shot task (no port): works for `delayMs`, appends "<name>:done <ms>" to `orderFile` (when given), exits `exitCode` (default 0). */
export function oneshotTask(opts: { name?: string; delayMs?: number; orderFile?: string; exitCode?: number; restart?: ServiceSpec['restart'] } = {}): ServiceSpec {
  return withoutUndefined({
    command: nodeCommand(fixtureScript('oneshot')),
    restart: opts.restart,
    env: envOf({ NAME: opts.name, DELAY_MS: opts.delayMs, ORDER_FILE: opts.orderFile, EXIT_CODE: opts.exitCode }),
  });
}

/**
 * A service whose log is predictable: "<name> line <i> of <lines>" for i = 1..lines, then
 * (with a port) a silent HTTP server whose GET /say?text=… logs a line on demand.
 */
export function chattyService(opts: { name?: string; lines?: number; port?: number; argv?: boolean } = {}): ServiceSpec {
  const script = fixtureScript('chatty');
  return withoutUndefined({
    command: opts.argv ? nodeArgv(script) : nodeCommand(script),
    port: opts.port,
    env: envOf({ NAME: opts.name, LINES: opts.lines }),
    health: opts.port ? { http: 'http://127.0.0.1:${PORT}/health', interval: '200ms' } : undefined,
  });
}
