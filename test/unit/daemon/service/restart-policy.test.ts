import { describe, expect, it } from 'vitest';
import {
  BACKOFF_MAX_MS,
  CRASHLOOP_RESTARTS,
  CRASHLOOP_WINDOW_MS,
  STABLE_RUN_MS,
  decideRestart,
  emptyHistory,
  wantsRestart,
  type RestartDecision,
  type RestartHistory,
} from '../../../../src/daemon/service/restart-policy.js';

const crash = { kind: 'exit', code: 1, signal: null, job: false } as const;
const clean = { kind: 'exit', code: 0, signal: null, job: true } as const;
const serverExit0 = { kind: 'exit', code: 0, signal: null, job: false } as const;
const killed = { kind: 'exit', code: null, signal: 'SIGKILL', job: false } as const;
const unhealthy = { kind: 'unhealthy' } as const;

describe('wantsRestart', () => {
  it('follows the policy: always, on-failure (not after exit 0), no', () => {
    expect(wantsRestart('always', clean)).toBe(true);
    expect(wantsRestart('on-failure', clean)).toBe(false);
    // A server that exits 0 (redis-cli shutdown) went down: on-failure brings it back, no leaves it down.
    expect(wantsRestart('on-failure', serverExit0)).toBe(true);
    expect(wantsRestart('no', serverExit0)).toBe(false);
    expect(wantsRestart('on-failure', crash)).toBe(true);
    expect(wantsRestart('on-failure', killed)).toBe(true);
    expect(wantsRestart('on-failure', unhealthy)).toBe(true);
    expect(wantsRestart('no', crash)).toBe(false);
    expect(wantsRestart('no', unhealthy)).toBe(false);
    // Over memory_limit stack stopped it: a failure like a crash.
    expect(wantsRestart('on-failure', { kind: 'memory' })).toBe(true);
    expect(wantsRestart('always', { kind: 'memory' })).toBe(true);
    expect(wantsRestart('no', { kind: 'memory' })).toBe(false);
  });
});

/** Fail `times` times in a row, each run lasting `ranForMs`, `gapMs` apart. */
function failRepeatedly(times: number, ranForMs: number, gapMs: number): RestartDecision[] {
  let history: RestartHistory = emptyHistory();
  const decisions: RestartDecision[] = [];
  for (let i = 0; i < times; i++) {
    const decision = decideRestart('on-failure', crash, history, ranForMs, 1_000_000 + i * gapMs);
    decisions.push(decision);
    if (decision.action !== 'none') history = decision.history;
  }
  return decisions;
}

describe('decideRestart', () => {
  it('restarts at once the first time, then backs off exponentially from 0.5 s', () => {
    const delays = failRepeatedly(4, 100, 40_000).map((d) => (d.action === 'restart' ? d.delayMs : d.action));
    expect(delays).toEqual([0, 500, 1000, 2000]);
  });

  it('caps the backoff at 30 s', () => {
    let history: RestartHistory = { restarts: [], streak: 12 };
    const decision = decideRestart('always', crash, history, 100, 0);
    expect(decision).toMatchObject({ action: 'restart', delayMs: BACKOFF_MAX_MS });
    history = decision.action === 'restart' ? decision.history : history;
    expect(history.streak).toBe(13);
  });

  it('starts the backoff over after a stable run', () => {
    const history: RestartHistory = { restarts: [], streak: 4 };
    expect(decideRestart('on-failure', crash, history, STABLE_RUN_MS, 0)).toMatchObject({ action: 'restart', delayMs: 0 });
  });

  it(`declares a crash loop after ${CRASHLOOP_RESTARTS} restarts within the window`, () => {
    const decisions = failRepeatedly(CRASHLOOP_RESTARTS + 1, 50, 1000);
    expect(decisions.slice(0, CRASHLOOP_RESTARTS).every((d) => d.action === 'restart')).toBe(true);
    expect(decisions.at(-1)!.action).toBe('crashloop');
  });

  it('forgets restarts older than the window, so rare crashes never add up to a loop', () => {
    const decisions = failRepeatedly(CRASHLOOP_RESTARTS * 3, 50, CRASHLOOP_WINDOW_MS / (CRASHLOOP_RESTARTS - 1));
    expect(decisions.every((d) => d.action === 'restart')).toBe(true);
  });

  it('does nothing when the policy does not want a restart', () => {
    expect(decideRestart('no', crash, emptyHistory(), 10, 0)).toEqual({ action: 'none' });
    expect(decideRestart('on-failure', clean, emptyHistory(), 10, 0)).toEqual({ action: 'none' });
  });
});
