// `stack wait`'s decision, condition by condition: there (ok), never (the reason), or not yet (null).
import { describe, expect, it } from 'vitest';
import type { WaitCondition } from '../../../src/protocol/wait.js';
import { decideWait, type WaitView } from '../../../src/protocol/wait-decision.js';

const crash = { code: 1, signal: null, at: '2026-12-01T10:00:00.000Z', reason: "Error: Cannot find module 'x'" };
const clean = { ...crash, code: 0, reason: null };
const view = (facts: Partial<WaitView>): WaitView => ({ state: 'stopped', health: 'unknown', pid: null, lastExit: null, restartPending: false, job: false, ...facts });

const booting = view({ state: 'starting', pid: 10 });
const healthy = view({ state: 'running', health: 'healthy', pid: 10 });
const unhealthy = view({ state: 'running', health: 'unhealthy', pid: 10 });
const pending = view({ state: 'pending' });
const stopping = view({ state: 'stopping', pid: 10 });
const stopped = view({ state: 'stopped' });
const crashed = view({ state: 'exited', lastExit: crash });
const retrying = view({ state: 'exited', lastExit: crash, restartPending: true });
const looping = view({ state: 'crashloop', lastExit: crash });
const completed = view({ state: 'exited', lastExit: clean, job: true });
const failedStart = view({ state: 'exited', lastExit: { code: null, signal: null, at: crash.at, reason: 'port 4000 is already in use' } });

const OK = 'ok';
const WAIT = 'wait';
type Expected = typeof OK | typeof WAIT | RegExp;

const table: Array<[string, WaitView, Record<WaitCondition, Expected>]> = [
  ['booting', booting, { healthy: WAIT, running: OK, completed: /server, not a one-shot job/, stopped: WAIT }],
  ['healthy', healthy, { healthy: OK, running: OK, completed: /server/, stopped: WAIT }],
  ['unhealthy (the policy may restart it, or it may recover)', unhealthy, { healthy: WAIT, running: OK, completed: /server/, stopped: WAIT }],
  ['pending', pending, { healthy: WAIT, running: WAIT, completed: /server/, stopped: WAIT }],
  ['stopping', stopping, { healthy: WAIT, running: WAIT, completed: /server/, stopped: WAIT }],
  ['stopped', stopped, { healthy: /not running/, running: /not running/, completed: /server/, stopped: OK }],
  ['crashed under restart: no', crashed, { healthy: /exited with code 1: Error: Cannot find module 'x', and its restart policy/, running: /exited with code 1/, completed: /server/, stopped: OK }],
  ['crashed, a restart due', retrying, { healthy: WAIT, running: WAIT, completed: /server/, stopped: WAIT }],
  ['in a crash loop', looping, { healthy: /crash loop.*Cannot find module 'x'/, running: /crash loop/, completed: /server/, stopped: OK }],
  ['a job that completed', completed, { healthy: /completed .*--for completed/, running: /completed/, completed: OK, stopped: OK }],
  ['a start that never ran', failedStart, { healthy: /failed to start: port 4000 is already in use/, running: /failed to start/, completed: /server/, stopped: OK }],
];

describe('decideWait', () => {
  for (const [what, facts, expected] of table) {
    for (const [condition, outcome] of Object.entries(expected) as Array<[WaitCondition, Expected]>) {
      it(`${what}, --for ${condition}: ${outcome instanceof RegExp ? `fails (${outcome.source})` : outcome}`, () => {
        const decision = decideWait(facts, condition);
        if (outcome === OK) expect(decision).toEqual({ ok: true });
        else if (outcome === WAIT) expect(decision).toBeNull();
        else {
          expect(decision?.ok).toBe(false);
          expect(decision && !decision.ok ? decision.reason : '').toMatch(outcome);
        }
      });
    }
  }

  it('a job still running is not completed yet', () => {
    expect(decideWait(view({ state: 'running', health: 'healthy', pid: 3, job: true }), 'completed')).toBeNull();
  });
  it('a job that exited 1 will not complete', () => {
    expect(decideWait(view({ state: 'exited', lastExit: crash, job: true }), 'completed')).toMatchObject({ ok: false, reason: /exited with code 1/ });
  });
});
