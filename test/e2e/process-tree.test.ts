// A service is its process tree (issue: "tell the truth when reality is messier"): when
// the root of a multi-process server dies, what it left holding the port is stack's own,
// stopped before the restart policy acts, never called "foreign"; `down` leaves nothing.
// Real nginx (a master and its workers) and the fixture launcher whose child serves the
// port (like `next dev` → next-server).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { forkerService, stackYaml } from '../helpers/fixtures.js';
import { isPidAlive, waitFor } from '../helpers/procs.js';
import { NEEDS_NGINX, NGINX, nginxConf } from '../helpers/servers.js';
import { listenersOf, printed, runExpecting, serviceIn, statusJson, useProjects, type ServiceJson } from './support.js';

const project = useProjects();

/** Live children of `pid` (its workers), from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

type Timeline = Array<Record<string, unknown>>;

function events(dir: string): Timeline {
  return readFileSync(`${dir}/.stack/events.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function healthyAgain(dir: string, name: string, notPid: number): Promise<ServiceJson> {
  return waitFor(
    async () => {
      const s = serviceIn(await statusJson(dir), name);
      return s.state === 'running' && s.health === 'healthy' && s.pid !== null && s.pid !== notPid ? s : null;
    },
    { timeoutMs: 20_000, intervalMs: 100, message: `${name} back, healthy, with a new pid` },
  );
}

/** A project whose service `web` is nginx (a master and 2 workers) on a free port, brought up. */
async function nginxUp(name: string) {
  const [port] = await freePorts(1);
  const p = await project(name);
  await p.write('nginx.conf', nginxConf(p.dir, port!));
  await p.write('stack.yaml', stackYaml({ web: { command: [NGINX!, '-p', p.dir, '-c', p.path('nginx.conf')], port: port! } }));
  await runExpecting(p.dir, ['up'], 0);
  const master = serviceIn(await statusJson(p.dir), 'web').pid!;
  const workers = await waitFor(() => (childrenOf(master).length === 2 ? childrenOf(master) : null), { message: 'two nginx workers' });
  return { p, port: port!, master, workers };
}

describe('a service is its process tree', () => {
  it('nginx, kill -9 of the master: its workers are stopped, stack brings nginx back, and down leaves no nginx', async ({ skip }) => {
    skip(!NGINX, NEEDS_NGINX);
    const { p, port, master, workers } = await nginxUp('nginx-master');

    process.kill(master, 'SIGKILL');

    const web = await healthyAgain(p.dir, 'web', master);
    expect(web).toMatchObject({ managedBy: 'stack', restarts: 1 });
    await waitFor(() => workers.every((w) => !isPidAlive(w)), { message: 'the old workers to be gone' });
    // Only the new master's tree holds the port.
    const holders = listenersOf(port!);
    expect(holders.every((pid) => pid === web.pid || childrenOf(web.pid!).includes(pid)), `holders ${holders.join(', ')}`).toBe(true);
    const exit = events(p.dir).find((e) => e.type === 'exit' && e.service === 'web');
    expect(exit, JSON.stringify(events(p.dir))).toMatchObject({ signal: 'SIGKILL', leftovers: expect.arrayContaining(workers) });
    expect(events(p.dir)).toContainEqual(expect.objectContaining({ type: 'leftovers-stopped', service: 'web', pids: expect.arrayContaining(workers) }));

    const newWorkers = childrenOf(web.pid!);
    const down = await runExpecting(p.dir, ['down'], 0);
    expect(down.stdout, printed(down)).toMatch(/web\s+stopped/);
    for (const pid of [web.pid!, ...newWorkers]) expect(isPidAlive(pid), `nginx pid ${pid} after down`).toBe(false);
  });

  it('nginx, stack restart web: the master and its workers are gone before the new master starts, which has workers of its own', async ({ skip }) => {
    skip(!NGINX, NEEDS_NGINX);
    const { p, port, master, workers } = await nginxUp('nginx-restart');

    const restart = await runExpecting(p.dir, ['restart', 'web'], 0);

    for (const pid of [master, ...workers]) expect(isPidAlive(pid), `old nginx pid ${pid} after restart\n${printed(restart)}`).toBe(false);
    const web = serviceIn(await statusJson(p.dir), 'web');
    expect(web, JSON.stringify(web)).toMatchObject({ state: 'running', health: 'healthy' });
    expect(web.pid).not.toBe(master);
    const newWorkers = await waitFor(() => (childrenOf(web.pid!).length === 2 ? childrenOf(web.pid!) : null), { message: 'two new workers' });
    const holders = listenersOf(port!);
    expect(holders.every((pid) => pid === web.pid || newWorkers.includes(pid)), `holders ${holders.join(', ')}`).toBe(true);
  });

  it('nginx, kill -9 of the master while no daemon runs: its workers are the service\'s own, and down stops them', async ({ skip }) => {
    skip(!NGINX, NEEDS_NGINX);
    const { p, port, master, workers } = await nginxUp('nginx-no-daemon');
    const status = await statusJson(p.dir);
    process.kill(status.daemon.pid!, 'SIGKILL');
    await waitFor(() => !isPidAlive(status.daemon.pid!), { message: 'the daemon gone' });
    process.kill(master, 'SIGKILL');
    await waitFor(() => !isPidAlive(master), { message: 'the master gone' });

    // Not "foreign": a new daemon knows them as what web left running.
    const web = serviceIn(await statusJson(p.dir), 'web');
    expect(web, JSON.stringify(web)).toMatchObject({ state: 'exited', managedBy: 'stack' });
    expect(workers).toContain(web.pid);

    const down = await runExpecting(p.dir, ['down'], 0);
    expect(down.stdout, printed(down)).not.toMatch(/nothing was running/);
    expect(down.stdout, printed(down)).toMatch(/web\s+stopped/);
    for (const pid of workers) expect(isPidAlive(pid), `worker ${pid} after down`).toBe(false);
    expect(listenersOf(port!)).toEqual([]);
  });

  for (const detached of [false, true]) {
    it(`a launcher whose child serves the port${detached ? ' from a session of its own (setsid)' : ''}: kill -9 of the launcher stops the child before the restart`, async () => {
      const [port] = await freePorts(1);
      const p = await project(`launcher-${detached ? 'setsid' : 'group'}`);
      await p.write('stack.yaml', stackYaml({ dev: forkerService({ port: port!, children: 1, listenInChild: true, detachChildren: detached }) }));
      await runExpecting(p.dir, ['up'], 0);
      const launcher = serviceIn(await statusJson(p.dir), 'dev').pid!;
      const [child] = await waitFor(() => (listenersOf(port!).length > 0 ? listenersOf(port!) : null), { message: 'the child to listen' });
      expect(child).not.toBe(launcher);

      process.kill(launcher, 'SIGKILL');

      const dev = await healthyAgain(p.dir, 'dev', launcher);
      expect(dev.managedBy).toBe('stack');
      expect(isPidAlive(child!), `the old child ${child}`).toBe(false);
      expect(listenersOf(port!)).not.toContain(child);
      await runExpecting(p.dir, ['down'], 0);
      expect(listenersOf(port!)).toEqual([]);
    });
  }
});
