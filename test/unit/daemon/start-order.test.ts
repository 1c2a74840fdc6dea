import { describe, expect, it } from 'vitest';
import { StartOrder } from '../../../src/daemon/start-order.js';
import type { ServiceRuntime } from '../../../src/daemon/service/service.js';

/** Just what the start order looks at of a service. */
interface FakeService {
  name: string;
  state: string;
  identity: { pid: number } | null;
  config: { dependsOn: Record<string, 'healthy'> };
  run: { id: number };
  ready: boolean;
  emitted: { phase: string; detail?: string }[];
  recorded: Record<string, unknown>[];
}

function fakes(spec: Record<string, string[]>): Map<string, FakeService> {
  const services = new Map<string, FakeService>();
  for (const [name, deps] of Object.entries(spec)) {
    const s: FakeService & Record<string, unknown> = {
      name,
      state: 'pending',
      identity: null,
      config: { dependsOn: Object.fromEntries(deps.map((d) => [d, 'healthy' as const])) },
      run: { id: 1 },
      ready: false,
      emitted: [],
      recorded: [],
    };
    s.decide = () => (services.get(name)!.ready ? { ok: true } : null);
    s.emit = (phase: string, extra: { detail?: string }) => s.emitted.push({ phase, ...extra });
    s.record = (type: string, fields: Record<string, unknown>) => s.recorded.push({ type, ...fields });
    services.set(name, s);
  }
  return services;
}

const asRuntimes = (m: Map<string, FakeService>) => m as unknown as ReadonlyMap<string, ServiceRuntime>;

/** db → api, and docs on its own: docs has the chain's time to spare. */
function setup(cpu: (pid: number) => number | null, boots: Record<string, number> = { db: 400, api: 400, docs: 100 }) {
  const services = fakes({ db: [], api: ['db'], docs: [] });
  const order = new StartOrder(cpu);
  for (const [name, ms] of Object.entries(boots)) order.remember(name, ms);
  const plan = order.plan(asRuntimes(services), ['db', 'api', 'docs']);
  return { services, order, plan, docs: services.get('docs')!, db: services.get('db')! };
}

describe('StartOrder', () => {
  it('without a boot time for every service, nothing is held', async () => {
    const services = fakes({ db: [], docs: [] });
    const order = new StartOrder(() => 1);
    order.remember('db', 400);
    await order.plan(asRuntimes(services), ['db', 'docs']).hold(services.get('docs') as unknown as ServiceRuntime);
    expect(services.get('docs')!.emitted).toEqual([]);
  });

  it('where no process CPU can be read, nothing is held', async () => {
    const { plan, docs } = setup(() => null);
    await plan.hold(docs as unknown as ServiceRuntime);
    expect(docs.emitted).toEqual([]);
  });

  it('holds a service with slack while the critical one launches and works, and lets it go once that one is quiet', async () => {
    let cpu = 0;
    const { plan, docs, db, order } = setup(() => cpu);
    const held = plan.hold(docs as unknown as ServiceRuntime);
    expect(docs.emitted).toEqual([{ phase: 'deferred', detail: expect.stringMatching(/^db \(critical path\) starts first: this one has 700ms to spare, so it starts once db is past the start, at the latest in 350ms$/) }]);
    expect(order.heldNote('docs')).toMatch(/^held back while db \(critical path\) starts; starts by \d\d:\d\d:\d\d$/);
    db.state = 'starting';
    db.identity = { pid: 4242 };
    // Working: its main thread runs for as long as we look…
    const working = setInterval(() => (cpu += 10), 2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(order.heldNote('docs')).not.toBeNull();
    // …then it sleeps.
    clearInterval(working);
    await held;
    expect(docs.recorded).toEqual([expect.objectContaining({ type: 'held', behind: ['db'], until: 'critical started' })]);
    expect(order.heldNote('docs')).toBeNull();
  });

  it('never holds for more than half the slack, however busy the critical service stays', async () => {
    let cpu = 0;
    const { plan, docs, db } = setup(() => (cpu += 50), { db: 100, api: 100, docs: 0 });
    db.state = 'starting';
    db.identity = { pid: 4242 };
    await plan.hold(docs as unknown as ServiceRuntime);
    expect(docs.recorded).toEqual([expect.objectContaining({ type: 'held', slackMs: 200, until: 'at most half its slack' })]);
  });

  it('a stack down (its state changes) ends the hold', async () => {
    const { plan, docs } = setup(() => 0);
    const held = plan.hold(docs as unknown as ServiceRuntime);
    docs.state = 'stopped';
    await held;
    expect(docs.recorded).toEqual([expect.objectContaining({ until: 'its state changed' })]);
  });

  it('a critical process that sleeps, and one still waiting for its dependencies, let it go once seen quiet', async () => {
    const { plan, docs, db } = setup(() => 7);
    db.state = 'starting';
    db.identity = { pid: 4242 };
    await plan.hold(docs as unknown as ServiceRuntime);
    expect(docs.recorded).toEqual([expect.objectContaining({ behind: ['db'], until: 'critical started' })]);
  });

  it('the critical services themselves are never held', async () => {
    const { plan, services } = setup(() => 0);
    const db = services.get('db')!;
    await plan.hold(db as unknown as ServiceRuntime);
    expect(db.emitted).toEqual([]);
  });
});
