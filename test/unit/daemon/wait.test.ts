// The daemon's side of `stack wait` with stand-in services: it answers when all are there,
// at the first that can no longer get there, or at the timeout, and says who was where.
import { describe, expect, it } from 'vitest';
import type { ServiceProgress } from '../../../src/protocol/messages.js';
import type { WaitCondition } from '../../../src/protocol/wait.js';
import { decideWait, type WaitView } from '../../../src/protocol/wait-decision.js';
import { RunWaiters } from '../../../src/daemon/service/run.js';
import type { ServiceRuntime } from '../../../src/daemon/service/service.js';
import { waitForServices } from '../../../src/daemon/wait.js';

/** What waitForServices uses of a service, with a setter that notifies its waiters like a transition does. */
function standIn(name: string, facts: Partial<WaitView>, healthDetail: string | null = null) {
  const waiters = new RunWaiters();
  let view: WaitView = { state: 'starting', health: 'unknown', pid: 7, lastExit: null, restartPending: false, job: false, ...facts };
  const service = {
    name,
    get state() {
      return view.state;
    },
    get identity() {
      return view.pid === null ? null : { pid: view.pid, startedAt: 0 };
    },
    healthDetail,
    waitView: () => view,
    waitUntil: (condition: WaitCondition, signal?: AbortSignal) => waiters.until(() => decideWait(view, condition), signal),
  };
  const set = (change: Partial<WaitView>): void => {
    view = { ...view, ...change };
    waiters.notify();
  };
  return { service: service as unknown as ServiceRuntime, set };
}

const crash = { code: 1, signal: null, at: '2026-12-01T10:00:00.000Z', reason: 'Error: boom' };

describe('waitForServices', () => {
  it('answers once every service is healthy, with a progress line for each', async () => {
    const api = standIn('api', {});
    const db = standIn('db', { state: 'running', health: 'healthy' });
    const events: ServiceProgress[] = [];
    const waiting = waitForServices(new Map([['api', api.service], ['db', db.service]]), { services: ['api', 'db'], for: 'healthy' }, (e) => events.push(e));
    api.set({ state: 'running', health: 'healthy' });
    const done = await waiting;
    expect(done).toMatchObject({ ok: true, timedOut: false });
    expect(done.results.map((r) => [r.name, r.ok, r.pid])).toEqual([['api', true, 7], ['db', true, 7]]);
    expect(events.map((e) => [e.service, e.phase]).sort()).toEqual([['api', 'healthy'], ['db', 'healthy']]);
  });

  it('answers at the first service that can no longer get there; the others are "not yet"', async () => {
    const api = standIn('api', {}, 'connection refused');
    const worker = standIn('worker', {});
    const waiting = waitForServices(new Map([['api', api.service], ['worker', worker.service]]), { services: ['api', 'worker'], for: 'healthy' }, () => undefined);
    worker.set({ state: 'exited', pid: null, lastExit: crash });
    const done = await waiting;
    expect(done.ok).toBe(false);
    expect(done.results[1]).toMatchObject({ name: 'worker', ok: false, state: 'exited', reason: expect.stringMatching(/exited with code 1: Error: boom/) });
    expect(done.results[0]).toMatchObject({ name: 'api', ok: false, reason: 'not healthy yet when the wait ended: it is starting (last check: connection refused)' });
  });

  it('gives up at the timeout, naming the state and the last check', async () => {
    const api = standIn('api', {}, 'HTTP 503 in 2ms');
    const done = await waitForServices(new Map([['api', api.service]]), { services: ['api'], for: 'healthy', timeoutMs: 20 }, () => undefined);
    expect(done).toMatchObject({ ok: false, timedOut: true });
    expect(done.results[0]!.reason).toMatch(/^not healthy yet after 20ms: it is starting \(last check: HTTP 503 in 2ms\)$/);
  });

  it('counts a service it does not supervise as stopped', async () => {
    const stopped = await waitForServices(new Map(), { services: ['new'], for: 'stopped' }, () => undefined);
    expect(stopped.results).toEqual([{ name: 'new', state: 'stopped', health: 'unknown', pid: null, ok: true, reason: null }]);
    const healthy = await waitForServices(new Map(), { services: ['new'], for: 'healthy' }, () => undefined);
    expect(healthy.results[0]).toMatchObject({ ok: false, reason: 'it is not running' });
  });
});
