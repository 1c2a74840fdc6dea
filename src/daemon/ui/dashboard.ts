/**
 * The dashboard's HTTP server: a loopback TCP listener the daemon starts on request
 * (POST /ui on its socket) and keeps for its lifetime. Every request passes guard.ts
 * first; every answer carries a strict Content-Security-Policy (the page is one script
 * file and one stylesheet, nothing inline) and no CORS headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { StackError, isErrnoException } from '../../errors.js';
import { PACKAGE_ROOT } from '../../install.js';
import type { StackControl } from '../../protocol/control.js';
import { redactorFor } from '../../protocol/redact.js';
import { serviceLogFile } from '../../project-dir.js';
import type { EventLog } from '../state/event-log.js';
import type { Supervisor } from '../supervisor.js';
import { Refusal, sendJson, type DashboardApp, type Diagnose } from './app.js';
import { LOOPBACK, judge } from './guard.js';
import { LiveHub } from './live.js';
import { ROUTES, currentView, logServices } from './routes.js';
import { newToken, removeUiFile, uiFile, writeUiFile } from './token.js';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export interface DashboardDeps {
  control: StackControl;
  supervisor: Supervisor;
  events: EventLog;
  diagnose: Diagnose | null;
}

export class Dashboard {
  private constructor(
    private readonly server: Server,
    private readonly app: DashboardApp,
    readonly port: number,
    private readonly token: string,
    private readonly file: string,
  ) {}

  get url(): string {
    return `http://${LOOPBACK}:${this.port}/?token=${this.token}`;
  }

  static async start(deps: DashboardDeps, port: number | null): Promise<Dashboard> {
    const { supervisor } = deps;
    const token = newToken();
    const live = new LiveHub({
      view: () => currentView(app),
      events: deps.events,
      logFiles: () => new Map(logServices(app).map((name) => [name, serviceLogFile(supervisor.paths, name)])),
      redactor: () => redactorFor(supervisor.config),
    });
    const app: DashboardApp = { control: deps.control, supervisor, live, diagnose: deps.diagnose, assets: path.join(PACKAGE_ROOT, 'dist', 'web') };
    let listening = 0;
    const server = createServer((req, res) => void serve(req, res, app, { port: listening, token }));
    // The live stream stays open as long as the page does.
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
    listening = await listen(server, port ?? 0);
    const file = uiFile(supervisor.paths.runtimeDir);
    const dashboard = new Dashboard(server, app, listening, token, file);
    writeUiFile(file, { url: dashboard.url, port: listening, token, pid: process.pid });
    return dashboard;
  }

  async close(): Promise<void> {
    this.app.live.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    removeUiFile(this.file);
  }
}

async function serve(req: IncomingMessage, res: ServerResponse, app: DashboardApp, expected: { port: number; token: string }): Promise<void> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const verdict = judge({ method: req.method ?? 'GET', url: req.url ?? '/', host: req.headers.host, origin: req.headers.origin, cookie: req.headers.cookie }, expected);
  if (verdict.kind === 'refuse') {
    req.resume();
    return sendJson(res, verdict.status, { error: verdict.reason });
  }
  if (verdict.kind === 'login') {
    req.resume();
    res.writeHead(303, { location: verdict.location, 'set-cookie': verdict.setCookie, 'cache-control': 'no-store' });
    return void res.end();
  }
  const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${expected.port}`);
  const route = ROUTES[`${req.method} ${url.pathname}`];
  if (!route) {
    req.resume();
    return sendJson(res, 404, { error: `no such page or request: ${req.method} ${url.pathname}` });
  }
  try {
    await route(req, res, app, url);
  } catch (error) {
    const status = error instanceof Refusal ? error.status : 500;
    const message = error instanceof Error ? error.message : String(error);
    if (!res.headersSent) sendJson(res, status, { error: message });
    else res.end();
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      if (isErrnoException(error) && error.code === 'EADDRINUSE') {
        reject(
          new StackError('USAGE', `Port ${port} on ${LOOPBACK} is already in use, so the dashboard cannot listen there.`, {
            hint: 'choose another with stack ui --port N, or leave --port out for a free one',
          }),
        );
      } else reject(error);
    });
    server.listen(port, LOOPBACK, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
