// Fault: commands that cross each other. Two `up`s at once; `restart` while the service
// is still booting or still waiting for its dependencies (process-compose #530: a
// restart of a pending process left it stuck); `down` while `up` is under way. Each must
// end in a clean state: one process per service, none stuck in starting or stopping.
// An `up` interrupted by `down` exits 1: the stack it was asked for is not up, so a
// script running `stack up && npm test` must not go on; the message says down did it.
import { describe, expect, it } from 'vitest';
import { runStack, startStack, waitForOutput } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { describeProcs, isPidAlive, processesUnder, waitFor } from '../helpers/procs.js';
import { isDaemonProcess, printed, runExpecting, serviceIn, statesOf, statusJson, useProjects, type StatusJson } from '../e2e/support.js';
import { exitOf, expectOneProcessPerService, waitAllHealthy } from './support-faults.js';

const project = useProjects();

/** db (boots in `dbBootMs`) ← api, both run without a shell: one process per service, the one that listens. */
function twoServices(pdb: number, papi: number, dbBootMs = 300): string {
  return stackYaml({
    db: httpService({ port: pdb, name: 'db', bootMs: dbBootMs, argv: true }),
    api: { ...httpService({ port: papi, name: 'api', argv: true }), depends_on: ['db'] },
  });
}

/** Polls status until `accept` says yes; returns that status. */
function statusWhen(dir: string, accept: (status: StatusJson) => boolean, message: string): Promise<StatusJson> {
  return waitFor(
    async () => {
      const status = await statusJson(dir);
      return accept(status) ? status : undefined;
    },
    { timeoutMs: 10_000, intervalMs: 25, message },
  );
}

describe('races', () => {
  it('two `up` at once: both exit 0, one daemon, one process per service, the one listening on its port', async () => {
    const [pdb, papi] = await freePorts(2);
    // db boots slowly enough that the second `up` surely arrives while the first one is still under way.
    const p = await project('race-up-up', { 'stack.yaml': twoServices(pdb!, papi!, 1500) });

    const [first, second] = await Promise.all([runStack(p.dir, ['up']), runStack(p.dir, ['up'])]);

    expect(first.code, printed(first)).toBe(0);
    expect(second.code, printed(second)).toBe(0);
    const status = await statusJson(p.dir);
    expect(statesOf(status)).toEqual({ db: 'running', api: 'running' });
    expectOneProcessPerService(p.dir, status, { db: pdb!, api: papi! }, `${printed(first)}\n${printed(second)}`);
  });

  it('restart while the service is still booting: the boot is abandoned, one fresh process runs', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('race-restart-boot', { 'stack.yaml': twoServices(pdb!, papi!, 2000) });
    const up = startStack(p.dir, ['up'], { timeoutMs: 30_000 });
    const booting = await statusWhen(p.dir, (s) => serviceIn(s, 'db').state === 'starting' && serviceIn(s, 'db').pid !== null, 'db booting');
    const firstDb = serviceIn(booting, 'db').pid!;

    const restart = await runExpecting(p.dir, ['restart', 'db'], 0, { timeoutMs: 30_000 });
    const upResult = await exitOf(up);

    expect(isPidAlive(firstDb), `the first db after restart\n${printed(restart)}`).toBe(false);
    // The `up` waits for the restarted db (and then starts api): the stack it asked for is up.
    expect(upResult.code, printed(upResult)).toBe(0);
    const status = await waitAllHealthy(p.dir);
    expect(serviceIn(status, 'db').pid).not.toBe(firstDb);
    expectOneProcessPerService(p.dir, status, { db: pdb!, api: papi! }, `${printed(restart)}\n${printed(upResult)}`);
  });

  it('restart after restart: each stop waits until the old process has let go of its port (a Node process exits thread by thread)', async () => {
    const [port] = await freePorts(1);
    const p = await project('race-restart-loop', { 'stack.yaml': stackYaml({ api: httpService({ port: port!, argv: true }) }) });
    await runExpecting(p.dir, ['up'], 0);
    for (let i = 0; i < 15; i++) await runExpecting(p.dir, ['restart', 'api'], 0, { timeoutMs: 30_000 });
    const status = await statusJson(p.dir);
    expect(serviceIn(status, 'api')).toMatchObject({ state: 'running', health: 'healthy', restarts: 0 });
    expectOneProcessPerService(p.dir, status, { api: port! }, 'after 15 restarts');
  });

  it('restart while the service waits for its dependency: it starts once, when the dependency is ready', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('race-restart-wait', { 'stack.yaml': twoServices(pdb!, papi!, 2000) });
    const up = startStack(p.dir, ['up'], { timeoutMs: 30_000 });
    await waitForOutput(up, /api\s+waiting for db/);
    await statusWhen(p.dir, (s) => serviceIn(s, 'api').state === 'pending' && serviceIn(s, 'db').state === 'starting', 'api pending');

    const restart = await runExpecting(p.dir, ['restart', 'api'], 0, { timeoutMs: 30_000 });
    const upResult = await exitOf(up);

    // The `up` that was waiting sees api started by the restart: the stack is up.
    expect(upResult.code, printed(upResult)).toBe(0);
    const status = await waitAllHealthy(p.dir);
    expectOneProcessPerService(p.dir, status, { db: pdb!, api: papi! }, `${printed(restart)}\n${printed(upResult)}`);
    const events = await runExpecting(p.dir, ['events', 'api', '--json'], 0);
    expect(events.stdout.match(/"type":"start"/g) ?? [], `api started once\n${printed(events)}`).toHaveLength(1);
  });

  it('down during up: everything stops, the waiting up exits 1 saying down stopped it, nothing is left', async () => {
    const [pdb, papi] = await freePorts(2);
    // db takes 30 s to boot: `down` comes while it boots and api waits for it.
    const p = await project('race-down-up', { 'stack.yaml': twoServices(pdb!, papi!, 30_000) });
    const up = startStack(p.dir, ['up'], { timeoutMs: 60_000 });
    await waitForOutput(up, /api\s+waiting for db/);
    const booting = await statusWhen(p.dir, (s) => serviceIn(s, 'db').pid !== null, 'db spawned');
    const daemon = booting.daemon.pid!;

    const down = await runExpecting(p.dir, ['down'], 0, { timeoutMs: 30_000 });
    const upResult = await exitOf(up);

    expect(upResult.code, printed(upResult)).toBe(1);
    expect(upResult.stderr, printed(upResult)).toMatch(/stack down stopped db, api before they were ready/);
    expect(upResult.stdout, printed(upResult)).toMatch(/db\s+stopped by `stack down` before it was ready/);
    expect(upResult.stderr, printed(upResult)).not.toMatch(/internal error|daemon stopped answering/);
    expect(isPidAlive(serviceIn(booting, 'db').pid!), printed(down)).toBe(false);
    await waitFor(() => !isPidAlive(daemon), { timeoutMs: 5000, message: 'the daemon to exit after down' });
    const procs = processesUnder(p.dir);
    expect(procs.filter((proc) => !isDaemonProcess(proc)), describeProcs(procs)).toEqual([]);
    expect(describeProcs(procs)).toBe('(none)');
    expect(statesOf(await statusJson(p.dir))).toEqual({ db: 'stopped', api: 'stopped' });
  });
});
