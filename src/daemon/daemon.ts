/**
 * One project's daemon: supervisor + IPC server + state. Runs detached (main.ts) or
 * in-process for `stack up --foreground`.
 */
import type { Server } from 'node:http';
import type { StackControl } from '../protocol/control.js';
import { makeRuntimeDir, projectPaths, type ProjectPaths } from '../project-dir.js';
import { supervisorControl } from './control.js';
import { EventLog } from './state/event-log.js';
import { startServer } from './server/server.js';
import { StateStore } from './state/state-store.js';
import { Supervisor } from './supervisor.js';
import type { UiResponse } from '../protocol/ui.js';
import type { Dashboard } from './ui/dashboard.js';
import type { Diagnose } from './ui/app.js';

export interface Daemon {
  supervisor: Supervisor;
  /** The operations, in this process (what `stack up --foreground` drives). */
  control: StackControl;
  server: Server;
  /** Resolves when the daemon has been asked to exit (after `stack down`). */
  closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * `.stack/` and its logs, 0700. One that exists already (made by hand, by an older
 * version, or loosened since) is tightened; one of another user is refused (project-dir.ts).
 */
export function ensureRuntimeDir(paths: ProjectPaths): void {
  makeRuntimeDir(paths.runtimeDir, paths.logsDir);
}

export interface DaemonOptions {
  /** doctor's checks for the dashboard's doctor panel (doctor sits above the daemon: its entry hands them in). */
  diagnose?: Diagnose;
}

export async function startDaemon(configFile: string, log: (line: string) => void, options: DaemonOptions = {}): Promise<Daemon> {
  const paths = projectPaths(configFile);
  ensureRuntimeDir(paths);
  const events = new EventLog(paths.eventsFile);
  const store = new StateStore(paths.stateFile);
  const supervisor = new Supervisor(paths, events, store);

  const loaded = store.load();
  if (loaded.kind === 'corrupt') {
    const warning = `${paths.stateFile} was unreadable (${loaded.error}); moved it to ${loaded.movedTo} and started clean. Services it listed are not supervised: check them with ps, stop them by hand if needed.`;
    log(warning);
    supervisor.warnings.push(warning);
    events.append('state-corrupt', { movedTo: loaded.movedTo, error: loaded.error });
  }

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const control = supervisorControl(supervisor);
  let dashboard: Promise<Dashboard> | null = null;
  const ui = async (port: number | null): Promise<UiResponse> => {
    const first = dashboard === null;
    const started = (dashboard ??= import('./ui/dashboard.js').then(({ Dashboard }) =>
      Dashboard.start({ control, supervisor, events, diagnose: options.diagnose ?? null }, port),
    ));
    // A port that was busy leaves no dashboard behind: the next `stack ui` tries again.
    started.catch(() => (dashboard = null));
    const running = await started;
    if (first) log(`dashboard on http://127.0.0.1:${running.port}/`);
    return { url: running.url, port: running.port, pid: process.pid, started: first };
  };
  const server = await startServer(paths.socket, {
    control,
    supervisor,
    shutdown: () => setImmediate(() => void close()),
    ui,
  });
  if (loaded.kind === 'ok') await supervisor.restore(loaded.state);
  events.append('daemon-start', { pid: process.pid });
  log(`stack daemon ${process.pid} serving ${paths.root} on ${paths.socket}`);

  async function close(): Promise<void> {
    // Open `status --watch` streams end first: server.close() waits for every response.
    supervisor.changes.close();
    const open = dashboard;
    dashboard = null;
    await open?.then((d) => d.close(), () => undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await supervisor.close();
    supervisor.persist();
    events.append('daemon-stop', { pid: process.pid });
    resolveClosed();
  }

  return { supervisor, control, server, closed, close };
}
