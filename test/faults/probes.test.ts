// Fault: health checks that hang or come in storms. A /health that accepts the connection
// and never answers must time out (its `timeout`) and must not hold up other services'
// probes or any CLI command; thirty services probed every 200 ms must not make the daemon
// sluggish. Timeouts below are hang guards, never speed requirements.
import { describe, expect, it } from 'vitest';
import { runStack } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { fixtureScript, httpService, nodeArgv, stackYaml, type ServiceSpec } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/procs.js';
import { printed, runExpecting, serviceIn, useProjects, type StatusJson } from '../e2e/support.js';

const project = useProjects();

/** A CLI command must answer within this long while probes hang or storm: a hang guard. */
const HANG_GUARD_MS = 15_000;

/** A service whose GET /health is accepted and never answered. */
function hungService(port: number, health: Record<string, unknown>): ServiceSpec {
  return { command: nodeArgv(fixtureScript('hang-server')), port, health: { http: `http://127.0.0.1:${port}/health`, ...health } };
}

async function statusWithin(dir: string): Promise<StatusJson> {
  const result = await runStack(dir, ['status', '--json'], { timeoutMs: HANG_GUARD_MS });
  expect(result.timedOut, `status hung while probes were outstanding\n${printed(result)}`).toBe(false);
  expect(result.code, printed(result)).toBe(0);
  return JSON.parse(result.stdout) as StatusJson;
}

describe('hung and slow probes', () => {
  it('a /health that never answers times out, while other services become healthy and commands answer', async () => {
    const [plong, pshort, pfine] = await freePorts(3);
    const p = await project('probe-hang');
    await p.write(
      'stack.yaml',
      stackYaml({
        // Its probe waits a minute for an answer: it is outstanding for the whole test.
        forever: hungService(plong!, { timeout: '60s', interval: '200ms' }),
        // Its probe gives up after 300 ms; two failures in a row after 500 ms fail it.
        hung: hungService(pshort!, { timeout: '300ms', interval: '200ms', retries: 2, start_period: '500ms' }),
        fine: httpService({ port: pfine!, name: 'fine', argv: true }),
      }, { name: 'probe-hang' }),
    );
    await runExpecting(p.dir, ['up', '--no-wait', 'forever'], 0, { timeoutMs: HANG_GUARD_MS });
    await waitFor(async () => serviceIn(await statusWithin(p.dir), 'forever').pid !== null, { message: 'forever spawned' });

    const up = await runStack(p.dir, ['up', 'fine', 'hung'], { timeoutMs: 30_000 });

    expect(up.timedOut, printed(up)).toBe(false);
    expect(up.code, printed(up)).toBe(1);
    expect(up.stdout, printed(up)).toMatch(/fine\s+healthy/);
    expect(up.stderr, printed(up)).toMatch(/hung: health check failed 2 times in a row: timed out after 300ms/);
    const status = await statusWithin(p.dir);
    expect(serviceIn(status, 'fine'), JSON.stringify(status)).toMatchObject({ state: 'running', health: 'healthy' });
    expect(serviceIn(status, 'forever'), JSON.stringify(status)).toMatchObject({ state: 'starting', health: 'unknown' });
    // Other commands answer too while the probe hangs.
    const restart = await runStack(p.dir, ['restart', 'fine'], { timeoutMs: HANG_GUARD_MS });
    expect(restart.code, printed(restart)).toBe(0);
    const down = await runStack(p.dir, ['down'], { timeoutMs: HANG_GUARD_MS });
    expect(down.code, printed(down)).toBe(0);
  });

  it('a probe storm (30 services every 200 ms) leaves the daemon responsive and every service healthy', async () => {
    const [ptarget] = await freePorts(1);
    const p = await project('probe-storm');
    // Light services (`sleep`), heavy probing: half probe an HTTP server, half its TCP port.
    const services: Record<string, ServiceSpec> = { target: httpService({ port: ptarget!, name: 'target', argv: true }) };
    for (let i = 1; i <= 30; i++) {
      const health = i % 2 === 0 ? { http: `http://127.0.0.1:${ptarget}/health` } : { tcp: ptarget };
      services[`s${String(i).padStart(2, '0')}`] = { command: 'sleep 600', depends_on: ['target'], health: { ...health, interval: '200ms', timeout: '2s' } };
    }
    await p.write('stack.yaml', stackYaml(services));

    const up = await runStack(p.dir, ['up'], { timeoutMs: 60_000 });
    expect(up.code, printed(up)).toBe(0);

    // Keep asking while the storm goes on: each answer comes, and says every service is healthy.
    for (let round = 0; round < 8; round++) {
      const status = await statusWithin(p.dir);
      const unwell = status.services.filter((s) => s.state !== 'running' || s.health !== 'healthy');
      expect(unwell.map((s) => `${s.name}: ${s.state}/${s.health} ${s.healthDetail ?? ''}`)).toEqual([]);
      expect(status.services).toHaveLength(31);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const events = await runExpecting(p.dir, ['events', '--json'], 0, { timeoutMs: HANG_GUARD_MS });
    expect(events.stdout, 'no service ever turned unhealthy').not.toMatch(/"health":"unhealthy"/);
  });
});
