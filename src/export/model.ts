/**
 * The stack as the exporters see it: per service the container's argv, working
 * directory, image, env split into plain values and secrets, and the facts both
 * formats carry over. Built once from the resolved config (so `${VAR}` and
 * `${db.port}` are already values) plus the `x-image:` keys of stack.yaml.
 */
import path from 'node:path';
import { isSecretName, URL_PASSWORD } from '../config/secrets.js';
import type { DependencyCondition, HealthConfig, RestartPolicy, StackConfig } from '../config/types.js';

/** Where the project sits in every image: working directories are below it. */
export const APP_DIR = '/app';

export type EnvEntry = { name: string; value: string } | { name: string; secret: true };

export interface ExportService {
  name: string;
  image: string;
  /** No x-image: in stack.yaml; `image` is a made-up name. */
  placeholderImage: boolean;
  /** As the container runs it: a shell command becomes [sh, -c, command]. */
  argv: string[];
  workdir: string;
  /** The service's cwd is outside the project, so workdir is only APP_DIR. */
  cwdOutside: boolean;
  port: number | undefined;
  env: EnvEntry[];
  /** Addresses of other services rewritten to their names: "API_URL: 127.0.0.1:7402 → api:7402". */
  rewrites: string[];
  /**
   * Loopback addresses no service of the stack holds ("DATABASE_URL: localhost:5432"): a
   * database run outside the stack. In a container, localhost is the container itself.
   */
  outsiders: string[];
  health: HealthConfig;
  dependsOn: Record<string, DependencyCondition>;
  restart: RestartPolicy;
  stopSignal: string;
  stopTimeoutMs: number;
  /** memory_limit in bytes. */
  memoryLimit: number | undefined;
  /** A dependent waits for it to complete: a one-shot job, not a server. */
  oneShot: boolean;
  build: string | undefined;
}

export interface ExportModel {
  project: string;
  services: ExportService[];
  /** Names of the secrets taken out, across services. */
  secrets: string[];
}

const LOOPBACK = /\b(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1\]):(\d+)\b/g;

/** `hostName`: how other services reach one by name (Kubernetes names may differ from stack's). */
export function exportModel(config: StackConfig, images: ReadonlyMap<string, string>, hostName: (service: string) => string = (n) => n): ExportModel {
  const byPort = new Map<number, string>();
  for (const s of Object.values(config.services)) if (s.port !== undefined) byPort.set(s.port, s.name);
  const completes = new Set(Object.values(config.services).flatMap((s) => Object.entries(s.dependsOn).filter(([, c]) => c === 'completed').map(([d]) => d)));
  const secrets = new Set<string>();
  const services = Object.values(config.services).map((s): ExportService => {
    const rel = path.relative(config.root, s.cwd).split(path.sep).join('/');
    const outside = rel.startsWith('..') || path.isAbsolute(rel);
    const rewrites: string[] = [];
    const outsiders: string[] = [];
    const env = Object.entries(s.env).map(([name, value]): EnvEntry => {
      if ((isSecretName(name) && value !== '') || new RegExp(URL_PASSWORD.source, 'i').test(value)) {
        secrets.add(name);
        return { name, secret: true };
      }
      const rewritten = value.replace(LOOPBACK, (all, port: string) => {
        const peer = byPort.get(Number(port));
        // 0.0.0.0 is where a server binds, not what a client dials.
        if (peer === undefined && Number(port) !== s.port && !all.startsWith('0.0.0.0')) outsiders.push(`${name}: ${all}`);
        return peer === undefined || peer === s.name ? all : `${hostName(peer)}:${port}`;
      });
      if (rewritten !== value) rewrites.push(`${name}: ${value} → ${rewritten}`);
      return { name, value: rewritten };
    });
    const image = images.get(s.name);
    return {
      name: s.name,
      image: image ?? `${config.name}-${s.name}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'),
      placeholderImage: image === undefined,
      argv: 'shell' in s.command ? shellArgv(s.command.shell) : s.command.argv,
      workdir: outside || rel === '' ? APP_DIR : `${APP_DIR}/${rel}`,
      cwdOutside: outside,
      port: s.port,
      env,
      rewrites,
      outsiders,
      health: s.health,
      dependsOn: s.dependsOn,
      restart: s.restart,
      stopSignal: s.stopSignal,
      stopTimeoutMs: s.stopTimeout,
      memoryLimit: s.memoryLimit,
      oneShot: completes.has(s.name),
      build: s.build,
    };
  });
  return { project: config.name, services, secrets: [...secrets].sort() };
}

/** A shell command as a container's argv: split when it is plain words (as stack would exec it), else [sh, -c, command]. */
export function shellArgv(command: string): string[] {
  const words = command.trim().split(/\s+/);
  return /^[A-Za-z0-9_@%+=:,./\s-]+$/.test(command) && words.length > 0 && !words[0]!.includes('=') ? words : ['sh', '-c', command];
}

/** A probe's URL split for container probes: the path with its query, port and scheme. */
export function urlParts(url: string): { host: string; port: number; path: string; https: boolean } {
  const u = new URL(url);
  const https = u.protocol === 'https:';
  return { host: u.hostname, port: Number(u.port || (https ? 443 : 80)), path: `${u.pathname}${u.search}` || '/', https };
}

export function isLocalHost(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]' || host === '0.0.0.0';
}

/** Seconds for a probe field: at least 1, rounded up (Kubernetes counts whole seconds). */
export function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
