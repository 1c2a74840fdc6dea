// Fault: services that do not stop when asked. One ignores SIGTERM (only SIGKILL after
// stop_timeout ends it); one forks grandchildren (shell → node → node) that outlive their
// parent unless the whole process group is signalled. Neither may survive `down` or
// `restart`, and the process table is the judge, not stack's own report.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { forkerService, httpService, ignoreSigtermService, stackYaml, tcpService } from '../helpers/fixtures.js';
import { describeProcs, isPidAlive, processesUnder, waitFor } from '../helpers/procs.js';
import { isDaemonProcess, listenersOf, pidsOf, printed, runExpecting, serviceIn, statesOf, statusJson, useProjects } from '../e2e/support.js';

const project = useProjects();

/** shell → node → `children` node grandchildren (pids appended to `pidsFile`); the port is held by a grandchild. */
function forker(port: number, pidsFile: string, extra: Parameters<typeof forkerService>[0] = {}) {
  const spec = forkerService({ port, children: 2, listenInChild: true, pidsFile, ...extra });
  // The shell stays because it has work left after node (stack execs simple commands).
  return { ...spec, command: `${spec.command as string}; echo "forker exited with $?"` };
}

/** ppid and process group of a live pid, from /proc/<pid>/stat. */
function parentAndGroup(pid: number): { ppid: number; pgid: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const [, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(ppid), pgid: Number(pgid) };
}

