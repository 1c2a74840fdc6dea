import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_MAX_WAIT_MS,
  Debouncer,
  StaleTracker,
  retryCrashloopOnChange,
  shouldAutoRestart,
} from '../../../../src/daemon/service/staleness.js';
import type { ServiceState } from '../../../../src/protocol/status.js';

const START = Date.UTC(2026, 10, 23, 10, 0, 0);
const QUIET_MS = 30;
const iso = (ms: number) => new Date(ms).toISOString();

describe('StaleTracker', () => {
  it('is stale only for files modified strictly after the process started', () => {
    const tracker = new StaleTracker();
    tracker.record({ path: 'src/at-start.ts', mtimeMs: START });
    tracker.record({ path: 'src/before.ts', mtimeMs: START - 1 });
    expect(tracker.isStale(START)).toBe(false);
    expect(tracker.staleFiles(START)).toEqual([]);
    tracker.record({ path: 'src/after.ts', mtimeMs: START + 1 });
    expect(tracker.isStale(START)).toBe(true);
    expect(tracker.staleFiles(START)).toEqual([{ path: 'src/after.ts', modifiedAt: iso(START + 1) }]);
  });

  it('lists the newest files first, at most `limit`, five by default, ties by path', () => {
    const tracker = new StaleTracker();
    for (let i = 1; i <= 8; i++) tracker.record({ path: `f${i}.ts`, mtimeMs: START + i * 1000 });
    tracker.record({ path: 'a-tie.ts', mtimeMs: START + 8000 });
    expect(tracker.staleFiles(START).map((f) => f.path)).toEqual(['a-tie.ts', 'f8.ts', 'f7.ts', 'f6.ts', 'f5.ts']);
    expect(tracker.staleFiles(START, 2)).toEqual([
      { path: 'a-tie.ts', modifiedAt: iso(START + 8000) },
      { path: 'f8.ts', modifiedAt: iso(START + 8000) },
    ]);
    expect(tracker.staleFiles(START + 6000).map((f) => f.path)).toEqual(['a-tie.ts', 'f8.ts', 'f7.ts']);
    expect(tracker.staleFiles(START, 0)).toEqual([]);
  });

  it('keeps the newest mtime seen for a path', () => {
    const tracker = new StaleTracker();
    tracker.record({ path: 'a.ts', mtimeMs: START + 5000 });
    tracker.record({ path: 'a.ts', mtimeMs: START - 5000 });
    expect(tracker.staleFiles(START)).toEqual([{ path: 'a.ts', modifiedAt: iso(START + 5000) }]);
    expect(tracker.size).toBe(1);
  });

  it('counts a file whose content differs from the start whatever its mtime, until its content is the start\'s again', () => {
    const tracker = new StaleTracker();
    tracker.record({ path: 'restored-timestamp.ts', mtimeMs: START - 5000, by: 'content' });
    expect(tracker.isStale(START)).toBe(true);
    expect(tracker.staleFiles(START)).toEqual([{ path: 'restored-timestamp.ts', modifiedAt: iso(START - 5000) }]);
    // The latest verdict wins: by content the mtime it now carries, older or not.
    tracker.record({ path: 'restored-timestamp.ts', mtimeMs: START - 6000, by: 'content' });
    expect(tracker.staleFiles(START)).toEqual([{ path: 'restored-timestamp.ts', modifiedAt: iso(START - 6000) }]);
    tracker.clear('restored-timestamp.ts');
    expect(tracker.isStale(START)).toBe(false);
    expect(tracker.paths()).toEqual([]);
  });

  it('forgets files that cannot make a restarted process stale', () => {
    const tracker = new StaleTracker();
    tracker.record({ path: 'a.ts', mtimeMs: START + 1000 });
    tracker.record({ path: 'b.ts', mtimeMs: START + 2000 });
    const restartedAt = START + 2000;
    tracker.forgetOlderThan(restartedAt);
    expect(tracker.size).toBe(0);
    expect(tracker.isStale(START)).toBe(false);
    tracker.record({ path: 'c.ts', mtimeMs: restartedAt + 1 });
    tracker.forgetOlderThan(restartedAt);
    expect(tracker.staleFiles(restartedAt).map((f) => f.path)).toEqual(['c.ts']);
  });

  it('remembers a bounded number of files, always the newest', () => {
    const tracker = new StaleTracker(10);
    for (let i = 0; i < 1000; i++) tracker.record({ path: `f${i}.ts`, mtimeMs: START + i });
    expect(tracker.size).toBeLessThanOrEqual(20);
    expect(tracker.size).toBeGreaterThanOrEqual(10);
    expect(tracker.staleFiles(START, 3).map((f) => f.path)).toEqual(['f999.ts', 'f998.ts', 'f997.ts']);
    expect(tracker.isStale(START + 998)).toBe(true);
  });
});

