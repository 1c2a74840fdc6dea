/**
 * The dashboard's routes (a map, like the socket's): the page and its two files, the
 * JSON it reads (status, doctor, graph, events, log history), its live stream, and the
 * one route that changes something (actions.ts). Everything here has passed guard.ts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StackEvent } from '../../protocol/events.js';
import { eventSentence } from '../../protocol/event-sentence.js';
import { redactorFor } from '../../protocol/redact.js';
import { layoutGraph } from '../../graph/graph-layout.js';
import { serviceLogFile } from '../../project-dir.js';
import { readLogTail } from '../../runtime/logs/log-tail.js';
import { statusSnapshot } from '../status-snapshot.js';
import { handleAction } from './actions.js';
import { Refusal, sendJson, type DashboardApp, type Route } from './app.js';
import { parseCursor, readLogPage } from './log-history.js';
import { dashboardView, type DashboardView } from './view.js';

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/app.js.map': { file: 'app.js.map', type: 'application/json; charset=utf-8' },
};

/** The timeline the page starts with; older events are in `stack events`. */
const EVENTS_SHOWN = 200;

const serveAsset: Route = async (_req, res, app, url) => {
  const asset = ASSETS[url.pathname]!;
  let body: Buffer;
  try {
    body = await readFile(path.join(app.assets, asset.file));
  } catch {
    throw new Refusal(500, `the dashboard's page is not built (${path.join(app.assets, asset.file)} is missing); run npm run build`);
  }
  res.writeHead(200, { 'content-type': asset.type, 'content-length': body.length, 'cache-control': 'no-cache' });
  res.end(body);
};

export async function currentView(app: DashboardApp): Promise<DashboardView> {
  await app.supervisor.ready();
  return dashboardView(await app.control.status(), Date.now());
}

const status: Route = async (_req, res, app) => sendJson(res, 200, await currentView(app));

const doctor: Route = async (_req, res, app) => {
  if (!app.diagnose) throw new Refusal(501, 'the doctor runs only in a daemon started by the stack CLI; run stack doctor');
  const { supervisor } = app;
  await supervisor.ready();
  const startedWith = Object.fromEntries([...supervisor.services].flatMap(([name, s]) => (s.startedWith ? [[name, s.startedWith]] : [])));
  const report = await app.diagnose({
    paths: supervisor.paths,
    config: supervisor.fileConfig(),
    configError: supervisor.onDisk.error,
    status: await statusSnapshot(supervisor),
    startedWith,
  });
  sendJson(res, 200, report);
};

const graph: Route = async (_req, res, app) => {
  await app.supervisor.ready();
  const services = Object.values(app.supervisor.fileConfig()?.services ?? {});
  sendJson(res, 200, layoutGraph(services.map((s) => ({ name: s.name, dependsOn: s.dependsOn }))));
};

/** The latest events, each with its sentence (what `stack events` says). */
const events: Route = async (_req, res, app) => {
  const lines = await readLogTail(app.supervisor.paths.eventsFile, EVENTS_SHOWN);
  const list = lines.flatMap((line) => {
    try {
      const event = JSON.parse(line) as StackEvent;
      return [{ ...event, sentence: eventSentence(event) }];
    } catch {
      return []; // a line cut short by a crash mid-write
    }
  });
  sendJson(res, 200, { events: list });
};

/** A page of one service's log history: ?service=api[&before=<cursor>]. */
const logs: Route = async (_req, res, app, url) => {
  const service = url.searchParams.get('service') ?? '';
  await app.supervisor.ready();
  if (!logServices(app).includes(service)) throw new Refusal(404, `unknown service: ${service || '(none given)'}`);
  const before = url.searchParams.get('before');
  const cursor = before === null ? null : parseCursor(before);
  if (before !== null && cursor === null) throw new Refusal(400, `before must be a cursor from an earlier answer, not ${before}`);
  const page = await readLogPage(serviceLogFile(app.supervisor.paths, service), cursor);
  const redact = redactorFor(app.supervisor.config);
  sendJson(res, 200, { ...page, lines: page.lines.map(redact) });
};

const stream: Route = async (_req, res, app) => {
  app.live.add(res);
};

/** The services whose logs the page may read: stack.yaml's and any the daemon still runs. */
export function logServices(app: DashboardApp): string[] {
  return [...new Set([...Object.keys(app.supervisor.fileConfig()?.services ?? {}), ...app.supervisor.services.keys()])];
}

export const ROUTES: Record<string, Route> = {
  'GET /': serveAsset,
  'GET /app.js': serveAsset,
  'GET /app.css': serveAsset,
  'GET /app.js.map': serveAsset,
  'GET /api/status': status,
  'GET /api/doctor': doctor,
  'GET /api/graph': graph,
  'GET /api/events': events,
  'GET /api/logs': logs,
  'GET /api/stream': stream,
  'POST /api/action': handleAction,
};

