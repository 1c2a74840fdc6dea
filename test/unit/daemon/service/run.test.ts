import { describe, expect, it } from 'vitest';
import { decide, newRun, RunWaiters, type Decision, type RunFacts } from '../../../../src/daemon/service/run.js';

/** A server (a port or a health check), and a one-shot job (src/config/job.ts). */
const http = false;
const alive = true;
const exit = (code: number | null, signal: string | null = null) => ({ code, signal, at: 0 });
const run = (facts: Partial<RunFacts>): RunFacts => ({ ...newRun(1), ...facts });
/** Words an exit the way the service does: "<exit><when>: <reason>". */
const words =
  (exitText: string, reason?: string) =>
  (when: string): string =>
    `${exitText}${when}${reason ? `: ${reason}` : ''}`;

describe('decide', () => {
  it('waits while nothing is known', () => {
    expect(decide(newRun(1), 'healthy', http, words('exited'))).toBeNull();
    expect(decide(newRun(1), 'started', http, words('exited'))).toBeNull();
    expect(decide(newRun(1), 'completed', http, words('exited'))).toBeNull();
  });

  it('a run a restart replaced decides nothing, whatever happened to it: waiters wait for the next run', () => {
    const replaced = run({ spawned: true, exit: exit(null, 'SIGTERM'), failure: 'stopped before it was ready', replaced: true });
    for (const condition of ['started', 'healthy', 'completed'] as const) {
      expect(decide(replaced, condition, http, words('killed by SIGTERM'))).toBeNull();
    }
  });

  it('"started" holds once the process is spawned, "healthy" only once a probe passed', () => {
    const spawned = run({ spawned: true });
    expect(decide(spawned, 'started', http, words(''))).toEqual({ ok: true });
    expect(decide(spawned, 'healthy', http, words(''))).toBeNull();
    expect(decide(run({ spawned: true, ready: true }), 'healthy', http, words(''))).toEqual({ ok: true });
  });

  it('an exit before ready fails "healthy" with the exit reason', () => {
    const crashed = run({ spawned: true, exit: exit(1) });
    expect(decide(crashed, 'healthy', http, words('exited with code 1', "Error: Cannot find module 'x'"))).toEqual({
      ok: false,
      reason: "exited with code 1 before it was healthy: Error: Cannot find module 'x'",
    });
  });

  it('a recorded failure (build, spawn, never healthy) fails every condition', () => {
    const failed = run({ failure: 'build failed (exited with code 2)' });
    for (const condition of ['started', 'healthy', 'completed'] as const) {
      expect(decide(failed, condition, http, words(''))).toEqual({ ok: false, reason: 'build failed (exited with code 2)' });
    }
  });

  it('"completed" needs exit code 0', () => {
    expect(decide(run({ spawned: true }), 'completed', alive, words(''))).toBeNull();
    expect(decide(run({ spawned: true, ready: true }), 'completed', alive, words(''))).toBeNull();
    expect(decide(run({ spawned: true, exit: exit(0) }), 'completed', http, words(''))).toEqual({ ok: true });
    expect(decide(run({ spawned: true, exit: exit(3) }), 'completed', alive, words('exited with code 3'))).toEqual({
      ok: false,
      reason: 'exited with code 3',
    });
  });

  it('a one-shot task without health that exits 0 counts as done; a server that exits 0 does not', () => {
    const finished = run({ spawned: true, exit: exit(0) });
    expect(decide(finished, 'healthy', alive, words('exited with code 0'))).toEqual({ ok: true });
    expect(decide(finished, 'healthy', http, words('exited with code 0'))).toEqual({
      ok: false,
      reason: 'exited with code 0 before it was healthy',
    });
  });
});

describe('RunWaiters.until', () => {
  it('resolves with the decision once a notify makes one', async () => {
    const waiters = new RunWaiters();
    let decision: Decision = null;
    const waiting = waiters.until(() => decision);
    decision = { ok: true };
    waiters.notify();
    await expect(waiting).resolves.toEqual({ ok: true });
  });

  it('resolves null once its signal aborts, and is no longer asked', async () => {
    const waiters = new RunWaiters();
    const controller = new AbortController();
    let asked = 0;
    const waiting = waiters.until(() => (asked++, null), controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeNull();
    const before = asked;
    waiters.notify();
    expect(asked).toBe(before);
  });
});
