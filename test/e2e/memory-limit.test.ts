// memory_limit: a service whose process tree stays over its limit is restarted through the
// restart policy, `stack events` says why with both figures, and status shows the memory of
// the whole tree (a child's too) against the limit.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureScript, nodeArgv, stackYaml } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/procs.js';
import { printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();
const MB = 1024 ** 2;

/** Resident bytes of one process, as the kernel counts them (VmRSS in /proc/<pid>/status). */
function rssOf(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

describe('memory_limit', () => {
  it('a service that keeps growing past its limit is restarted, and events say why with both figures; a crash loop from it is a crash loop', async () => {
    const p = await project('memory-leak');
    await p.write(
      'stack.yaml',
      stackYaml({
        leak: {
          command: nodeArgv(fixtureScript('memory')),
          env: { GROW_MB: '20', GROW_EVERY_MS: '50' },
          memory_limit: '150MB',
          health: { interval: '200ms' },
        },
      }),
    );
    await runExpecting(p.dir, ['up'], 0);
    await waitFor(async () => serviceIn(await statusJson(p.dir), 'leak').restarts >= 1, { timeoutMs: 30_000, message: 'leak restarted' });

    const events = await runExpecting(p.dir, ['events', 'leak'], 0);
    expect(events.stdout, printed(events)).toMatch(/leak\s+memory \d+ MB over limit 150 MB \(two samples in a row\): stopping it/);
    expect(events.stdout).toMatch(/leak\s+restart #1 begins: memory \d+ MB over limit 150 MB/);
    const over = Number(/memory (\d+) MB over limit/.exec(events.stdout)?.[1]);
    expect(over).toBeGreaterThan(150);

    await waitFor(async () => serviceIn(await statusJson(p.dir), 'leak').state === 'crashloop', { timeoutMs: 90_000, message: 'leak in a crash loop' });
    const status = serviceIn(await statusJson(p.dir), 'leak');
    expect(status.lastExit?.reason).toMatch(/^memory \d+ MB over limit 150 MB$/);
    expect(status.memoryLimit).toBe(150 * MB);
    const after = await runExpecting(p.dir, ['events', 'leak', '-n', '3'], 0);
    expect(after.stdout, printed(after)).toMatch(/crash loop: gave up after 5 restarts: memory \d+ MB over limit 150 MB/);
  });

  it('status shows the memory of the whole tree, a child holding memory included, and the limit', async () => {
    const p = await project('memory-tree');
    await p.write(
      'stack.yaml',
      stackYaml({
        holder: { command: nodeArgv(fixtureScript('memory')), env: { CHILD_MB: '64' }, memory_limit: '1GB' },
      }),
    );
    await runExpecting(p.dir, ['up'], 0);
    await waitFor(async () => {
      const s = serviceIn(await statusJson(p.dir), 'holder');
      // The child's 64 MB count: the tree holds that much more than the service's own process.
      return s.pid !== null && s.memory !== null && s.memory - rssOf(s.pid) >= 64 * MB;
    }, { timeoutMs: 20_000, message: "the child's memory in the service's" });
    const s = serviceIn(await statusJson(p.dir), 'holder');
    expect(s.memoryLimit).toBe(1024 * MB);
    expect(s.restarts).toBe(0);
    const table = await runExpecting(p.dir, ['status'], 0);
    expect(table.stdout, printed(table)).toMatch(/holder\s+running.*\d+ MB \/ 1\.0 GB/);
  });
});
