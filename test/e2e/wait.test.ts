// `stack wait`: blocks until services are healthy / running / completed / stopped, and
// fails at once (exit 1, with the reason) when one can no longer get there.
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { crashService, httpService, oneshotTask, stackYaml } from '../helpers/fixtures.js';
import { printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();

describe('stack wait', () => {
  it('returns once api is healthy after `up --no-wait`', async () => {
    const [port] = await freePorts(1);
    const p = await project('wait-healthy');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, bootMs: 600 }) }));
    await runExpecting(p.dir, ['up', '--no-wait'], 0);

    const wait = await runExpecting(p.dir, ['wait', 'api'], 0);

    expect(wait.stdout, printed(wait)).toMatch(/✔ api\s+healthy \(pid \d+\)/);
    const api = serviceIn(await statusJson(p.dir), 'api');
    expect([api.state, api.health]).toEqual(['running', 'healthy']);
  });

  it('exits 1 with the crash line when a service crashes under restart: no', async () => {
    const p = await project('wait-crash');
    // It crashes 100 ms in, well before a process counts as up (PROCESS_SETTLE_MS, 500 ms), even when node is slow to start.
    await p.write('stack.yaml', stackYaml({ broken: crashService({ module: 'left-pad', delayMs: 100, restart: 'no' }) }));
    const up = await runExpecting(p.dir, ['up', '--no-wait'], 0);
    // It says what it started, not "nothing to do".
    expect(up.stdout, printed(up)).toMatch(/broken\s+starting/);
    expect(up.stdout, printed(up)).toContain('✔ 1 service starting in the background');

    const wait = await runExpecting(p.dir, ['wait', 'broken'], 1);

    expect(wait.stderr, printed(wait)).toMatch(/broken will not be healthy: it exited with code 1: Error: Cannot find module 'left-pad'/);
  });

  it('keeps waiting through retried crashes and exits 1 naming the crash loop', async () => {
    const p = await project('wait-crashloop');
    await p.write('stack.yaml', stackYaml({ broken: crashService({ module: 'left-pad' }) }));
    await runExpecting(p.dir, ['up', '--no-wait'], 0);

    const wait = await runExpecting(p.dir, ['wait', 'broken'], 1, { timeoutMs: 60_000 });

    expect(wait.stderr, printed(wait)).toMatch(/broken will not be healthy: it is in a crash loop.*Cannot find module 'left-pad'/);
    expect(serviceIn(await statusJson(p.dir), 'broken').state).toBe('crashloop');
  }, 90_000);

  it('--timeout names the service that is not there yet and its last probe result', async () => {
    const [port] = await freePorts(1);
    const p = await project('wait-timeout');
    await p.write('stack.yaml', stackYaml({ slow: httpService({ port: port!, bootMs: 30_000 }) }));
    await runExpecting(p.dir, ['up', '--no-wait'], 0);

    const wait = await runExpecting(p.dir, ['wait', 'slow', '--timeout', '1s'], 1);

    expect(wait.stderr, printed(wait)).toMatch(/slow is not healthy yet after 1(\.0)?s: it is starting \(last check: .+\)/);
  });

  it('--for stopped returns after down, and at once without a daemon; other conditions fail at once then', async () => {
    const [port] = await freePorts(1);
    const p = await project('wait-stopped');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port! }) }));
    await runExpecting(p.dir, ['up'], 0);
    await runExpecting(p.dir, ['down', 'api'], 0);
    await runExpecting(p.dir, ['wait', '--for', 'stopped'], 0);
    await runExpecting(p.dir, ['down'], 0);

    await runExpecting(p.dir, ['wait', 'api', '--for', 'stopped'], 0);
    const healthy = await runExpecting(p.dir, ['wait', 'api'], 1);
    expect(healthy.stderr, printed(healthy)).toMatch(/api cannot become healthy: nothing runs/);
    expect(healthy.stderr, printed(healthy)).toMatch(/hint: start it first: stack up$/m);
  });

  it('--for completed waits for a one-shot job; --json gives one result per service', async () => {
    const [port] = await freePorts(1);
    const p = await project('wait-json');
    await p.write('stack.yaml', stackYaml({ migrate: oneshotTask({ delayMs: 300 }), api: httpService({ port: port! }) }));
    await runExpecting(p.dir, ['up', '--no-wait'], 0);
    await runExpecting(p.dir, ['wait', 'migrate', '--for', 'completed'], 0);
    await runExpecting(p.dir, ['wait', 'api'], 0);

    const wait = await runExpecting(p.dir, ['wait', 'api', 'migrate', '--for', 'running', '--json'], 1);

    const result = JSON.parse(wait.stdout) as { ok: boolean; for: string; services: Array<Record<string, unknown>> };
    expect(result).toMatchObject({ ok: false, for: 'running' });
    const [api, migrate] = result.services;
    expect(api).toMatchObject({ name: 'api', state: 'running', health: 'healthy', ok: true, reason: null });
    expect(api!.pid).toBeTypeOf('number');
    expect(migrate).toMatchObject({ name: 'migrate', state: 'exited', pid: null, ok: false });
    expect(migrate!.reason).toMatch(/completed/);
  });

  it('usage errors exit 2 with a sentence', async () => {
    const [port] = await freePorts(1);
    const p = await project('wait-usage');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port! }) }));
    const unknown = await runExpecting(p.dir, ['wait', 'apu'], 2);
    expect(unknown.stderr, printed(unknown)).toMatch(/No service named apu \(did you mean api\?\)/);
    const badFor = await runExpecting(p.dir, ['wait', 'api', '--for', 'ready'], 2);
    expect(badFor.stderr, printed(badFor)).toMatch(/Allowed choices are healthy, running, completed, stopped/);
    const badTimeout = await runExpecting(p.dir, ['wait', 'api', '--timeout', '5'], 2);
    expect(badTimeout.stderr, printed(badTimeout)).toMatch(/--timeout/);
    const server = await runExpecting(p.dir, ['wait', 'api', '--for', 'completed'], 2);
    expect(server.stderr, printed(server)).toMatch(/api is a server/);
  });
});
