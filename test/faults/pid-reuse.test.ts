// Fault: pid reuse. While no daemon ran, a service died and the OS gave its pid to an
// unrelated program. state.json still records that pid (with the old start time): stack
// must recognise the stranger by its start time and never signal it — not when a new
// daemon re-adopts, not on `restart`, not on `down`.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { isPidAlive, waitFor } from '../helpers/procs.js';
import { httpGet, printed, runExpecting, serviceIn, statusJson, useProjects } from '../e2e/support.js';
import { expectOneProcessPerService, killDaemon } from './support-faults.js';

const project = useProjects();
const strangers: ChildProcess[] = [];
afterEach(() => {
  for (const child of strangers.splice(0)) child.kill('SIGKILL');
});

describe('pid reuse', () => {
  it('a recorded pid that now belongs to another process is never adopted nor signalled, by status, restart or down', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('pid-reuse');
    await p.write(
      'stack.yaml',
      stackYaml({
        db: httpService({ port: pdb!, name: 'db', argv: true }),
        api: { ...httpService({ port: papi!, name: 'api', argv: true }), depends_on: ['db'] },
      }),
    );
    await runExpecting(p.dir, ['up'], 0);
    const before = await statusJson(p.dir);
    const api = serviceIn(before, 'api');
    await killDaemon(p.dir, before.daemon.pid!);
    process.kill(api.pid!, 'SIGKILL');
    await waitFor(() => !isPidAlive(api.pid!), { message: 'the old api process gone' });

    // Another program now has "the" pid on record: point state.json at a stranger, keeping
    // the start time of the old process, as if the pid had been reused. The stranger leads
    // its own process group, as a service would, so a group signal would reach it.
    const stranger = spawn('sleep', ['120'], { stdio: 'ignore', detached: true });
    strangers.push(stranger);
    await waitFor(() => isPidAlive(stranger.pid!), { message: 'the stranger to run' });
    const state = JSON.parse(readFileSync(p.path('.stack/state.json'), 'utf8'));
    expect(state.services.api.identity.pid).toBe(api.pid);
    state.services.api.identity.pid = stranger.pid;
    writeFileSync(p.path('.stack/state.json'), JSON.stringify(state));

    // db still runs, so status starts a daemon that re-adopts db, and finds api gone.
    const status = await statusJson(p.dir);
    expect(status.daemon.running).toBe(true);
    expect(serviceIn(status, 'db')).toMatchObject({ pid: serviceIn(before, 'db').pid });
    expect(serviceIn(status, 'api').pid, JSON.stringify(status)).toBeNull();
    expect(['exited', 'stopped'], JSON.stringify(serviceIn(status, 'api'))).toContain(serviceIn(status, 'api').state);
    const events = await runExpecting(p.dir, ['events', 'api', '--json'], 0);
    expect(events.stdout, printed(events)).toContain(`"pid":${stranger.pid}`);
    expect(isPidAlive(stranger.pid!), 'the stranger survives the re-adoption').toBe(true);

    const restart = await runExpecting(p.dir, ['restart', 'api'], 0);
    expect(isPidAlive(stranger.pid!), `the stranger survives restart\n${printed(restart)}`).toBe(true);
    const restarted = await statusJson(p.dir);
    expect(serviceIn(restarted, 'api')).toMatchObject({ state: 'running', health: 'healthy' });
    expect(serviceIn(restarted, 'api').pid).not.toBe(stranger.pid);
    expect(await httpGet(papi!, '/pid')).toEqual({ status: 200, body: `${serviceIn(restarted, 'api').pid}\n` });
    expectOneProcessPerService(p.dir, restarted, { db: pdb!, api: papi! }, printed(restart));

    const down = await runExpecting(p.dir, ['down'], 0);
    expect(isPidAlive(stranger.pid!), `the stranger survives down\n${printed(down)}`).toBe(true);
    expect(stranger.exitCode, 'the stranger was never signalled').toBeNull();
    expect(stranger.signalCode).toBeNull();
  });

  it('down with no daemon and only a reused pid on record: nothing is running, nothing is signalled', async () => {
    const [port] = await freePorts(1);
    const p = await project('pid-reuse-down');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
    await runExpecting(p.dir, ['up'], 0);
    const before = await statusJson(p.dir);
    await killDaemon(p.dir, before.daemon.pid!);
    const apiPid = serviceIn(before, 'api').pid!;
    process.kill(apiPid, 'SIGKILL');
    await waitFor(() => !isPidAlive(apiPid), { message: 'the old api process gone' });

    const stranger = spawn('sleep', ['120'], { stdio: 'ignore', detached: true });
    strangers.push(stranger);
    await waitFor(() => isPidAlive(stranger.pid!), { message: 'the stranger to run' });
    const state = JSON.parse(readFileSync(p.path('.stack/state.json'), 'utf8'));
    state.services.api.identity.pid = stranger.pid;
    writeFileSync(p.path('.stack/state.json'), JSON.stringify(state));

    const status = await statusJson(p.dir);
    expect(serviceIn(status, 'api').pid, JSON.stringify(status)).toBeNull();
    expect(serviceIn(status, 'api').state).not.toBe('running');
    const down = await runExpecting(p.dir, ['down'], 0);
    expect(down.stdout, printed(down)).toContain('Nothing is running.');
    const restart = await runExpecting(p.dir, ['restart', 'api'], 0);
    expect(serviceIn(await statusJson(p.dir), 'api').state, printed(restart)).toBe('running');
    expect(isPidAlive(stranger.pid!), `the stranger survives\n${printed(down)}\n${printed(restart)}`).toBe(true);
    expect(stranger.signalCode).toBeNull();
  });
});

