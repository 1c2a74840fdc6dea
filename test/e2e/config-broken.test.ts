// stack.yaml broken while the stack runs: status keeps working from the running config
// and says where the file is wrong (also for a new daemon re-adopting, from its first
// answer), and doctor still names what runs with an older config than the last file that loaded.
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { isPidAlive, waitFor } from '../helpers/procs.js';
import { doctorJson, editStackYaml as edit, pidsOf, printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();

describe('stack.yaml broken while the stack runs', () => {
  it('a broken stack.yaml: status exits 0, says so with the first position, and shows the running config', async () => {
    const [pa, pb] = await freePorts(2);
    const p = await project('reload-broken');
    const services = { a: httpService({ port: pa!, name: 'a', argv: true }), b: httpService({ port: pb!, name: 'b', argv: true }) };
    await p.write('stack.yaml', stackYaml(services));
    await runExpecting(p.dir, ['up'], 0);
    const before = pidsOf(await statusJson(p.dir));

    await p.write('stack.yaml', 'services:\n  a:\n    comand: node a.js\n');
    const status = await waitFor(
      async () => {
        const s = await statusJson(p.dir);
        return s.configProblem ? s : undefined;
      },
      { message: 'status to say stack.yaml does not load' },
    );

    expect(status.configProblem).toBe('stack.yaml has 1 problem (stack.yaml:3:5); showing the running config');
    expect(pidsOf(status)).toEqual(before);
    expect(status.services.map((s) => [s.name, s.state, s.port, s.configChanged])).toEqual([
      ['a', 'running', pa, false],
      ['b', 'running', pb, false],
    ]);
    const table = await runExpecting(p.dir, ['status'], 0);
    expect(table.stdout, printed(table)).toContain('stack.yaml has 1 problem (stack.yaml:3:5); showing the running config');
    expect(table.stdout, printed(table)).toMatch(/^b\s+running\s+healthy/m);

    await p.write('stack.yaml', stackYaml(services));
    await waitFor(async () => (await statusJson(p.dir)).configProblem === null, { message: 'status to read the repaired stack.yaml' });
  });


  it('an edit, then a broken stack.yaml: doctor still names the process with the older config, and says to fix the file first', async () => {
    const [pa, pb] = await freePorts(2);
    const p = await project('reload-broken-doctor');
    const services = { a: httpService({ port: pa!, name: 'a', argv: true }), b: httpService({ port: pb!, name: 'b', argv: true }) };
    await p.write('stack.yaml', stackYaml(services));
    await runExpecting(p.dir, ['up'], 0);
    await edit(p, { ...services, a: { ...services.a, env: { ...services.a.env, GREETING: 'hello' } } }, (s) => serviceIn(s, 'a').configChanged);

    await p.write('stack.yaml', 'services:\n  a:\n    comand: node a.js\n');
    await waitFor(async () => (await statusJson(p.dir)).configProblem !== null, { message: 'status to say stack.yaml does not load' });
    const doctor = await doctorJson(p.dir, 1);
    expect(doctor.findings.filter((f) => f.check === 'config-changed'), JSON.stringify(doctor)).toEqual([
      {
        check: 'config-changed',
        severity: 'error',
        service: 'a',
        message: 'a runs with an older config: env.GREETING changed in the last stack.yaml that loaded, since it started',
        hint: 'fix stack.yaml, then: stack up',
        fixable: false,
      },
    ]);
    const text = await runExpecting(p.dir, ['doctor'], 1);
    expect(text.stdout, printed(text)).toMatch(/problems: stack\.yaml has 1 problem; a runs with an older config$/m);
  });


  it('a new daemon re-adopting while stack.yaml does not load: its first status says so, with the processes as they run', async () => {
    const [port] = await freePorts(1);
    const p = await project('reload-readopt-broken');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port! }) }));
    await runExpecting(p.dir, ['up'], 0);
    const { daemon, services: running } = await statusJson(p.dir);
    process.kill(daemon.pid!, 'SIGKILL');
    await waitFor(() => !isPidAlive(daemon.pid!), { message: 'the daemon to be gone' });
    await p.write('stack.yaml', 'services:\n  api: [\n');

    // No waiting: the answer of the daemon this status starts.
    const status = await statusJson(p.dir);

    expect(status.daemon.pid).not.toBe(daemon.pid);
    expect(status.configProblem).toMatch(/^stack\.yaml has 1 problem \(stack\.yaml:\d+:\d+\); showing the running config$/);
    expect(pidsOf(status)).toEqual(pidsOf({ ...status, services: running }));
    await runExpecting(p.dir, ['down'], 0);
  });
});
