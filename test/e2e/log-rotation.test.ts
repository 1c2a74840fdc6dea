// A service that floods its log: the daemon rotates it (logs: max_size, keep) and the
// files stay within the cap.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeArgv, SERVICES_DIR, stackYaml } from '../helpers/fixtures.js';
import { runStack } from '../helpers/cli.js';
import { waitFor } from '../helpers/procs.js';
import { printed, runExpecting, useProjects } from './support.js';

const project = useProjects();

describe('log rotation', () => {
  it('rotates a flooding service log into <svc>.log.1 … .keep and drops older ones', async () => {
    const p = await project('log-rotation');
    await p.write(
      'stack.yaml',
      stackYaml(
        { flood: { command: nodeArgv(`${SERVICES_DIR}/flood.js`), env: { FLOOD_KB: '64', FLOOD_TICKS: '40' } } },
        { logs: { max_size: '64KB', keep: 2 } },
      ),
    );
    await runExpecting(p.dir, ['up'], 0);
    const logs = p.path('.stack/logs');
    await waitFor(() => existsSync(`${logs}/flood.log.2`), { timeoutMs: 20_000, message: 'flood.log.2 written by rotation' });
    // Rotation renames files: look at them once the flood is over, not mid-rotation.
    await waitFor(async () => (await runStack(p.dir, ['logs', 'flood', '-n', '1'])).stdout.includes('flood done'), {
      timeoutMs: 20_000,
      message: 'the flood over',
    });
    await waitFor(() => existsSync(`${logs}/flood.log.1`) && existsSync(`${logs}/flood.log.2`), { timeoutMs: 5_000, message: 'rotation settled' });

    const files = readdirSync(logs).filter((f) => f.startsWith('flood.log'));
    expect(files.sort()).toEqual(['flood.log', 'flood.log.1', 'flood.log.2']);
    const events = await runExpecting(p.dir, ['events', 'flood', '--json'], 0);
    expect(events.stdout, printed(events)).toMatch(/"type":"log-rotated"/);
    // Each rotated file is one rotation's worth, within the cap (a flood's excess is dropped: test/faults/log-flood.test.ts).
    for (const f of ['flood.log.1', 'flood.log.2']) {
      expect(statSync(`${logs}/${f}`).size).toBeGreaterThan(32 * 1024);
      expect(statSync(`${logs}/${f}`).size).toBeLessThanOrEqual(64 * 1024);
    }
    const tail = await runExpecting(p.dir, ['logs', 'flood', '-n', '1'], 0);
    expect(tail.stdout).toMatch(/flood \| flood done/);
  });
});
