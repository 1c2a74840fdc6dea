// stack.yaml (or an env file) edited while the stack runs: status and doctor say which
// processes run with other config than the files now say (and which keys), `up` restarts
// exactly those, starts what is new and stops what is gone, `up --dry-run` only says so, and
// a new daemon knows what each process was started with. A broken file: config-broken.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml, type ServiceSpec } from '../helpers/fixtures.js';
import { isPidAlive, waitFor } from '../helpers/procs.js';
import { dbApiWeb, doctorJson, editStackYaml as edit, httpGet, listenersOf, pidsOf, printed, runExpecting, serviceIn, statusJson, useProjects, type StatusJson } from './support.js';

const project = useProjects();

/** name → configChanges of every service in a status. */
function changesOf(status: StatusJson): Record<string, string[]> {
  return Object.fromEntries(status.services.map((s) => [s.name, s.configChanges]));
}

/** One variable of a running process's environment, as /proc shows it. */
function envOf(pid: number, name: string): string | undefined {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  return entries.find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1);
}

describe('stack.yaml changed while the stack runs', () => {
  it('a port: status and doctor name exactly that service; up restarts only it, on the new port', async () => {
    const [pdb, papi, pweb, moved] = await freePorts(4);
    const p = await project('reload-port');
    const services = dbApiWeb({ db: pdb!, api: papi!, web: pweb! });
    await p.write('stack.yaml', stackYaml(services));
    await runExpecting(p.dir, ['up'], 0);
    const before = pidsOf(await statusJson(p.dir));

    const status = await edit(p, { ...services, api: { ...services.api!, port: moved! } }, (s) => serviceIn(s, 'api').configChanged);

    expect(changesOf(status)).toEqual({ db: [], api: ['port'], web: [] });
    expect(status.services.map((s) => [s.name, s.configChanged])).toEqual([['db', false], ['api', true], ['web', false]]);
    // Still the running process, on the port it was started with.
    expect(serviceIn(status, 'api')).toMatchObject({ pid: before.api, port: papi, state: 'running' });
    const table = await runExpecting(p.dir, ['status'], 0);
    expect(table.stdout, printed(table)).toMatch(/^api .*CONFIG CHANGED: port/m);
    expect(table.stdout, printed(table)).not.toMatch(/^(db|web) .*CONFIG CHANGED/m);
    const doctor = await doctorJson(p.dir, 1);
    expect(doctor.findings.filter((f) => f.severity === 'error'), JSON.stringify(doctor)).toEqual([
      expect.objectContaining({ check: 'config-changed', service: 'api', hint: 'stack up', fixable: true, message: expect.stringMatching(/\bport\b/) }),
    ]);

    const up = await runExpecting(p.dir, ['up'], 0);

    expect(up.stdout, printed(up)).toMatch(/api\s+config changed \(port\): restarting/);
    const after = await statusJson(p.dir);
    expect(after.services.every((s) => !s.configChanged && s.configChanges.length === 0), JSON.stringify(after)).toBe(true);
    const api = serviceIn(after, 'api');
    expect(api.pid, printed(up)).not.toBe(before.api);
    expect(isPidAlive(before.api!), 'the old api process').toBe(false);
    expect(pidsOf(after)).toEqual({ ...before, api: api.pid });
    expect(api).toMatchObject({ port: moved, state: 'running', health: 'healthy' });
    expect(listenersOf(moved!)).toEqual([api.pid]);
    expect((await httpGet(moved!, '/pid')).body.trim()).toBe(String(api.pid));
    expect(listenersOf(papi!)).toEqual([]);
    await runExpecting(p.dir, ['doctor'], 0);
  });

  it("an env value, and a port that reaches a dependent through ${db.port}: only the services whose resolved config changed", async () => {
    const [pdb, papi, pweb, moved] = await freePorts(4);
    const p = await project('reload-env');
    const services = (dbPort: number, name: string): Record<string, ServiceSpec> => ({
      db: httpService({ port: dbPort, name: 'db', argv: true }),
      api: { ...httpService({ port: papi!, name: 'api', argv: true, env: { DATABASE_URL: 'postgres://127.0.0.1:${db.port}/shop' } }), depends_on: ['db'] },
      web: httpService({ port: pweb!, name, argv: true }),
    });
    await p.write('stack.yaml', stackYaml(services(pdb!, 'web-a')));
    await runExpecting(p.dir, ['up'], 0);
    const first = pidsOf(await statusJson(p.dir));

    const envEdit = await edit(p, services(pdb!, 'web-b'), (s) => serviceIn(s, 'web').configChanged);
    expect(changesOf(envEdit)).toEqual({ db: [], api: [], web: ['env.NAME'] });
    await runExpecting(p.dir, ['up'], 0);
    const second = pidsOf(await statusJson(p.dir));
    expect(second.web).not.toBe(first.web);
    expect(second).toEqual({ ...first, web: second.web });
    expect((await httpGet(pweb!)).body.trim()).toBe('web-b ok');

    const portEdit = await edit(p, services(moved!, 'web-b'), (s) => serviceIn(s, 'db').configChanged);
    expect(changesOf(portEdit)).toEqual({ db: ['port'], api: ['env.DATABASE_URL'], web: [] });
    const doctor = await doctorJson(p.dir, 1);
    expect(doctor.findings.filter((f) => f.check === 'config-changed').map((f) => f.service).sort(), JSON.stringify(doctor)).toEqual(['api', 'db']);

    const up = await runExpecting(p.dir, ['up'], 0);

    expect(up.stdout, printed(up)).toMatch(/db\s+config changed \(port\): restarting/);
    expect(up.stdout, printed(up)).toMatch(/api\s+config changed \(env\.DATABASE_URL\): restarting/);
    const third = await statusJson(p.dir);
    const pids = pidsOf(third);
    expect(pids.db).not.toBe(second.db);
    expect(pids.api).not.toBe(second.api);
    expect(pids.web).toBe(second.web);
    expect(envOf(pids.api!, 'DATABASE_URL')).toBe(`postgres://127.0.0.1:${moved}/shop`);
    expect(listenersOf(moved!)).toEqual([pids.db]);
  });

  it('an env file edited: status and doctor name the key, doctor the files it may be in; up restarts that service, with the new value', async () => {
    const [pa, pb] = await freePorts(2);
    const p = await project('reload-env-file');
    await p.write('a.env', 'GREETING=hi\n');
    await p.write('stack.yaml', stackYaml({ a: { ...httpService({ port: pa!, name: 'a', argv: true }), env_file: 'a.env' }, b: httpService({ port: pb!, name: 'b', argv: true }) }));
    await runExpecting(p.dir, ['up'], 0);
    const before = pidsOf(await statusJson(p.dir));

    await p.write('a.env', 'GREETING=hello\n');
    const status = await waitFor(
      async () => {
        const s = await statusJson(p.dir);
        return serviceIn(s, 'a').configChanged ? s : undefined;
      },
      { message: 'the daemon to read the edited env file' },
    );
    expect(changesOf(status)).toEqual({ a: ['env.GREETING'], b: [] });
    const doctor = await doctorJson(p.dir, 1);
    expect(doctor.findings.filter((f) => f.check === 'config-changed').map((f) => f.message), JSON.stringify(doctor)).toEqual([
      'a runs with an older config: env.GREETING changed in stack.yaml or the env files it reads (a.env) since it started',
    ]);

    await runExpecting(p.dir, ['up'], 0);
    const after = pidsOf(await statusJson(p.dir));
    expect(after.a).not.toBe(before.a);
    expect(after.b).toBe(before.b);
    expect(envOf(after.a!, 'GREETING')).toBe('hello');
  });

  it('a service added and one removed: new is stopped, removed is noted; up starts the one and stops the other', async () => {
    const [pa, pb, pold, pnew] = await freePorts(4);
    const p = await project('reload-add-rm');
    const keep = { a: httpService({ port: pa!, name: 'a', argv: true }), b: httpService({ port: pb!, name: 'b', argv: true }) };
    await p.write('stack.yaml', stackYaml({ ...keep, old: httpService({ port: pold!, name: 'old', argv: true }) }));
    await runExpecting(p.dir, ['up'], 0);
    const before = pidsOf(await statusJson(p.dir));

    const status = await edit(p, { ...keep, fresh: httpService({ port: pnew!, name: 'fresh', argv: true }) }, (s) => s.services.some((x) => x.name === 'fresh'));

    expect(status.services.map((s) => s.name)).toEqual(['a', 'b', 'fresh', 'old']);
    expect(serviceIn(status, 'fresh')).toMatchObject({ state: 'stopped', pid: null, port: pnew, notes: ['new in stack.yaml'] });
    expect(serviceIn(status, 'old')).toMatchObject({ state: 'running', pid: before.old, configChanged: true, notes: ['removed from stack.yaml'] });
    expect(serviceIn(status, 'a')).toMatchObject({ configChanged: false, notes: [] });
    const doctor = await doctorJson(p.dir, 1);
    expect(doctor.findings.filter((f) => f.severity === 'error'), JSON.stringify(doctor)).toEqual([
      expect.objectContaining({ check: 'service-down', service: 'fresh', message: expect.stringMatching(/not started/) }),
      expect.objectContaining({ check: 'config-changed', service: 'old', message: expect.stringMatching(/no longer lists/) }),
    ]);

    const up = await runExpecting(p.dir, ['up'], 0);

    expect(up.stdout, printed(up)).toMatch(/old\s+removed from stack\.yaml: stopping/);
    expect(up.stdout, printed(up)).toMatch(/fresh\s+new in stack\.yaml: starting/);
    const after = await statusJson(p.dir);
    expect(after.services.map((s) => s.name)).toEqual(['a', 'b', 'fresh']);
    expect(pidsOf(after)).toMatchObject({ a: before.a, b: before.b });
    expect(serviceIn(after, 'fresh')).toMatchObject({ state: 'running', health: 'healthy', notes: [] });
    expect(isPidAlive(before.old!), 'the removed service').toBe(false);
    expect(listenersOf(pold!)).toEqual([]);
    expect(p.processes().filter((proc) => proc.pid === before.old)).toEqual([]);
    await runExpecting(p.dir, ['doctor'], 0);
  });

  it('up --dry-run prints the plan and changes nothing', async () => {
    const [pdb, papi, pweb, moved, pnew] = await freePorts(5);
    const p = await project('reload-dry-run');
    const services = dbApiWeb({ db: pdb!, api: papi!, web: pweb! });
    await p.write('stack.yaml', stackYaml(services));
    await runExpecting(p.dir, ['up'], 0);
    const before = pidsOf(await statusJson(p.dir));
    const { web: _gone, ...rest } = services;
    const edited = { ...rest, api: { ...services.api!, port: moved! }, mail: httpService({ port: pnew!, name: 'mail', argv: true }) };
    await edit(p, edited, (s) => serviceIn(s, 'api').configChanged && s.services.some((x) => x.name === 'mail'));

    const dry = await runExpecting(p.dir, ['up', '--dry-run'], 0);

    expect(dry.stdout, printed(dry)).toMatch(/web\s+removed from stack\.yaml: would stop/);
    expect(dry.stdout, printed(dry)).toMatch(/db\s+already running \(pid \d+\)/);
    expect(dry.stdout, printed(dry)).toMatch(/api\s+config changed \(port\): would restart/);
    expect(dry.stdout, printed(dry)).toMatch(/mail\s+new in stack\.yaml: would start/);
    expect(dry.stdout, printed(dry)).toContain('dry run, nothing changed: stack up would restart api, start mail and stop web');
    const after = await statusJson(p.dir);
    expect(pidsOf(after)).toEqual({ ...before, mail: null });
    expect(serviceIn(after, 'api').configChanged).toBe(true);
    expect(listenersOf(moved!)).toEqual([]);
  });

  it('a new daemon knows what each process was started with (state.json), not just the config last sent', async () => {
    const [pa, pb, moved] = await freePorts(3);
    const p = await project('reload-readopt');
    const services = { a: httpService({ port: pa!, name: 'a', argv: true }), b: httpService({ port: pb!, name: 'b', argv: true }) };
    await p.write('stack.yaml', stackYaml(services));
    await runExpecting(p.dir, ['up'], 0);
    await edit(p, { ...services, a: { ...services.a, port: moved! } }, (s) => serviceIn(s, 'a').configChanged);
    // The daemon now holds (and saves) the edited config, while a still runs as started.
    await runExpecting(p.dir, ['up', 'b'], 0);
    const { daemon, services: running } = await statusJson(p.dir);
    process.kill(daemon.pid!, 'SIGKILL');
    await waitFor(() => !isPidAlive(daemon.pid!), { message: 'the daemon to be gone' });

    const status = await statusJson(p.dir);

    expect(status.daemon.pid).not.toBe(daemon.pid);
    // Re-adopted: the same processes.
    expect(pidsOf(status)).toEqual(pidsOf({ ...status, services: running }));
    expect(serviceIn(status, 'a')).toMatchObject({ port: pa, configChanged: true, configChanges: ['port'] });
    expect(serviceIn(status, 'b')).toMatchObject({ configChanged: false, configChanges: [] });
  });
});
