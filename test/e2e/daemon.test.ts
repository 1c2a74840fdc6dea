// The supervisor daemon under `up --foreground` with Ctrl-C. (Two `up`s racing:
// test/faults/races.test.ts; a daemon killed mid-run or mid-up: test/faults/daemon-death.test.ts.)
import { describe, expect, it } from 'vitest';
import { startStack, stopStack, waitForOutput } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { describeProcs, isPidAlive, processesUnder, waitFor } from '../helpers/procs.js';
import { listenersOf, pidsOf, printed, statusJson, useProjects, type StatusJson } from './support.js';

const project = useProjects();

/** db (boots in `dbBootMs`) ← api, both run without a shell: one process per service, the one that listens. */
function twoServices(pdb: number, papi: number, dbBootMs = 300): string {
  return stackYaml({
    db: httpService({ port: pdb, name: 'db', bootMs: dbBootMs, argv: true }),
    api: { ...httpService({ port: papi, name: 'api', argv: true }), depends_on: ['db'] },
  });
}

async function allHealthy(dir: string): Promise<StatusJson | undefined> {
  const status = await statusJson(dir);
  return status.services.every((s) => s.state === 'running' && s.health === 'healthy') ? status : undefined;
}

describe('the daemon', () => {
  it('up --foreground: ready line, healthy services, Ctrl-C exits 0 and leaves nothing behind', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('daemon-foreground', { 'stack.yaml': twoServices(pdb!, papi!) });

    const foreground = startStack(p.dir, ['up', '--foreground']);
    let stopped = false;
    try {
      await waitForOutput(foreground, /\d+ services? ready\b/);

      const status = await waitFor(() => allHealthy(p.dir), { timeoutMs: 15_000, message: 'services to be healthy under --foreground' });
      const recorded = new Set<number>([...(Object.values(pidsOf(status)) as number[]), ...processesUnder(p.dir).map((proc) => proc.pid)]);
      expect(recorded.size).toBeGreaterThanOrEqual(3); // db, api, and the supervisor itself

      const result = await stopStack(foreground, { signal: 'SIGINT' });
      stopped = true;

      expect(result.code, printed(result)).toBe(0);
      const alive = [...recorded].filter((pid) => isPidAlive(pid));
      expect(alive, `alive after Ctrl-C:\n${describeProcs(processesUnder(p.dir))}\n${printed(result)}`).toEqual([]);
      expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
      expect(listenersOf(pdb!)).toEqual([]);
      expect(listenersOf(papi!)).toEqual([]);
    } finally {
      if (!stopped) await stopStack(foreground, { signal: 'SIGKILL' });
    }
  });

  it('up --foreground: Ctrl-C while services are still starting stops them too', async () => {
    const [pdb, papi] = await freePorts(2);
    // db takes 30 s to boot: Ctrl-C comes while it is starting and api waits for it.
    const p = await project('foreground-early', { 'stack.yaml': twoServices(pdb!, papi!, 30_000) });

    const foreground = startStack(p.dir, ['up', '--foreground']);
    let stopped = false;
    try {
      await waitForOutput(foreground, /db\s+starting/);
      const db = await waitFor(async () => (await statusJson(p.dir)).services.find((s) => s.name === 'db' && s.pid !== null), {
        timeoutMs: 10_000,
        message: 'db spawned',
      });

      const result = await stopStack(foreground, { signal: 'SIGINT' });
      stopped = true;

      expect(result.code, printed(result)).toBe(0);
      expect(isPidAlive(db!.pid!), 'db after Ctrl-C').toBe(false);
      expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
    } finally {
      if (!stopped) await stopStack(foreground, { signal: 'SIGKILL' });
    }
  });
});
