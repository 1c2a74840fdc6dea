// Supervision: what the daemon does on its own once `up` has returned — bring a dead
// service back (incident 001), and give up on one that keeps crashing (incident 002).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { crashService, fixtureScript, httpService, nodeArgv, stackYaml } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/procs.js';
import { dbApiWeb, httpGet, pidsOf, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();

function events(dir: string): Array<Record<string, unknown>> {
  return readFileSync(`${dir}/.stack/events.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('supervision', () => {
  it('kill -9 of a service: it is restarted (restarts 1) and healthy again; its dependent and dependency keep their pids', async () => {
    const [pdb, papi, pweb] = await freePorts(3);
    const p = await project('kill-restart');
    await p.write(
      'stack.yaml',
      stackYaml(dbApiWeb({ db: pdb!, api: papi!, web: pweb! })),
    );
    await runExpecting(p.dir, ['up'], 0);
    const before = pidsOf(await statusJson(p.dir));

    process.kill(before.api!, 'SIGKILL');

    const api = await waitFor(
      async () => {
        const s = serviceIn(await statusJson(p.dir), 'api');
        return s.restarts === 1 && s.state === 'running' && s.health === 'healthy' ? s : null;
      },
      { timeoutMs: 15_000, intervalMs: 200, message: 'api restarted and healthy' },
    );
    expect(api.pid).not.toBe(before.api);
    expect(api.lastExit).toMatchObject({ signal: 'SIGKILL' });
    expect((await httpGet(papi!, '/pid')).body.trim()).toBe(String(api.pid));
    const after = pidsOf(await statusJson(p.dir));
    expect(after.db).toBe(before.db);
    expect(after.web).toBe(before.web);
    // The timeline says what happened and why.
    const timeline = events(p.dir).filter((e) => e.service === 'api');
    expect(timeline).toContainEqual(expect.objectContaining({ type: 'exit', signal: 'SIGKILL' }));
    expect(timeline).toContainEqual(expect.objectContaining({ type: 'restart', reason: 'killed by SIGKILL' }));
  });

  it('a service that exits 1 at start ends in crashloop with its reason, not an endless loop', async () => {
    const p = await project('crashloop');
    await p.write('stack.yaml', stackYaml({ broken: crashService({ module: 'left-pad' }) }));

    const up = await runExpecting(p.dir, ['up'], 1);
    expect(up.stderr).toMatch(/Cannot find module 'left-pad'/);

    const broken = await waitFor(
      async () => {
        const s = serviceIn(await statusJson(p.dir), 'broken');
        return s.state === 'crashloop' ? s : null;
      },
      { timeoutMs: 40_000, intervalMs: 500, message: 'broken in crashloop' },
    );
    expect(broken.lastExit).toMatchObject({ code: 1, reason: "Error: Cannot find module 'left-pad'" });
    const restarts = broken.restarts;
    expect(restarts).toBeGreaterThan(0);
    // Given up for good: no further attempts.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(serviceIn(await statusJson(p.dir), 'broken')).toMatchObject({ state: 'crashloop', restarts });
    const table = await runExpecting(p.dir, ['status'], 0);
    expect(table.stdout).toMatch(/crashloop/);
    expect(table.stdout).toMatch(/Cannot find module 'left-pad'/);
    expect(events(p.dir)).toContainEqual(expect.objectContaining({ type: 'crashloop', service: 'broken' }));
  });

  it('restart: no leaves a dead service down', async () => {
    const [port] = await freePorts(1);
    const p = await project('restart-no');
    await p.write('stack.yaml', stackYaml({ api: { ...httpService({ port: port!, argv: true }), restart: 'no' } }));
    await runExpecting(p.dir, ['up'], 0);
    const { api: pid } = pidsOf(await statusJson(p.dir));

    process.kill(pid!, 'SIGKILL');

    const api = await waitFor(
      async () => {
        const s = serviceIn(await statusJson(p.dir), 'api');
        return s.state === 'exited' ? s : null;
      },
      { timeoutMs: 10_000, intervalMs: 200, message: 'api exited' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(serviceIn(await statusJson(p.dir), 'api')).toMatchObject({ state: 'exited', restarts: 0, pid: null });
    expect(api.lastExit).toMatchObject({ signal: 'SIGKILL' });
  });

  it('a service that stays unhealthy after it was ready is restarted', async () => {
    const [port] = await freePorts(1);
    const p = await project('unhealthy-restart');
    const healthFile = p.path('health-status');
    await p.write(
      'stack.yaml',
      stackYaml({
        api: httpService({ port: port!, argv: true, healthFile, health: { http: 'http://127.0.0.1:${PORT}/health', interval: '200ms', retries: 2 } }),
      }),
    );
    await runExpecting(p.dir, ['up'], 0);
    const { api: pid } = pidsOf(await statusJson(p.dir));

    await p.write('health-status', '503');

    const api = await waitFor(
      async () => {
        const s = serviceIn(await statusJson(p.dir), 'api');
        return s.restarts >= 1 ? s : null;
      },
      { timeoutMs: 15_000, intervalMs: 200, message: 'api restarted after turning unhealthy' },
    );
    expect(api.pid).not.toBe(pid);
    const timeline = events(p.dir);
    expect(timeline).toContainEqual(expect.objectContaining({ type: 'health', service: 'api', health: 'unhealthy' }));
    expect(timeline).toContainEqual(expect.objectContaining({ type: 'restart', service: 'api', reason: expect.stringMatching(/HTTP 503/) }));
  });

  it('a hung health endpoint times out as a failure without holding up another service', async () => {
    const [phung, pok] = await freePorts(2);
    const p = await project('hung-probe');
    await p.write(
      'stack.yaml',
      stackYaml({
        hung: {
          command: nodeArgv(fixtureScript('hang-server')),
          port: phung!,
          restart: 'no',
          health: { http: 'http://127.0.0.1:${PORT}/health', timeout: '300ms', interval: '200ms', retries: 2, start_period: '0s' },
        },
        ok: httpService({ port: pok!, argv: true }),
      }),
    );

    const up = await runExpecting(p.dir, ['up'], 1);
    expect(up.stderr).toMatch(/hung: health check failed 2 times in a row: timed out after 300ms/);
    expect(up.stdout).toMatch(/ok\s+healthy/);
    const status = await statusJson(p.dir);
    expect(serviceIn(status, 'ok')).toMatchObject({ state: 'running', health: 'healthy' });
    expect(serviceIn(status, 'hung')).toMatchObject({ health: 'unhealthy' });
  });
});
