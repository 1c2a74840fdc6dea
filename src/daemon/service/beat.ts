/**
 * The steady probes' shared clock. A service checked every `interval` is checked on the
 * beat: at the multiples of its interval on the daemon's monotonic clock, behind one timer
 * per beat. So services with the same interval (or intervals that divide each other) are
 * probed in the same wake-up: 20 services checked every 2 s wake the daemon once per 2 s
 * rather than 10 times a second, which halved what probing them costs (each wake-up of an
 * idle process is dearer than the probe it runs; docs/benchmarks.md, "Speed work"). No
 * check waits longer than its interval: the next beat is at most one interval away.
 */
import { performance } from 'node:perf_hooks';

/** A timer may fire a little before its time: a wake-up this close to a beat counts as that beat. */
const EARLY_MS = 2;

/** The first beat of `intervalMs` after `now` (both on the same monotonic clock, ms). */
export function nextBeat(now: number, intervalMs: number): number {
  return (Math.floor((now + EARLY_MS) / intervalMs) + 1) * intervalMs;
}

interface Beat {
  timer: NodeJS.Timeout;
  waiters: Set<() => void>;
}

const beats = new Map<number, Beat>();

/** Resolves at the next beat of `intervalMs`; rejects with the abort reason once `signal` aborts first. */
export function untilBeat(intervalMs: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const at = nextBeat(performance.now(), intervalMs);
    const beat = beats.get(at) ?? startBeat(at);
    const wake = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = (): void => {
      beat.waiters.delete(wake);
      if (beat.waiters.size === 0) {
        clearTimeout(beat.timer);
        beats.delete(at);
      }
      reject(signal.reason);
    };
    beat.waiters.add(wake);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Beats with a timer pending (for the tests: one per beat, none left once nobody waits). */
export function pendingBeats(): number {
  return beats.size;
}

function startBeat(at: number): Beat {
  const beat: Beat = { waiters: new Set(), timer: arm() };
  beats.set(at, beat);
  return beat;

  // Timers count from the event loop's cached time, which may lag: one that fires early waits out the rest.
  function arm(): NodeJS.Timeout {
    return setTimeout(() => {
      if (at - performance.now() > EARLY_MS / 2) {
        beat.timer = arm();
        return;
      }
      beats.delete(at);
      for (const wake of beat.waiters) wake();
    }, Math.max(1, Math.ceil(at - performance.now())));
  }
}
