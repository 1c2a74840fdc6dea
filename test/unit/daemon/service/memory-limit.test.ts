/** memory_limit's rule: over the limit in two samples in a row, said once per streak. */
import { describe, expect, it } from 'vitest';
import { afterSample, noStreak, type MemoryStreak } from '../../../../src/daemon/service/memory-limit.js';

const LIMIT = 100;

/** The samples in order → after which ones (1-based) the service counts as over its limit. */
function overAt(samples: Array<number | null>): number[] {
  let streak: MemoryStreak = noStreak;
  const at: number[] = [];
  samples.forEach((bytes, i) => {
    const next = afterSample(streak, bytes, LIMIT);
    streak = next.streak;
    if (next.overLimit) at.push(i + 1);
  });
  return at;
}

describe('memory_limit: two samples in a row', () => {
  it.each<[string, Array<number | null>, number[]]>([
    ['never over', [10, 50, 100, 99], []],
    ['at the limit is not over it', [100, 100, 100], []],
    ['one spike is not enough', [150, 50, 150, 50], []],
    ['two in a row', [50, 101, 120], [3]],
    ['said once per streak, then counted afresh', [120, 130, 140, 150, 160], [2, 4]],
    ['an unreadable sample neither counts nor breaks the streak', [120, null, 130], [3]],
    ['a sample under the limit breaks it', [120, 90, 130, 140], [4]],
  ])('%s', (_, samples, expected) => {
    expect(overAt(samples)).toEqual(expected);
  });
});
