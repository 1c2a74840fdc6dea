/**
 * The dashboard page: reads the status, graph, doctor report, events and log history
 * once, then follows the live stream (GET /api/stream, server-sent events): a status
 * every second and after each event, the events, the new log lines. No reload, ever.
 */
import type { DashboardView } from '../../src/daemon/ui/view.js';
import type { LogBatch } from '../../src/daemon/ui/log-follower.js';
import type { Resync } from '../../src/daemon/ui/sse.js';
import type { DoctorReport } from '../../src/doctor/types.js';
import type { GraphLayout } from '../../src/graph/graph-layout.js';
import { SessionEnded, getJson, postAction } from './api.js';
import { DoctorPanel } from './doctor.js';
import { byId, setText } from './dom.js';
import { EventsTimeline, type DescribedEvent } from './events.js';
import { GraphView } from './graph.js';
import { LogView } from './logs.js';
import { ServicesTable } from './services.js';

/** The doctor runs its checks again this long after the last change (they probe ports). */
const DOCTOR_QUIET_MS = 1500;
const DOCTOR_RETRY_MS = 5000;

let selected: string | null = null;
let lastView: DashboardView | null = null;

const toast = byId('toast');
function say(text: string, tone: 'error' | 'good' = 'error'): void {
  toast.textContent = text;
  toast.className = `banner tone-${tone}`;
  toast.hidden = false;
}

const logs = new LogView(byId('log-lines'), byId('log-tabs'), byId<HTMLButtonElement>('log-resume'), byId<HTMLButtonElement>('log-older'));
const timeline = new EventsTimeline(byId<HTMLOListElement>('events'));
const graph = new GraphView(byId('graph'), (name) => select(name));
const doctor = new DoctorPanel(byId('doctor'), (service, button) => void act('restart', service, button));
const table = new ServicesTable(byId('services').querySelector('tbody')!, {
  select: (name) => select(name),
  act: (action, name, button) => void act(action, name, button),
});

function select(name: string | null): void {
  selected = name;
  table.select(name);
  logs.show(name);
  if (lastView) graph.colour(lastView.status.services, selected);
}

async function act(action: string, service: string | undefined, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  button.classList.add('busy');
  try {
    const result = await postAction(action, service);
    if (!result.ok) say(result.failures.map((f) => `${f.service}: ${f.reason}`).join('; '));
    else toast.hidden = true;
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
  } finally {
    button.classList.remove('busy');
    button.disabled = false;
    scheduleDoctor();
  }
}

/**
 * Log history is read only once the live stream is up: the daemon follows each log from
 * where it ended when the stream opened, so a history read after that overlaps the live
 * lines (trimmed by offset) instead of leaving a gap between them.
 */
let streamUp = false;

/**
 * What the doctor's findings follow in the status: a change of it (a service turning stale,
 * crashing, a port taken, stack.yaml edited) asks the doctor again, as an event does. Not
 * every event comes with the change it is about (a stale mark judged by content may land
 * after its event), and not every change has an event.
 */
function doctorInputs(status: DashboardView['status']): string {
  const services = status.services.map((s) => [s.name, s.state, s.health, s.stale, s.managedBy, s.pid, s.configChanges.length]);
  return JSON.stringify([status.configProblem, services]);
}
let lastDoctorInputs: string | null = null;

function showView(view: DashboardView): void {
  lastView = view;
  const { status } = view;
  const inputs = doctorInputs(status);
  if (lastDoctorInputs !== null && inputs !== lastDoctorInputs) scheduleDoctor();
  lastDoctorInputs = inputs;
  setText(byId('project'), status.project);
  setText(byId('daemon'), `${status.config} · daemon pid ${status.daemon.pid ?? '-'}`);
  document.title = `${status.project} · stack`;
  const problem = byId('config-problem');
  problem.hidden = status.configProblem === null;
  setText(problem, status.configProblem ?? '');
  table.render(view);
  const names = status.services.map((s) => s.name);
  if (streamUp) void logs.setServices(names);
  if (!graph.shows(names)) void getJson<GraphLayout>('/api/graph').then((layout) => {
    graph.draw(layout);
    if (lastView) graph.colour(lastView.status.services, selected);
  });
  graph.colour(status.services, selected);
}

