/** The steady probes' shared beat: when the next check is due, and one timer for everyone due then. */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { nextBeat, pendingBeats, untilBeat } from '../../../../src/daemon/service/beat.js';

describe('nextBeat', () => {
  it.each<[string, number, number, number]>([
    ['from the clock’s start', 0, 2000, 2000],
    ['just after a beat: the next one, a whole interval on', 2000.5, 2000, 4000],
    ['half-way: the rest of the interval', 1000, 2000, 2000],
    ['a wake-up a little early counts as its beat', 1999, 2000, 4000],
    ['but not one that is still early by more than that', 1990, 2000, 2000],
    ['late by some ms: the beat after', 4013, 2000, 6000],
    ['another interval has beats of its own', 1200, 500, 1500],
    ['a beat of 1000 ms is one of 2000 ms too: they share it', 3500, 1000, 4000],
  ])('%s', (_, now, interval, expected) => {
    expect(nextBeat(now, interval)).toBe(expected);
  });

  it('never waits longer than the interval, nor less than what is left of it', () => {
    for (const interval of [10, 250, 1000, 2000, 30_000]) {
      for (let now = 0; now < interval * 3; now += interval / 7) {
        const wait = nextBeat(now, interval) - now;
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(interval + 2);
      }
    }
  });
});

describe('untilBeat', () => {
  it('wakes at the beat, never before it', async () => {
    const due = nextBeat(performance.now(), 30);
    await untilBeat(30, new AbortController().signal);
    // A timer counts from the event loop's cached time: the beat re-arms rather than wake early.
    expect(performance.now()).toBeGreaterThanOrEqual(due - 1);
  });

  it('keeps one timer for every waiter due at the same beat, and wakes them together', async () => {
    const controller = new AbortController();
    // A long interval: both calls fall in the same beat.
    const first = untilBeat(100, controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    const second = untilBeat(100, controller.signal);
    expect(pendingBeats()).toBe(1);
    let firstWoke = false;
    void first.then(() => (firstWoke = true));
    await second;
    expect(firstWoke).toBe(true);
    expect(pendingBeats()).toBe(0);
  });

  it('rejects with the abort reason at once, and a beat nobody waits for any more leaves no timer', async () => {
    const a = new AbortController();
    const b = new AbortController();
    const waitA = untilBeat(10 * 60_000, a.signal);
    const waitB = untilBeat(10 * 60_000, b.signal);
    expect(pendingBeats()).toBe(1);
    a.abort(new Error('run over'));
    await expect(waitA).rejects.toThrow('run over');
    expect(pendingBeats()).toBe(1);
    b.abort();
    await expect(waitB).rejects.toMatchObject({ name: 'AbortError' });
    expect(pendingBeats()).toBe(0);
  });

  it('rejects a signal that is already aborted without starting a timer', async () => {
    await expect(untilBeat(1000, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(pendingBeats()).toBe(0);
  });
});
