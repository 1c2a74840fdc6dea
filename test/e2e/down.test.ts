// `stack down`: a partial down stops dependents first; with a broken stack.yaml (a daemon
// alive, or dead with its services running); with nothing running. (No orphan left,
// grandchildren and SIGTERM-ignoring services included: test/faults/stop.test.ts.)
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { describeProcs, isPidAlive, processesUnder, waitFor } from '../helpers/procs.js';
import { lineIndex, printed, runExpecting, serviceIn, statesOf, statusJson, useProjects } from './support.js';

const project = useProjects();

describe('stack down', () => {
  it('down b stops b\'s dependents first, then b, and leaves the rest running', async () => {
    const [pa, pb, pc, pd] = await freePorts(4);
    const p = await project('down-partial');
    await p.write(
      'stack.yaml',
      stackYaml({
        a: httpService({ port: pa!, name: 'a' }),
        b: { ...httpService({ port: pb!, name: 'b' }), depends_on: ['a'] },
        c: { ...httpService({ port: pc!, name: 'c' }), depends_on: ['b'] },
        d: httpService({ port: pd!, name: 'd' }),
      }),
    );
    await runExpecting(p.dir, ['up'], 0);
    const before = await statusJson(p.dir);

    const down = await runExpecting(p.dir, ['down', 'b'], 0);

    const out = down.stdout;
    const cStopped = lineIndex(out, /\bc\s+stopped\b/);
    const bStopping = lineIndex(out, /\bb\s+stopping\b/);
    const bStopped = lineIndex(out, /\bb\s+stopped\b/);
    expect(cStopped, printed(down)).toBeGreaterThanOrEqual(0);
    expect(bStopping, printed(down)).toBeGreaterThanOrEqual(0);
    expect(cStopped, `c must be stopped before b is stopped\n${printed(down)}`).toBeLessThan(bStopping);
    expect(bStopped, printed(down)).toBeGreaterThan(bStopping);
    expect(out, printed(down)).not.toMatch(/\b[ad]\s+stopp/);

    const after = await statusJson(p.dir);
    expect(statesOf(after)).toEqual({ a: 'running', b: 'stopped', c: 'stopped', d: 'running' });
    expect(serviceIn(after, 'a').pid).toBe(serviceIn(before, 'a').pid);
    expect(serviceIn(after, 'd').pid).toBe(serviceIn(before, 'd').pid);
    for (const name of ['b', 'c']) expect(isPidAlive(serviceIn(before, name).pid!), `${name}'s process`).toBe(false);
  });

  it('down while stack.yaml does not load: says what is wrong, and stops what the daemon runs all the same', async () => {
    const [pa, pb] = await freePorts(2);
    const p = await project('down-broken-yaml');
    const services = { a: httpService({ port: pa!, name: 'a' }), b: { ...httpService({ port: pb!, name: 'b' }), depends_on: ['a'] } };
    await p.write('stack.yaml', stackYaml(services));
    await runExpecting(p.dir, ['up'], 0);
    const before = await statusJson(p.dir);
    // A typo while it runs: the file no longer loads.
    await p.write('stack.yaml', stackYaml({ ...services, b: { ...services.b, depends_on: ['aa'] } }));

    const unknown = await runExpecting(p.dir, ['down', 'c'], 2);
    expect(unknown.stderr, printed(unknown)).toContain('No service named c (did you mean a?) among the services the daemon runs (stack.yaml does not load).');
    expect(unknown.stderr, printed(unknown)).not.toContain('Stopping');
    expect(unknown.stderr, printed(unknown)).toContain('services are: a, b');

    const partial = await runExpecting(p.dir, ['down', 'b'], 0);
    expect(partial.stderr, printed(partial)).toMatch(/stack\.yaml has 1 problem/);
    expect(partial.stderr, printed(partial)).toMatch(/stack\.yaml:\d+:\d+/);
    expect(partial.stderr, printed(partial)).toContain('Stopping what the daemon runs, as it started it');
    expect(partial.stdout, printed(partial)).toMatch(/\bb\s+stopped\b/);
    expect(statesOf(await statusJson(p.dir))).toEqual({ a: 'running', b: 'stopped' });
    expect(isPidAlive(serviceIn(before, 'b').pid!), "b's process").toBe(false);

    const all = await runExpecting(p.dir, ['down', '--json'], 0);
    expect(JSON.parse(all.stdout), printed(all)).toMatchObject({ ok: true });
    expect(isPidAlive(serviceIn(before, 'a').pid!), "a's process").toBe(false);
    expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
  });

  it('down while stack.yaml does not load and the daemon is dead: a new one re-adopts what it left running and stops it', async () => {
    const [port] = await freePorts(1);
    const p = await project('down-broken-orphans');
    const services = { api: httpService({ port: port! }) };
    await p.write('stack.yaml', stackYaml(services));
    await runExpecting(p.dir, ['up'], 0);
    const { daemon, services: running } = await statusJson(p.dir);
    process.kill(daemon.pid!, 'SIGKILL');
    await waitFor(() => !isPidAlive(daemon.pid!), { message: 'the daemon to be gone' });
    await p.write('stack.yaml', 'services:\n  api: [\n');

    const down = await runExpecting(p.dir, ['down'], 0);

    expect(down.stderr, printed(down)).toMatch(/stack\.yaml:\d+:\d+ invalid YAML/);
    expect(down.stderr, printed(down)).toContain('Stopping what the daemon runs, as it started it');
    expect(down.stdout, printed(down)).toMatch(/\bapi\s+stopped\b/);
    expect(isPidAlive(running[0]!.pid!), "api's process").toBe(false);
    expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
  });

  it('down when nothing runs: exit 0, "Nothing is running."', async () => {
    const [port] = await freePorts(1);
    const p = await project('down-idle');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port! }) }));

    const down = await runExpecting(p.dir, ['down'], 0);

    expect(down.stdout + down.stderr, printed(down)).toContain('Nothing is running.');
    expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
  });
});
