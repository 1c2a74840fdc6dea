// A process stack did not start holds a declared port (started by hand, an IDE, PM2):
// status shows it for what it is, up refuses to fight it, and nothing of stack kills it.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { fixtureScript, httpService, stackYaml } from '../helpers/fixtures.js';
import { isPidAlive, waitFor } from '../helpers/procs.js';
import { httpGet, printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/** An HTTP server started by hand, the way a developer would in another terminal. */
async function startByHand(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [fixtureScript('http-server')], {
    env: { ...process.env, PORT: String(port), NAME: 'by-hand' },
    stdio: 'ignore',
  });
  started.push(child);
  await waitFor(() => httpGet(port, '/health').then((r) => r.status === 200), { timeoutMs: 10_000, message: 'hand-started server answering' });
  return child;
}

describe('foreign processes', () => {
  it('status shows the process on a declared port as foreign, with its pid and command; up names it and leaves it alone', async () => {
    const [port] = await freePorts(1);
    const p = await project('foreign-port');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
    const byHand = await startByHand(port!);

    const before = serviceIn(await statusJson(p.dir), 'api');
    expect(before).toMatchObject({ managedBy: 'foreign', pid: byHand.pid, state: 'running', listening: [port] });
    expect(Date.parse(before.startedAt!)).toBeGreaterThan(Date.now() - 60_000);

    const up = await runExpecting(p.dir, ['up'], 1);
    const output = printed(up);
    expect(output).toMatch(new RegExp(`port ${port} is already in use by pid ${byHand.pid}`));
    expect(output).toMatch(/http-server\.js/);
    expect(output).toMatch(new RegExp(`kill ${byHand.pid}`));

    await runExpecting(p.dir, ['down'], 0);
    expect(isPidAlive(byHand.pid!), 'stack must never kill a process it did not start').toBe(true);
    expect((await httpGet(port!, '/health')).status).toBe(200);
  });
});