describe('Debouncer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once, quietMs after a single poke', () => {
    const fire = vi.fn();
    const debouncer = new Debouncer(QUIET_MS, fire);
    debouncer.poke();
    vi.advanceTimersByTime(QUIET_MS - 1);
    expect(fire).not.toHaveBeenCalled();
    expect(debouncer.pending).toBe(true);
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(debouncer.pending).toBe(false);
  });

  it('coalesces a burst: a build writing 1,000 files over 2 s restarts once', () => {
    const fire = vi.fn();
    const debouncer = new Debouncer(QUIET_MS, fire, 10_000);
    for (let i = 0; i < 1000; i++) {
      debouncer.poke();
      vi.advanceTimersByTime(2);
    }
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(QUIET_MS);
    expect(fire).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('fires after maxWaitMs when the writes never pause, then starts over', () => {
    const fire = vi.fn();
    const debouncer = new Debouncer(QUIET_MS, fire);
    // Pokes closer together than the quiet period: on its own it would never fire.
    const step = 10;
    expect(step).toBeLessThan(QUIET_MS);
    const pokeFor = (ms: number) => {
      for (let t = 0; t < ms; t += step) {
        debouncer.poke();
        vi.advanceTimersByTime(step);
      }
    };
    pokeFor(DEFAULT_MAX_WAIT_MS - step);
    expect(fire).not.toHaveBeenCalled();
    pokeFor(step);
    expect(fire).toHaveBeenCalledTimes(1);
    pokeFor(DEFAULT_MAX_WAIT_MS);
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it('does not fire once cancelled, and can be poked again', () => {
    const fire = vi.fn();
    const debouncer = new Debouncer(QUIET_MS, fire);
    debouncer.poke();
    debouncer.cancel();
    vi.advanceTimersByTime(DEFAULT_MAX_WAIT_MS * 2);
    expect(fire).not.toHaveBeenCalled();
    debouncer.poke();
    vi.advanceTimersByTime(QUIET_MS);
    expect(fire).toHaveBeenCalledTimes(1);
  });
});

describe('shouldAutoRestart', () => {
  const states: ServiceState[] = ['pending', 'building', 'starting', 'running', 'stopping', 'stopped', 'exited', 'crashloop'];

  it('restarts only a running service that asked for it and is not crash-looping', () => {
    const yes = states.filter((state) => shouldAutoRestart({ onStale: 'restart', state, crashLooping: false }));
    expect(yes).toEqual(['running']);
    expect(shouldAutoRestart({ onStale: 'warn', state: 'running', crashLooping: false })).toBe(false);
    expect(shouldAutoRestart({ onStale: 'restart', state: 'running', crashLooping: true })).toBe(false);
  });
});

describe('retryCrashloopOnChange', () => {
  it('gives a crash-looping service one more try on a change, when it restarts on stale', () => {
    expect(retryCrashloopOnChange({ onStale: 'restart', state: 'crashloop' })).toBe(true);
    expect(retryCrashloopOnChange({ onStale: 'warn', state: 'crashloop' })).toBe(false);
    expect(retryCrashloopOnChange({ onStale: 'restart', state: 'stopped' })).toBe(false);
    expect(retryCrashloopOnChange({ onStale: 'restart', state: 'running' })).toBe(false);
  });
});
