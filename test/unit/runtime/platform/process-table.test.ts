import { describe, expect, it } from 'vitest';
import { descendantsOf, groupOf, summedMemory, treeMemories, treeMemoryOf, treeOf } from '../../../../src/runtime/platform/process-table.js';
import type { ProcessRow } from '../../../../src/runtime/platform/types.js';

const rows: ProcessRow[] = [
  { pid: 1, ppid: 0, pgid: 1, state: 'S' },
  { pid: 10, ppid: 1, pgid: 10, state: 'S' },
  { pid: 11, ppid: 10, pgid: 10, state: 'S' },
  { pid: 12, ppid: 11, pgid: 10, state: 'R' },
  { pid: 13, ppid: 11, pgid: 10, state: 'Z' },
  { pid: 20, ppid: 1, pgid: 20, state: 'S' },
];

describe('process table', () => {
  it('finds running descendants breadth first', () => {
    expect(treeOf(rows, 10)).toEqual([10, 11, 12]);
    expect(descendantsOf(rows, 11)).toEqual([12]);
  });

  it('has no tree for a missing or zombie root, but still finds the orphans of a gone one', () => {
    expect(treeOf(rows, 99)).toEqual([]);
    expect(treeOf(rows, 13)).toEqual([]);
    expect(descendantsOf(rows.filter((r) => r.pid !== 10), 10)).toEqual([11, 12]);
  });

  it('lists the live members of a process group', () => {
    expect(groupOf(rows, 10)).toEqual([10, 11, 12]);
    expect(groupOf(rows, 99)).toEqual([]);
  });

  it('limited to some pids: only those of them that are live members', () => {
    expect(groupOf(rows, 10, [10, 12, 13, 1, 99])).toEqual([10, 12]);
    expect(groupOf(rows, 10, [])).toEqual([]);
  });
});

describe('tree memory', () => {
  const MB = 1024 ** 2;
  const sized: ProcessRow[] = rows.map((r) => ({ ...r, rss: r.pid * MB }));

  it('sums the resident memory of the root and its running descendants (not zombies, not others)', () => {
    expect(treeMemoryOf(sized, 10)).toBe((10 + 11 + 12) * MB);
    expect(treeMemoryOf(sized, 13)).toBeNull();
    expect(treeMemoryOf(sized, 99)).toBeNull();
    expect(treeMemories(sized, [10, 20, 99])).toEqual(new Map([[10, 33 * MB], [20, 20 * MB]]));
  });

  it('knows nothing when the table has no sizes', () => {
    expect(treeMemoryOf(rows, 10)).toBeNull();
  });

  it('sums per-pid sizes of each tree, leaving out a tree none of whose pids has one', () => {
    const usage = new Map([[10, { memory: 5 }], [11, { memory: 7 }]]);
    expect(summedMemory(new Map([[10, [10, 11, 12]], [20, [20]]]), usage)).toEqual(new Map([[10, 12]]));
  });
});
