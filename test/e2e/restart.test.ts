// `stack restart`: a new process for the named service only.
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { isPidAlive } from '../helpers/procs.js';
import { dbApiWeb, httpGet, pidsOf, printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();

describe('stack restart', () => {
  it('restart api gives api a new pid while db and web keep theirs', async () => {
    const [pdb, papi, pweb] = await freePorts(3);
    const p = await project('restart-api');
    // argv commands (no shell): the pid stack reports is the process that answers GET /pid.
    await p.write(
      'stack.yaml',
      stackYaml(dbApiWeb({ db: pdb!, api: papi!, web: pweb! })),
    );
    await runExpecting(p.dir, ['up'], 0);
    const before = pidsOf(await statusJson(p.dir));
    expect((await httpGet(papi!, '/pid')).body.trim()).toBe(String(before.api));

    const restart = await runExpecting(p.dir, ['restart', 'api'], 0);

    const status = await statusJson(p.dir);
    const after = pidsOf(status);
    expect(after.api, printed(restart)).toBeTypeOf('number');
    expect(after.api, printed(restart)).not.toBe(before.api);
    expect(after.db).toBe(before.db);
    expect(after.web).toBe(before.web);
    expect(serviceIn(status, 'api')).toMatchObject({ state: 'running', health: 'healthy' });
    expect(isPidAlive(before.api!), 'the old api process').toBe(false);
    // The new process is the one serving the port.
    expect((await httpGet(papi!, '/pid')).body.trim()).toBe(String(after.api));
  });

  it('restart of an unknown service: exit 2 with "did you mean"', async () => {
    const [papi] = await freePorts(1);
    const p = await project('restart-typo');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: papi!, name: 'api' }) }));
    await runExpecting(p.dir, ['up'], 0);
    const before = pidsOf(await statusJson(p.dir));

    const restart = await runExpecting(p.dir, ['restart', 'apj'], 2);

    expect(restart.stderr, printed(restart)).toMatch(/apj/);
    expect(restart.stderr, printed(restart)).toMatch(/did you mean[^\n]*\bapi\b/i);
    expect(restart.stderr, printed(restart)).not.toMatch(/^\s+at /m);
    expect(pidsOf(await statusJson(p.dir))).toEqual(before);
  });

  it('restart db --dependents restarts db and everything that depends on it; --with-deps restarts what api needs', async () => {
    const [pdb, papi, pweb, pother] = await freePorts(4);
    const p = await project('restart-dependents');
    await p.write(
      'stack.yaml',
      stackYaml({ ...dbApiWeb({ db: pdb!, api: papi!, web: pweb! }), other: httpService({ port: pother!, name: 'other', argv: true }) }),
    );
    await runExpecting(p.dir, ['up'], 0);
    const before = pidsOf(await statusJson(p.dir));

    const restart = await runExpecting(p.dir, ['restart', 'db', '--dependents'], 0);
    const after = pidsOf(await statusJson(p.dir));
    for (const name of ['db', 'api', 'web']) expect(after[name], `${name}\n${printed(restart)}`).not.toBe(before[name]);
    expect(after.other).toBe(before.other);
    expect(restart.stdout).toMatch(/3 services restarted/);

    await runExpecting(p.dir, ['restart', 'api', '--with-deps'], 0);
    const last = pidsOf(await statusJson(p.dir));
    expect(last.db).not.toBe(after.db);
    expect(last.api).not.toBe(after.api);
    expect(last.web).toBe(after.web);
  });
});
