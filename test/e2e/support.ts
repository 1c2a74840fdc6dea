/**
 * Shared plumbing for the e2e files: one temp project per test (cleaned up after it),
 * `status --json` as data, and the OS's view of who listens on a port — the things a
 * user would check by hand with `stack status --json`, `curl` and `ss -ltnp`.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import http from 'node:http';
import { afterEach, expect } from 'vitest';
import { runStack, type RunStackResult } from '../helpers/cli.js';
import { makeProject, type Project } from '../helpers/project.js';
import { waitFor, type ProcInfo } from '../helpers/procs.js';
import { httpService, stackYaml, type ServiceSpec } from '../helpers/fixtures.js';
import type { ServiceStatus, StatusResponse } from '../../src/protocol/status.js';

/**
 * Returns a `project(name, files)` factory whose projects are all cleaned up (stack
 * down, SIGKILL of leftovers, directory removed) after each test, pass or fail.
 */
export function useProjects(): (name: string, files?: Record<string, string>) => Promise<Project> {
  const live: Project[] = [];
  afterEach(async () => {
    const projects = live.splice(0);
    const results = await Promise.allSettled(projects.map((p) => p.cleanup()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  return async (name, files = {}) => {
    const project = await makeProject(name, files);
    live.push(project);
    return project;
  };
}

/** Everything the CLI printed, for assertion messages and for sentences that may go to either stream. */
export function printed(result: RunStackResult): string {
  return `$ ${result.command}\n--- exit code ${result.code} ---\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

/** Runs `stack <args>` and fails the test, showing the output, unless it exits with `code`. */
export async function runExpecting(dir: string, args: string[], code: number, opts: Parameters<typeof runStack>[2] = {}): Promise<RunStackResult> {
  const result = await runStack(dir, args, opts);
  expect(result.code, printed(result)).toBe(code);
  return result;
}

/** status --json as the CLI prints it (DESIGN §4); the shape test checks each field's runtime type. */
export type ServiceJson = ServiceStatus;
export type StatusJson = StatusResponse;

/** `stack status --json`, which must exit 0 and print JSON. */
export async function statusJson(dir: string): Promise<StatusJson> {
  const result = await runExpecting(dir, ['status', '--json'], 0);
  try {
    return JSON.parse(result.stdout) as StatusJson;
  } catch (err) {
    throw new Error(`status --json did not print JSON (${(err as Error).message}):\n${printed(result)}`);
  }
}

/** One service's entry in a status (fails the test when it is missing). */
/** `service`'s status once `check` holds for it; on a timeout the error carries the last status seen. */
export async function serviceWhen(dir: string, service: string, what: string, check: (s: ServiceJson) => boolean, timeoutMs = 15_000): Promise<ServiceJson> {
  let last: ServiceJson | undefined;
  try {
    return await waitFor(
      async () => {
        last = serviceIn(await statusJson(dir), service);
        return check(last) ? last : null;
      },
      { timeoutMs, intervalMs: 50, message: what },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last status: ${JSON.stringify(last)}`);
  }
}

export function serviceIn(status: StatusJson, name: string): ServiceJson {
  const service = status.services.find((s) => s.name === name);
  if (!service) throw new Error(`status --json has no service "${name}": ${JSON.stringify(status.services.map((s) => s.name))}`);
  return service;
}

/** name → pid of every service in a status. */
export function pidsOf(status: StatusJson): Record<string, number | null> {
  return Object.fromEntries(status.services.map((s) => [s.name, s.pid]));
}

/** name → state of every service in a status. */
export function statesOf(status: StatusJson): Record<string, string> {
  return Object.fromEntries(status.services.map((s) => [s.name, s.state]));
}

/** Is `p` a stack daemon process (`node …/daemon/main.js …`)? */
export function isDaemonProcess(p: ProcInfo): boolean {
  return p.argv.some((arg) => /[/\\]daemon[/\\]main\.js$/.test(arg));
}

/** A plain GET to 127.0.0.1:`port`, like curl. Rejects when nothing answers. */
export function httpGet(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET 127.0.0.1:${port}${path} timed out`)));
    req.on('error', reject);
  });
}

/** Inodes of the TCP sockets in LISTEN state on `port` (IPv4 and IPv6), from /proc/net/tcp{,6}. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT"; st 0A is LISTEN; inode is the 10th field.
      if (fields.length > 9 && fields[1]!.endsWith(`:${hexPort}`) && fields[3] === '0A') inodes.add(fields[9]!);
    }
  }
  return inodes;
}

/**
 * pids of the processes holding a listening socket on `port` (what `ss -ltnp` shows).
 * Linux only. Processes we may not inspect are missed, which is fine for our own.
 */
export function listenersOf(port: number): number[] {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${name}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${name}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1]!)) {
        pids.push(Number(name));
        break;
      }
    }
  }
  return pids;
}

/** The lines of `text` that are not empty. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** Index of the first line of `text` matching `pattern`, or -1. */
export function lineIndex(text: string, pattern: RegExp): number {
  return text.split('\n').findIndex((line) => pattern.test(line));
}

/**
 * The chain most tests need: db ← api ← web, HTTP fixture servers run without a shell
 * (so the pid stack reports is the process that answers GET /pid).
 */
export function dbApiWeb(ports: { db: number; api: number; web: number }): Record<string, ServiceSpec> {
  return {
    db: httpService({ port: ports.db, name: 'db', argv: true }),
    api: { ...httpService({ port: ports.api, name: 'api', argv: true }), depends_on: ['db'] },
    web: { ...httpService({ port: ports.web, name: 'web', argv: true }), depends_on: ['api'] },
  };
}

/** `stack doctor --json` as data, expecting exit `code`. */
export interface DoctorJson {
  ok: boolean;
  findings: Array<{ check: string; severity: string; service: string | null; message: string; hint: string; fixable: boolean }>;
}

export async function doctorJson(dir: string, code: number): Promise<DoctorJson> {
  return JSON.parse((await runExpecting(dir, ['doctor', '--json'], code)).stdout) as DoctorJson;
}

/** Writes stack.yaml while the stack runs, then waits until the daemon has read it: `seen` holds for its status. */
export async function editStackYaml(p: Project, services: Record<string, ServiceSpec>, seen: (status: StatusJson) => boolean): Promise<StatusJson> {
  await p.write('stack.yaml', stackYaml(services));
  return waitFor(
    async () => {
      const status = await statusJson(p.dir);
      return seen(status) ? status : undefined;
    },
    { message: 'the daemon to read the edited stack.yaml' },
  );
}
