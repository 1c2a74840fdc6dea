// `stack up`: dependency order, partial ups, one-shot tasks, --no-wait, idempotence.
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { httpService, oneshotTask, orderLoggerService, readOrder, stackYaml } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/procs.js';
import { pidsOf, printed, runExpecting, serviceIn, statesOf, statusJson, useProjects } from './support.js';

const project = useProjects();

/** When each service of an order file started, and when it began listening. */
async function timeline(orderFile: string): Promise<{ started: Record<string, number[]>; listening: Record<string, number> }> {
  const started: Record<string, number[]> = {};
  const listening: Record<string, number> = {};
  for (const { name, at } of await readOrder(orderFile)) {
    if (name.endsWith(':listening')) listening[name.slice(0, -':listening'.length)] = at;
    else if (name.endsWith(':done')) listening[name] = at;
    else (started[name] ??= []).push(at);
  }
  return { started, listening };
}

describe('stack up', () => {
  it('starts a chain a → b → c only once each dependency is ready, and an independent d alongside', async () => {
    const [pa, pb, pc, pd] = await freePorts(4);
    const p = await project('dep-order');
    const order = p.path('order.txt');
    await p.write(
      'stack.yaml',
      stackYaml({
        a: orderLoggerService({ name: 'a', orderFile: order, port: pa, bootMs: 400, logListen: true }),
        b: orderLoggerService({ name: 'b', orderFile: order, port: pb, bootMs: 300, logListen: true, dependsOn: ['a'] }),
        c: orderLoggerService({ name: 'c', orderFile: order, port: pc, bootMs: 200, logListen: true, dependsOn: ['b'] }),
        d: orderLoggerService({ name: 'd', orderFile: order, port: pd, bootMs: 300, logListen: true }),
      }),
    );

    const up = await runExpecting(p.dir, ['up'], 0);

    const { started, listening } = await timeline(order);
    for (const name of ['a', 'b', 'c', 'd']) {
      expect(started[name], `${name} should have started exactly once; order file:\n${JSON.stringify(await readOrder(order))}`).toHaveLength(1);
      expect(listening[name], `${name} never listened`).toBeTypeOf('number');
      expect(up.stdout + up.stderr, printed(up)).toMatch(new RegExp(`\\b${name}\\s+healthy\\b`));
    }
    const deps: Array<[string, string]> = [
      ['b', 'a'],
      ['c', 'b'],
    ];
    for (const [dependent, dependency] of deps) {
      expect(
        started[dependent]![0],
        `${dependent} started at ${started[dependent]![0]}, before its dependency ${dependency} listened at ${listening[dependency]}`,
      ).toBeGreaterThanOrEqual(listening[dependency]!);
    }
    // d depends on nothing: it must not wait for the chain to finish.
    expect(started.d![0], 'independent d should start before the end of the chain (c)').toBeLessThan(started.c![0]!);

    const status = await statusJson(p.dir);
    expect(statesOf(status)).toEqual({ a: 'running', b: 'running', c: 'running', d: 'running' });
  });

  it('up b starts only b and its dependency a; c and d stay stopped', async () => {
    const [pa, pb, pc, pd] = await freePorts(4);
    const p = await project('up-subset');
    const order = p.path('order.txt');
    await p.write(
      'stack.yaml',
      stackYaml({
        a: orderLoggerService({ name: 'a', orderFile: order, port: pa, bootMs: 200 }),
        b: orderLoggerService({ name: 'b', orderFile: order, port: pb, dependsOn: ['a'] }),
        c: orderLoggerService({ name: 'c', orderFile: order, port: pc, dependsOn: ['b'] }),
        d: orderLoggerService({ name: 'd', orderFile: order, port: pd }),
      }),
    );

    await runExpecting(p.dir, ['up', 'b'], 0);

    const status = await statusJson(p.dir);
    expect(statesOf(status)).toEqual({ a: 'running', b: 'running', c: 'stopped', d: 'stopped' });
    expect(serviceIn(status, 'c').pid).toBeNull();
    expect(serviceIn(status, 'd').pid).toBeNull();
    expect((await readOrder(order)).map((o) => o.name).sort()).toEqual(['a', 'b']);
  });

  it('starts a service that depends on a one-shot task only after the task completed', async () => {
    const [papi] = await freePorts(1);
    const p = await project('task-completed');
    const order = p.path('order.txt');
    await p.write(
      'stack.yaml',
      stackYaml({
        migrate: oneshotTask({ name: 'migrate', delayMs: 500, orderFile: order, restart: 'no' }),
        api: { ...orderLoggerService({ name: 'api', orderFile: order, port: papi }), depends_on: { migrate: 'completed' } },
      }),
    );

    const up = await runExpecting(p.dir, ['up'], 0);

    const { started, listening } = await timeline(order);
    expect(listening['migrate:done'], `the task never finished:\n${printed(up)}`).toBeTypeOf('number');
    expect(started.api, `api never started:\n${printed(up)}`).toHaveLength(1);
    expect(started.api![0], 'api started before migrate completed').toBeGreaterThanOrEqual(listening['migrate:done']!);
    const status = await statusJson(p.dir);
    expect(serviceIn(status, 'api').state).toBe('running');
    expect(serviceIn(status, 'migrate').lastExit?.code).toBe(0);
  });

  it('up --no-wait returns 0 before the service is healthy; it becomes healthy later', async () => {
    const [port] = await freePorts(1);
    const p = await project('no-wait');
    const healthFile = p.path('health-status');
    await p.write(
      'stack.yaml',
      stackYaml({
        // Unhealthy (503) until the test writes 200 into healthFile: `up` cannot have waited for it.
        api: httpService({
          port: port!,
          healthStatus: 503,
          healthFile,
          health: { http: 'http://127.0.0.1:${PORT}/health', interval: '200ms', start_period: '60s' },
        }),
      }),
    );

    await runExpecting(p.dir, ['up', '--no-wait'], 0);

    const before = serviceIn(await statusJson(p.dir), 'api');
    expect(before.health).not.toBe('healthy');
    expect(['pending', 'starting']).toContain(before.state);

    await p.write('health-status', '200\n');
    const after = await waitFor(
      async () => {
        const api = serviceIn(await statusJson(p.dir), 'api');
        return api.state === 'running' && api.health === 'healthy' ? api : undefined;
      },
      { timeoutMs: 20_000, message: 'api to become running and healthy after --no-wait' },
    );
    expect(after.pid).toBeTypeOf('number');
  });

  it('up again when everything runs says "already running" and keeps every pid', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('up-idempotent');
    await p.write(
      'stack.yaml',
      stackYaml({
        db: httpService({ port: pdb!, name: 'db' }),
        api: { ...httpService({ port: papi!, name: 'api' }), depends_on: ['db'] },
      }),
    );
    await runExpecting(p.dir, ['up'], 0);
    const first = pidsOf(await statusJson(p.dir));

    const again = await runExpecting(p.dir, ['up'], 0);

    for (const name of ['db', 'api']) expect(again.stdout + again.stderr, printed(again)).toMatch(new RegExp(`\\b${name}\\s+already running`));
    expect(again.stdout, printed(again)).toContain('✔ both services were already running, nothing to do');
    expect(pidsOf(await statusJson(p.dir))).toEqual(first);
    expect(Object.values(first).every((pid) => typeof pid === 'number')).toBe(true);
  });
});
