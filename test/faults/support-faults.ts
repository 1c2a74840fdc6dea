/**
 * Helpers shared by the fault-injection suite: what a person would check by hand after
 * something went wrong — which processes of the project exist (ps), who listens on a
 * port (ss -ltnp), and whether a service answers (curl).
 */
import { expect } from 'vitest';
import { stopStack, type RunStackResult, type StackSubprocess } from '../helpers/cli.js';
import { describeProcs, isPidAlive, processesUnder, waitFor, type ProcInfo } from '../helpers/procs.js';
import { isDaemonProcess, listenersOf, printed, statusJson, type StatusJson } from '../e2e/support.js';

/** kill -9 the project's daemon and wait until it is gone; returns its pid. */
export async function killDaemon(dir: string, pid?: number): Promise<number> {
  const daemonPid = pid ?? (await statusJson(dir)).daemon.pid;
  if (daemonPid === null || daemonPid === undefined) throw new Error('no daemon runs for this project');
  process.kill(daemonPid, 'SIGKILL');
  await waitFor(() => !isPidAlive(daemonPid), { timeoutMs: 5000, message: `the killed daemon ${daemonPid} to disappear` });
  return daemonPid;
}

/** The project's live processes, split into daemons and everything else (services and their children). */
export function projectProcesses(dir: string): { daemons: ProcInfo[]; services: ProcInfo[]; all: ProcInfo[] } {
  const all = processesUnder(dir);
  return { daemons: all.filter(isDaemonProcess), services: all.filter((p) => !isDaemonProcess(p)), all };
}

/**
 * Exactly one process per service, the one stack reports, and it alone listens on the
 * service's port: nothing was started twice, nothing was left over.
 */
export function expectOneProcessPerService(dir: string, status: StatusJson, ports: Record<string, number>, context = ''): void {
  const { daemons, services, all } = projectProcesses(dir);
  const where = `${context}\nstatus: ${JSON.stringify(status.services.map((s) => [s.name, s.state, s.pid]))}\nprocesses:\n${describeProcs(all)}`;
  expect(daemons.map((p) => p.pid), `one daemon, the one status names${where}`).toEqual([status.daemon.pid]);
  const reported = status.services.map((s) => s.pid).filter((pid): pid is number => pid !== null);
  expect(services.map((p) => p.pid).sort(), `service processes${where}`).toEqual([...reported].sort());
  for (const [name, port] of Object.entries(ports)) {
    const pid = status.services.find((s) => s.name === name)?.pid ?? null;
    expect(listenersOf(port), `listeners of ${name}'s port ${port}${where}`).toEqual(pid === null ? [] : [pid]);
  }
}

/** Waits until every service of the project is running and healthy; returns that status. */
export async function waitAllHealthy(dir: string, timeoutMs = 15_000): Promise<StatusJson> {
  return waitFor(
    async () => {
      const status = await statusJson(dir);
      const unwell = status.services.filter((s) => s.state !== 'running' || s.health !== 'healthy');
      // Thrown, not returned: waitFor quotes the last error, so a timeout says who was not well.
      if (unwell.length > 0) throw new Error(unwell.map((s) => `${s.name} ${s.state}/${s.health} pid ${s.pid} ${s.healthDetail ?? ''}`).join('; '));
      return status;
    },
    { timeoutMs, intervalMs: 100, message: 'every service to be running and healthy' },
  );
}

/**
 * Waits for a startStack() CLI to exit on its own and returns what it printed. A CLI
 * still running after `timeoutMs` (a hang guard, not a speed limit) is killed and the
 * test fails.
 */
export async function exitOf(subprocess: StackSubprocess, timeoutMs = 20_000): Promise<RunStackResult> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), timeoutMs)));
  try {
    const outcome = await Promise.race([subprocess.then(() => 'exited' as const), hung]);
    const result = await stopStack(subprocess, { signal: 'SIGKILL' });
    if (outcome === 'hung') throw new Error(`stack did not exit within ${timeoutMs} ms:\n${printed(result)}`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}
