// `stack down`: no orphan is left — grandchildren, processes ignoring SIGTERM and the
// daemon included — and a partial down stops dependents first.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { forkerService, httpService, ignoreSigtermService, stackYaml, tcpService } from '../helpers/fixtures.js';
import { describeProcs, isPidAlive, processesUnder, waitFor } from '../helpers/procs.js';
import { isDaemonProcess, lineIndex, pidsOf, printed, runExpecting, serviceIn, statesOf, statusJson, useProjects } from './support.js';

const project = useProjects();

describe('stack down', () => {
  it('stops every process of the stack: forked grandchildren, a SIGTERM-ignoring service, plain servers and the daemon', async () => {
    const [pdb, papi, pforker, pstubborn] = await freePorts(4);
    const p = await project('down-all');
    const childPids = p.path('forker-children.txt');
    await p.write(
      'stack.yaml',
      stackYaml({
        db: tcpService({ port: pdb!, name: 'db' }),
        api: { ...httpService({ port: papi!, name: 'api' }), depends_on: ['db'] },
        // shell → node → 2 node grandchildren; the port is held by a grandchild. The shell
        // stays because it has work left after node (stack execs simple commands).
        forker: (() => {
          const spec = forkerService({ port: pforker, children: 2, listenInChild: true, pidsFile: childPids });
          return { ...spec, command: `${spec.command as string}; echo "forker exited with $?"` };
        })(),
        stubborn: ignoreSigtermService({ port: pstubborn, stopTimeout: '1s' }),
      }),
    );
    await runExpecting(p.dir, ['up'], 0);

    const status = await statusJson(p.dir);
    expect(statesOf(status)).toEqual({ db: 'running', api: 'running', forker: 'running', stubborn: 'running' });
    const grandchildren = (await readFile(childPids, 'utf8')).split('\n').filter(Boolean).map(Number);
    expect(grandchildren).toHaveLength(2);
    const recorded = new Map<number, string>();
    for (const [name, pid] of Object.entries(pidsOf(status))) recorded.set(pid!, `service ${name}`);
    recorded.set(status.daemon.pid!, 'daemon');
    for (const pid of grandchildren) recorded.set(pid, 'forker grandchild');
    const found = processesUnder(p.dir);
    for (const proc of found) if (!recorded.has(proc.pid)) recorded.set(proc.pid, proc.argv.join(' '));
    // The scan sees the whole tree (so "none left" below means something): every pid stack reports, the grandchildren, the daemon.
    const foundPids = new Set(found.map((proc) => proc.pid));
    for (const [pid, what] of recorded) expect(foundPids.has(pid), `${what} (pid ${pid}) not found under the project:\n${describeProcs(found)}`).toBe(true);
    expect(found.filter(isDaemonProcess), 'exactly one daemon').toHaveLength(1);
    const forkerShell = found.filter((proc) => /(^|\/)(ba|da)?sh$/.test(proc.argv[0] ?? '') && proc.argv.some((a) => a.includes('forker.js')));
    expect(forkerShell, `the forker runs under a shell:\n${describeProcs(found)}`).toHaveLength(1);
    // db, api, forker, stubborn (each at least its root process), 2 grandchildren, the daemon.
    expect(recorded.size).toBeGreaterThanOrEqual(7);

    const down = await runExpecting(p.dir, ['down'], 0);

    // Services are stopped when `down` returns: none may linger, not even for a moment.
    const lingering = [...recorded].filter(([pid, what]) => what !== 'daemon' && isPidAlive(pid));
    expect(lingering, `alive after down:\n${describeProcs(processesUnder(p.dir))}\n${printed(down)}`).toEqual([]);
    // The daemon exits right after answering.
    await waitFor(() => !isPidAlive(status.daemon.pid!), { timeoutMs: 5000, message: 'the daemon to exit after down' });
    expect([...recorded].filter(([pid]) => isPidAlive(pid))).toEqual([]);
    expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
  });

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

  it('down when nothing runs: exit 0, "Nothing is running."', async () => {
    const [port] = await freePorts(1);
    const p = await project('down-idle');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port! }) }));

    const down = await runExpecting(p.dir, ['down'], 0);

    expect(down.stdout + down.stderr, printed(down)).toContain('Nothing is running.');
    expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
  });
});
