// The daemon's own faults: a corrupt state.json, a recorded pid that now belongs to
// another process. Nothing crashes, and nothing that stack did not start is signalled.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { isPidAlive, waitFor } from '../helpers/procs.js';
import { printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();
const strangers: ChildProcess[] = [];
afterEach(() => {
  for (const child of strangers.splice(0)) child.kill('SIGKILL');
});

async function killDaemon(dir: string): Promise<void> {
  const { daemon } = await statusJson(dir);
  process.kill(daemon.pid!, 'SIGKILL');
  await waitFor(() => !isPidAlive(daemon.pid!), { timeoutMs: 5000, message: 'daemon gone' });
}

describe('robustness', () => {
  it('a garbage state.json is moved aside with a warning; the next up works', async () => {
    const [port] = await freePorts(1);
    const p = await project('corrupt-state');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
    await runExpecting(p.dir, ['up'], 0);
    await runExpecting(p.dir, ['down'], 0);
    writeFileSync(p.path('.stack/state.json'), '{"version": 1, "services": {"api": {"identity": ');

    const up = await runExpecting(p.dir, ['up'], 0);

    expect(up.stderr, printed(up)).toMatch(/warning: .*state\.json was unreadable .*moved it to .*state\.json\.corrupt-\d+/);
    expect(readdirSync(p.path('.stack')).some((f) => f.startsWith('state.json.corrupt-'))).toBe(true);
    expect(serviceIn(await statusJson(p.dir), 'api')).toMatchObject({ state: 'running', health: 'healthy' });
  });

  it('a recorded pid that now belongs to another process (pid reuse) is never adopted nor signalled', async () => {
    const [port] = await freePorts(1);
    const p = await project('pid-reuse');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
    await runExpecting(p.dir, ['up'], 0);
    const api = serviceIn(await statusJson(p.dir), 'api');
    await killDaemon(p.dir);
    process.kill(api.pid!, 'SIGKILL');

    // Another program now has "the" pid on record: point state.json at a stranger with the
    // start time of the old process, as if the pid had been reused.
    const stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
    strangers.push(stranger);
    const state = JSON.parse(readFileSync(p.path('.stack/state.json'), 'utf8'));
    state.services.api.identity.pid = stranger.pid;
    writeFileSync(p.path('.stack/state.json'), JSON.stringify(state));

    const status = serviceIn(await statusJson(p.dir), 'api');
    expect(status.pid).not.toBe(stranger.pid);
    expect(status.state).not.toBe('running');
    await runExpecting(p.dir, ['down'], 0);
    expect(isPidAlive(stranger.pid!), 'the stranger must survive').toBe(true);
  });
});
