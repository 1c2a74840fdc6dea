// Fault: the daemon dies (kill -9), once while everything runs and once in the middle of
// an `up`. Services run in their own process groups and must keep serving; the next
// command starts a new daemon that re-adopts them instead of starting them a second time.
import { describe, expect, it } from 'vitest';
import { startStack, waitForOutput } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { describeProcs, isPidAlive, processesUnder, waitFor } from '../helpers/procs.js';
import { httpGet, pidsOf, printed, runExpecting, serviceIn, statusJson, useProjects } from '../e2e/support.js';
import { exitOf, expectOneProcessPerService, killDaemon, waitAllHealthy } from './support-faults.js';

const project = useProjects();

/** db (boots in `dbBootMs`) ← api, both run without a shell: one process per service, the one that listens. */
function twoServices(pdb: number, papi: number, dbBootMs = 300): string {
  return stackYaml({
    db: httpService({ port: pdb, name: 'db', bootMs: dbBootMs, argv: true }),
    api: { ...httpService({ port: papi, name: 'api', argv: true }), depends_on: ['db'] },
  });
}

describe('the daemon dies', () => {
  it('mid-run: services keep serving; the next command re-adopts the same pids; down stops them all', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('death-run', { 'stack.yaml': twoServices(pdb!, papi!) });
    await runExpecting(p.dir, ['up'], 0);
    const before = await statusJson(p.dir);
    const oldDaemon = await killDaemon(p.dir, before.daemon.pid!);

    // A real request to each service, like a browser or curl would make.
    expect(await httpGet(pdb!, '/pid')).toEqual({ status: 200, body: `${serviceIn(before, 'db').pid}\n` });
    expect(await httpGet(papi!, '/pid')).toEqual({ status: 200, body: `${serviceIn(before, 'api').pid}\n` });

    const after = await statusJson(p.dir);
    expect(after.daemon.running, JSON.stringify(after)).toBe(true);
    expect(after.daemon.pid, 'a new daemon').not.toBe(oldDaemon);
    expect(pidsOf(after), 'the same service processes, re-adopted').toEqual(pidsOf(before));
    const healthy = await waitAllHealthy(p.dir);
    expectOneProcessPerService(p.dir, healthy, { db: pdb!, api: papi! });

    // `up` again finds them running: nothing is started a second time.
    const up = await runExpecting(p.dir, ['up'], 0);
    expect(up.stdout, printed(up)).toMatch(/db\s+already running/);
    expectOneProcessPerService(p.dir, await statusJson(p.dir), { db: pdb!, api: papi! }, printed(up));

    const down = await runExpecting(p.dir, ['down'], 0);
    const recorded = [...(Object.values(pidsOf(before)) as number[]), after.daemon.pid!];
    await waitFor(() => recorded.every((pid) => !isPidAlive(pid)), { timeoutMs: 5000, message: 'services and the new daemon gone after down' });
    expect(describeProcs(processesUnder(p.dir)), printed(down)).toBe('(none)');
  });

  it('mid-up, while a slow dependency boots: it keeps booting, the next up adopts it and starts only what is missing', async () => {
    const [pdb, papi] = await freePorts(2);
    // db takes 2.5 s to listen; api waits for it. The daemon dies in between.
    const p = await project('death-up', { 'stack.yaml': twoServices(pdb!, papi!, 2500) });
    const up = startStack(p.dir, ['up'], { timeoutMs: 30_000 });
    await waitForOutput(up, /db\s+starting/);
    const starting = await waitFor(
      async () => {
        const status = await statusJson(p.dir);
        return serviceIn(status, 'db').pid !== null ? status : undefined;
      },
      { timeoutMs: 10_000, message: 'db spawned' },
    );
    expect(serviceIn(starting, 'db').state, 'db still booting when the daemon dies').toBe('starting');
    expect(serviceIn(starting, 'api').pid, 'api waits for db').toBeNull();
    const dbPid = serviceIn(starting, 'db').pid!;
    await killDaemon(p.dir, starting.daemon.pid!);

    // The `up` that was waiting says what happened, instead of hanging or claiming success.
    const interrupted = await exitOf(up);
    expect(interrupted.code, printed(interrupted)).toBe(1);
    expect(interrupted.stderr, printed(interrupted)).toMatch(/daemon stopped answering/);

    // db lives on without a daemon and finishes booting.
    await waitFor(() => httpGet(pdb!, '/pid'), { timeoutMs: 10_000, message: 'db to answer HTTP' });
    expect(await httpGet(pdb!, '/pid')).toEqual({ status: 200, body: `${dbPid}\n` });

    // The very next command is `up`: the new daemon must adopt db, not start a second one on its port.
    const again = await runExpecting(p.dir, ['up'], 0);
    const status = await statusJson(p.dir);
    expect(serviceIn(status, 'db').pid, `db re-adopted, not restarted\n${printed(again)}`).toBe(dbPid);
    expect(serviceIn(status, 'api')).toMatchObject({ state: 'running', health: 'healthy' });
    expect(await httpGet(papi!, '/pid')).toEqual({ status: 200, body: `${serviceIn(status, 'api').pid}\n` });
    expectOneProcessPerService(p.dir, status, { db: pdb!, api: papi! }, printed(again));
  });
});