let doctorTimer: ReturnType<typeof setTimeout> | null = null;
function scheduleDoctor(): void {
  if (doctorTimer) clearTimeout(doctorTimer);
  doctorTimer = setTimeout(() => void runDoctor(), DOCTOR_QUIET_MS);
}

async function runDoctor(): Promise<void> {
  try {
    doctor.render(await getJson<DoctorReport>('/api/doctor'));
  } catch (error) {
    doctor.unavailable(error instanceof Error ? error.message : String(error));
    // A doctor that failed (a daemon busy or restarting) is asked again, not left failed.
    if (!(error instanceof SessionEnded)) setTimeout(scheduleDoctor, DOCTOR_RETRY_MS);
  }
}

/** Events the stream delivers while the timeline is read again: kept over what that read returns. */
let arriving: DescribedEvent[] | null = null;

async function loadEvents(): Promise<void> {
  const live: DescribedEvent[] = [];
  arriving = live;
  try {
    const { events } = await getJson<{ events: DescribedEvent[] }>('/api/events');
    // Only the latest read is shown: an earlier one answered late holds less.
    if (arriving === live) timeline.replace(events, live);
  } finally {
    if (arriving === live) arriving = null;
  }
}

function connect(): void {
  const connection = byId('connection');
  const stream = new EventSource('/api/stream');
  let dropped = false;
  stream.addEventListener('open', () => {
    connection.textContent = 'live';
    connection.className = 'connection tone-good';
    // Whatever happened before the stream was up (since the first read of the timeline, or
    // while it was down) is in the timeline and the log files.
    void loadEvents();
    if (dropped) logs.reset();
  });
  stream.addEventListener('error', () => {
    dropped = true;
    connection.textContent = 'reconnecting…';
    connection.className = 'connection tone-warning';
    // A daemon that restarted has a new token: this page's cookie no longer opens it.
    void getJson('/api/status').catch((error: unknown) => {
      if (error instanceof SessionEnded) {
        stream.close();
        connection.textContent = 'disconnected';
        say(error.message);
      }
    });
  });
  stream.addEventListener('status', (e) => {
    streamUp = true;
    showView(JSON.parse((e as MessageEvent<string>).data) as DashboardView);
  });
  stream.addEventListener('event', (e) => {
    const event = JSON.parse((e as MessageEvent<string>).data) as DescribedEvent;
    arriving?.push(event);
    timeline.add(event);
    scheduleDoctor();
  });
  stream.addEventListener('log', (e) => logs.onLive(JSON.parse((e as MessageEvent<string>).data) as LogBatch));
  stream.addEventListener('resync', (e) => {
    const resync = JSON.parse((e as MessageEvent<string>).data) as Resync;
    logs.dropped(resync.droppedLines);
    if (resync.stateDropped) void loadEvents();
  });
}

function wireControls(): void {
  byId('up-all').addEventListener('click', (e) => void act('up', undefined, e.currentTarget as HTMLButtonElement));
  const dialog = byId<HTMLDialogElement>('confirm-down');
  const downAll = byId<HTMLButtonElement>('down-all');
  downAll.addEventListener('click', () => dialog.showModal());
  byId('confirm-down-no').addEventListener('click', () => dialog.close());
  byId('confirm-down-yes').addEventListener('click', () => {
    dialog.close();
    void act('down', undefined, downAll);
  });
  byId('doctor-again').addEventListener('click', () => void runDoctor());
  byId<HTMLInputElement>('log-filter').addEventListener('input', (e) => logs.setFilter((e.target as HTMLInputElement).value));
}

async function boot(): Promise<void> {
  wireControls();
  try {
    showView(await getJson<DashboardView>('/api/status'));
    await loadEvents();
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    if (error instanceof SessionEnded) return;
  }
  logs.show(null);
  connect();
  void runDoctor();
}

void boot();
