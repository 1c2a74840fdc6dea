import { describe, expect, it } from 'vitest';
import { bootClock } from '../../../../src/runtime/platform/boot-clock.js';

/**
 * A machine that booted at epoch ms 1_000_000. Each read is [clock before, uptime text,
 * clock after]: the uptime is read at some moment in between and printed rounded down to
 * hundredths, as /proc/uptime does.
 */
const BOOT = 1_000_000;
type Read = [before: number, uptime: string | null, after: number];

/** One answer per call; each call is the reads it makes (an interrupted read is tried again, up to 3 times). */
function answers(calls: Read[][]): Array<number | null> {
  const reads = calls.flat();
  const clocks = reads.flatMap(([before, , after]) => [before, after]);
  const uptimes = reads.map(([, uptime]) => uptime);
  const clock = bootClock(
    () => uptimes.shift() ?? null,
    () => clocks.shift() ?? Number.NaN,
  );
  const got = calls.map(() => clock.bootEpochMs());
  expect(uptimes, 'reads left unmade').toEqual([]);
  return got;
}

describe('boot clock', () => {
  it.each<{ what: string; calls: Read[][]; want: Array<number | null> }>([
    { what: 'a tight read: the clock after it, less the uptime', calls: [[[BOOT + 5_003, '5.00', BOOT + 5_003]]], want: [BOOT + 3] },
    {
      what: 'reads preempted for 40 ms do not date later starts 40 ms late',
      calls: [
        [[BOOT + 5_003, '5.00', BOOT + 5_003]],
        [
          [BOOT + 6_001, '6.00', BOOT + 6_041],
          [BOOT + 6_050, '6.05', BOOT + 6_090],
          [BOOT + 6_100, '6.10', BOOT + 6_140],
        ],
      ],
      want: [BOOT + 3, BOOT + 3],
    },
    {
      what: 'the answer only narrows toward the boot, never away from it',
      calls: [[[BOOT + 5_009, '5.00', BOOT + 5_009]], [[BOOT + 7_004, '7.00', BOOT + 7_004]], [[BOOT + 8_008, '8.00', BOOT + 8_008]]],
      want: [BOOT + 9, BOOT + 4, BOOT + 4],
    },
    {
      what: 'the wall clock set an hour ahead: the reads start over',
      calls: [[[BOOT + 5_002, '5.00', BOOT + 5_002]], [[BOOT + 3_600_000 + 6_002, '6.00', BOOT + 3_600_000 + 6_002]]],
      want: [BOOT + 2, BOOT + 3_600_002],
    },
    {
      what: 'an unreadable uptime: null at first, then the boot time read before',
      calls: [[[BOOT + 1, null, BOOT + 1]], [[BOOT + 5_002, '5.00', BOOT + 5_002]], [[BOOT + 6_000, 'garbage', BOOT + 6_000]]],
      want: [null, BOOT + 2, BOOT + 2],
    },
  ])('$what', ({ calls, want }) => {
    expect(answers(calls)).toEqual(want);
  });

  it('reads again when a read was interrupted, and keeps the narrowest', () => {
    // Three reads: preempted for 50 ms, preempted for 20 ms, then tight.
    const clocks = [BOOT + 5_000, BOOT + 5_050, BOOT + 5_060, BOOT + 5_080, BOOT + 5_090, BOOT + 5_090];
    const uptimes = ['5.01', '5.07', '5.09'];
    let reads = 0;
    const clock = bootClock(
      () => {
        reads++;
        return uptimes.shift() ?? null;
      },
      () => clocks.shift() ?? Number.NaN,
    );
    expect(clock.bootEpochMs()).toBe(BOOT);
    expect(reads).toBe(3);
  });
});
