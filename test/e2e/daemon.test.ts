// The supervisor daemon: one per project even when two `up`s race, services that outlive
// a daemon crash and are re-adopted, and `up --foreground` with Ctrl-C.
import { describe, expect, it } from 'vitest';
import { runStack, startStack, stopStack, waitForOutput } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { describeProcs, isPidAlive, processesUnder, waitFor } from '../helpers/procs.js';
import {
  httpGet,
  isDaemonProcess,
  listenersOf,
  pidsOf,
  printed,
  runExpecting,
  serviceIn,
  statusJson,
  useProjects,
  type StatusJson,
} from './support.js';

const project = useProjects();

/** db (boots in `dbBootMs`) ← api, both run without a shell: one process per service, the one that listens. */
function twoServices(pdb: number, papi: number, dbBootMs = 300): string {
  return stackYaml({
    db: httpService({ port: pdb, name: 'db', bootMs: dbBootMs, argv: true }),
    api: { ...httpService({ port: papi, name: 'api', argv: true }), depends_on: ['db'] },
  });
}

async function allHealthy(dir: string): Promise<StatusJson | undefined> {
  const status = await statusJson(dir);
  return status.services.every((s) => s.state === 'running' && s.health === 'healthy') ? status : undefined;
}

describe('the daemon', () => {
  it('two `up` at once: both exit 0, one daemon, one process per service, the one listening on its port', async () => {
    const [pdb, papi] = await freePorts(2);
    // db boots slowly enough that the second `up` surely arrives while the first one is still under way.
    const p = await project('daemon-race', { 'stack.yaml': twoServices(pdb!, papi!, 1500) });

    const [first, second] = await Promise.all([runStack(p.dir, ['up']), runStack(p.dir, ['up'])]);

    expect(first.code, printed(first)).toBe(0);
    expect(second.code, printed(second)).toBe(0);
    const procs = processesUnder(p.dir);
    expect(procs.filter(isDaemonProcess), `one daemon:\n${describeProcs(procs)}`).toHaveLength(1);

    const status = await statusJson(p.dir);
    const where = `${JSON.stringify(status.services, null, 1)}\n${describeProcs(procs)}\n${printed(first)}\n${printed(second)}`;
    for (const [name, port] of [
      ['db', pdb!],
      ['api', papi!],
    ] as const) {
      const s = serviceIn(status, name);
      expect(s.state, `${name}: ${where}`).toBe('running');
      expect(s.health, `${name}: ${where}`).toBe('healthy');
      expect(listenersOf(port), `listeners of ${name}'s port ${port}: ${where}`).toEqual([s.pid]);
    }
    // No duplicate started by the second `up`, orphaned or not.
    const servicePids = procs.filter((proc) => !isDaemonProcess(proc)).map((proc) => proc.pid);
    expect(servicePids.sort(), where).toEqual([serviceIn(status, 'db').pid, serviceIn(status, 'api').pid].sort());
  });

  it('kill -9 of the daemon: services keep serving; a new daemon re-adopts the same pids; down stops them all', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('daemon-kill9', { 'stack.yaml': twoServices(pdb!, papi!) });
    await runExpecting(p.dir, ['up'], 0);
    const before = await statusJson(p.dir);
    const oldDaemon = before.daemon.pid!;
    expect(before.daemon.running).toBe(true);

    process.kill(oldDaemon, 'SIGKILL');
    await waitFor(() => !isPidAlive(oldDaemon), { timeoutMs: 5000, message: 'the killed daemon to disappear' });

    // A real request to each service, like a browser or curl would make.
    expect(await httpGet(pdb!, '/pid')).toEqual({ status: 200, body: `${before.services.find((s) => s.name === 'db')!.pid}\n` });
    expect(await httpGet(papi!, '/pid')).toEqual({ status: 200, body: `${before.services.find((s) => s.name === 'api')!.pid}\n` });

    const after = await statusJson(p.dir);
    expect(after.daemon.running, JSON.stringify(after)).toBe(true);
    expect(after.daemon.pid, 'a new daemon').not.toBe(oldDaemon);
    expect(Number.isInteger(after.daemon.pid)).toBe(true);
    expect(pidsOf(after), 'the same service processes, re-adopted').toEqual(pidsOf(before));
    await waitFor(() => allHealthy(p.dir), { timeoutMs: 15_000, message: 'the re-adopted services to be running and healthy' });
    expect(processesUnder(p.dir).filter(isDaemonProcess).map((proc) => proc.pid)).toEqual([after.daemon.pid]);

    const recorded = [...Object.values(pidsOf(before)), after.daemon.pid!] as number[];
    const down = await runExpecting(p.dir, ['down'], 0);
    const services = Object.values(pidsOf(before)) as number[];
    expect(services.filter((pid) => isPidAlive(pid)), `service pids alive after down\n${printed(down)}`).toEqual([]);
    await waitFor(() => recorded.every((pid) => !isPidAlive(pid)), { timeoutMs: 5000, message: 'the new daemon to exit after down' });
    expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
  });

  it('up --foreground: ready line, healthy services, Ctrl-C exits 0 and leaves nothing behind', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('daemon-foreground', { 'stack.yaml': twoServices(pdb!, papi!) });

    const foreground = startStack(p.dir, ['up', '--foreground']);
    let stopped = false;
    try {
      await waitForOutput(foreground, /\d+ services? ready\b/);

      const status = await waitFor(() => allHealthy(p.dir), { timeoutMs: 15_000, message: 'services to be healthy under --foreground' });
      const recorded = new Set<number>([...(Object.values(pidsOf(status)) as number[]), ...processesUnder(p.dir).map((proc) => proc.pid)]);
      expect(recorded.size).toBeGreaterThanOrEqual(3); // db, api, and the supervisor itself

      const result = await stopStack(foreground, { signal: 'SIGINT' });
      stopped = true;

      expect(result.code, printed(result)).toBe(0);
      const alive = [...recorded].filter((pid) => isPidAlive(pid));
      expect(alive, `alive after Ctrl-C:\n${describeProcs(processesUnder(p.dir))}\n${printed(result)}`).toEqual([]);
      expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
      expect(listenersOf(pdb!)).toEqual([]);
      expect(listenersOf(papi!)).toEqual([]);
    } finally {
      if (!stopped) await stopStack(foreground, { signal: 'SIGKILL' });
    }
  });

  it('up --foreground: Ctrl-C while services are still starting stops them too', async () => {
    const [pdb, papi] = await freePorts(2);
    // db takes 30 s to boot: Ctrl-C comes while it is starting and api waits for it.
    const p = await project('foreground-early', { 'stack.yaml': twoServices(pdb!, papi!, 30_000) });

    const foreground = startStack(p.dir, ['up', '--foreground']);
    let stopped = false;
    try {
      await waitForOutput(foreground, /db\s+starting/);
      const db = await waitFor(async () => (await statusJson(p.dir)).services.find((s) => s.name === 'db' && s.pid !== null), {
        timeoutMs: 10_000,
        message: 'db spawned',
      });

      const result = await stopStack(foreground, { signal: 'SIGINT' });
      stopped = true;

      expect(result.code, printed(result)).toBe(0);
      expect(isPidAlive(db!.pid!), 'db after Ctrl-C').toBe(false);
      expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
    } finally {
      if (!stopped) await stopStack(foreground, { signal: 'SIGKILL' });
    }
  });
});
