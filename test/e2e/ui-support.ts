/**
 * The dashboard's e2e plumbing: the repository's demo stack on free ports (as the README's
 * tour runs it), `stack ui --no-open --json`, and plain HTTP requests with whatever
 * headers a test wants to send (a browser, curl, or a hostile page).
 */
import { cp, readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import type { Project } from '../helpers/project.js';
import { printed, runExpecting } from './support.js';

const DEMO_PORTS = [7401, 7402, 7403];

/** Copies stack.yaml and examples/ into `p`, each demo port replaced by a free one; returns db's, api's and web's. */
export async function copyDemo(p: Project): Promise<{ db: number; api: number; web: number }> {
  const ports = await freePorts(DEMO_PORTS.length);
  let yaml = await readFile(path.join(REPO_ROOT, 'stack.yaml'), 'utf8');
  DEMO_PORTS.forEach((demoPort, i) => {
    yaml = yaml.replace(new RegExp(`\\b${demoPort}\\b`, 'g'), String(ports[i]));
  });
  await p.write('stack.yaml', yaml);
  await cp(path.join(REPO_ROOT, 'examples'), p.path('examples'), { recursive: true });
  const [db, api, web] = ports as [number, number, number];
  return { db, api, web };
}

export interface UiAnswer {
  url: string;
  port: number;
  pid: number;
  started: boolean;
}

/** `stack ui --no-open --json`, which must exit 0. */
export async function openUi(dir: string): Promise<UiAnswer> {
  const result = await runExpecting(dir, ['ui', '--no-open', '--json'], 0);
  try {
    return JSON.parse(result.stdout) as UiAnswer;
  } catch {
    throw new Error(`stack ui --json did not print JSON:\n${printed(result)}`);
  }
}

export function tokenOf(ui: UiAnswer): string {
  return new URL(ui.url).searchParams.get('token') ?? '';
}

export function cookieFor(ui: UiAnswer): string {
  return `stack-ui-${ui.port}=${tokenOf(ui)}`;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request to 127.0.0.1:`port` with exactly these headers (Host defaults to the right one). */
export function request(port: number, method: string, pathname: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: pathname, headers: { host: `127.0.0.1:${port}`, ...headers }, timeout: 10_000 },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${pathname} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}