async function pidsIn(file: string): Promise<number[]> {
  return (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
}

describe('stopping', () => {
  it('down stops every process of the stack: forked grandchildren, a SIGTERM-ignoring service, plain servers and the daemon', async () => {
    const [pdb, papi, pforker, pstubborn] = await freePorts(4);
    const p = await project('stop-all');
    const childPids = p.path('forker-children.txt');
    await p.write(
      'stack.yaml',
      stackYaml({
        db: tcpService({ port: pdb!, name: 'db' }),
        api: { ...httpService({ port: papi!, name: 'api' }), depends_on: ['db'] },
        forker: forker(pforker!, childPids),
        stubborn: ignoreSigtermService({ port: pstubborn, stopTimeout: '1s' }),
      }),
    );
    await runExpecting(p.dir, ['up'], 0);

    const status = await statusJson(p.dir);
    expect(statesOf(status)).toEqual({ db: 'running', api: 'running', forker: 'running', stubborn: 'running' });
    const grandchildren = await waitFor(async () => ((await pidsIn(childPids)).length === 2 ? pidsIn(childPids) : undefined), { message: 'both grandchildren' });
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
    // db, api, forker (shell and node), stubborn, 2 grandchildren, the daemon.
    expect(recorded.size).toBeGreaterThanOrEqual(8);

    const down = await runExpecting(p.dir, ['down'], 0);

    // Services are stopped when `down` returns: none may linger, not even for a moment.
    const lingering = [...recorded].filter(([pid, what]) => what !== 'daemon' && isPidAlive(pid));
    expect(lingering, `alive after down:\n${describeProcs(processesUnder(p.dir))}\n${printed(down)}`).toEqual([]);
    await waitFor(() => !isPidAlive(status.daemon.pid!), { timeoutMs: 5000, message: 'the daemon to exit after down' });
    expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
    for (const port of [pdb!, papi!, pforker!, pstubborn!]) expect(listenersOf(port), `port ${port} after down`).toEqual([]);
  });

  it('a service ignoring SIGTERM is SIGKILLed after its stop_timeout, on restart and on down', async () => {
    const [port] = await freePorts(1);
    const p = await project('stop-stubborn');
    await p.write('stack.yaml', stackYaml({ stubborn: ignoreSigtermService({ port, stopTimeout: '1s' }) }));
    await runExpecting(p.dir, ['up'], 0);
    const first = serviceIn(await statusJson(p.dir), 'stubborn').pid!;

    const restart = await runExpecting(p.dir, ['restart', 'stubborn'], 0);
    expect(isPidAlive(first), `the old process after restart\n${printed(restart)}`).toBe(false);
    const second = serviceIn(await statusJson(p.dir), 'stubborn');
    expect(second).toMatchObject({ state: 'running', health: 'healthy' });
    expect(listenersOf(port!), 'only the new process listens').toEqual([second.pid]);

    const down = await runExpecting(p.dir, ['down'], 0);
    expect(isPidAlive(second.pid!), `the second process after down\n${printed(down)}`).toBe(false);
    expect(describeProcs(processesUnder(p.dir))).toBe('(none)');

    // It was asked first (SIGTERM, which it logged and ignored), then killed.
    const log = await runExpecting(p.dir, ['logs', 'stubborn', '-n', '100'], 0);
    expect(log.stdout.match(/got SIGTERM, ignoring it/g) ?? [], printed(log)).toHaveLength(2);
    const events = await runExpecting(p.dir, ['events', 'stubborn'], 0);
    const killed = events.stdout.split('\n').filter((line) => /stopped pid \d+ \(SIGKILL after stop_timeout\)/.test(line));
    expect(killed, printed(events)).toHaveLength(2);
  });

  it('grandchildren that ignore SIGTERM die with their service on restart and down: no orphan is left', async () => {
    const [port] = await freePorts(1);
    const p = await project('stop-grandkids');
    const childPids = p.path('children.txt');
    await p.write('stack.yaml', stackYaml({ forker: forker(port!, childPids, { childIgnoreSigterm: true, stopTimeout: '1s' }) }));
    await runExpecting(p.dir, ['up'], 0);
    // Healthy once the first grandchild listens; the second may still be starting.
    const firstChildren = await waitFor(async () => ((await pidsIn(childPids)).length === 2 ? pidsIn(childPids) : undefined), { message: 'both grandchildren' });
    const firstTree = processesUnder(p.dir).filter((proc) => !isDaemonProcess(proc));
    expect(firstTree.length, describeProcs(firstTree)).toBe(4); // shell, node, 2 grandchildren

    const restart = await runExpecting(p.dir, ['restart', 'forker'], 0);
    const left = firstTree.filter((proc) => isPidAlive(proc.pid));
    expect(left, `alive after restart:\n${describeProcs(left)}\n${printed(restart)}`).toEqual([]);
    const secondChildren = await waitFor(
      async () => {
        const fresh = (await pidsIn(childPids)).filter((pid) => !firstChildren.includes(pid));
        return fresh.length === 2 ? fresh : undefined;
      },
      { message: 'both new grandchildren' },
    );
    await waitFor(() => listenersOf(port!).length === 1, { message: 'the new grandchild to listen' });
    expect(secondChildren, 'a new grandchild holds the port').toContain(listenersOf(port!)[0]);

    const down = await runExpecting(p.dir, ['down'], 0);
    expect(secondChildren.filter((pid) => isPidAlive(pid)), printed(down)).toEqual([]);
    await waitFor(() => processesUnder(p.dir).length === 0, { timeoutMs: 5000, message: 'nothing of the project left' }).catch(() => undefined);
    expect(describeProcs(processesUnder(p.dir)), printed(down)).toBe('(none)');
    expect(listenersOf(port!)).toEqual([]);
  });

  it('grandchildren that left the process group (setsid) are stopped too', async () => {
    const [port] = await freePorts(1);
    const p = await project('stop-setsid');
    const childPids = p.path('children.txt');
    await p.write('stack.yaml', stackYaml({ forker: forker(port!, childPids, { detachChildren: true }) }));
    await runExpecting(p.dir, ['up'], 0);
    const children = await waitFor(async () => ((await pidsIn(childPids)).length === 2 ? pidsIn(childPids) : undefined), { message: 'both grandchildren' });
    const tree = processesUnder(p.dir).filter((proc) => !isDaemonProcess(proc));
    expect(tree.length, describeProcs(tree)).toBe(4); // shell, node, 2 detached grandchildren

    const down = await runExpecting(p.dir, ['down'], 0);

    expect(children.filter((pid) => isPidAlive(pid)), `detached grandchildren alive after down\n${printed(down)}`).toEqual([]);
    expect(tree.filter((proc) => isPidAlive(proc.pid)), printed(down)).toEqual([]);
    expect(listenersOf(port!)).toEqual([]);
  });

  it('processes outside both the tree and the group (their parent exited; only their marker tells) are stopped by restart and by down', async () => {
    const [port] = await freePorts(1);
    const p = await project('stop-orphans');
    const pidsFile = p.path('orphans.txt');
    await p.write('stack.yaml', stackYaml({ forker: forkerService({ port, children: 2, orphanChildren: true, pidsFile }) }));
    await runExpecting(p.dir, ['up'], 0);
    const twoOrphans = async (from: number) => {
      const pids = await pidsIn(pidsFile);
      return pids.length === from + 2 ? pids.slice(from) : undefined;
    };
    const first = await waitFor(() => twoOrphans(0), { message: 'both orphans' });
    const root = serviceIn(await statusJson(p.dir), 'forker').pid!;
    for (const pid of first) {
      const { ppid, pgid } = parentAndGroup(pid);
      expect({ pid, parentIsRoot: ppid === root, inRootsGroup: pgid === root }).toEqual({ pid, parentIsRoot: false, inRootsGroup: false });
    }

    const restart = await runExpecting(p.dir, ['restart', 'forker'], 0);
    // The stop is over before the new run starts: none of the first run's processes is left.
    expect(first.filter((pid) => isPidAlive(pid)), printed(restart)).toEqual([]);
    const second = await waitFor(() => twoOrphans(2), { message: 'the new run\'s orphans' });
    expect(second.filter((pid) => isPidAlive(pid)), 'the new run\'s own are not stopped with the old').toEqual(second);

    const down = await runExpecting(p.dir, ['down'], 0);
    expect(second.filter((pid) => isPidAlive(pid)), printed(down)).toEqual([]);
    expect(listenersOf(port!)).toEqual([]);
  });
});
