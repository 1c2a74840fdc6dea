import { describe, expect, it } from 'vitest';
import { descendantsOf, groupOf, treeOf } from '../../../../src/runtime/platform/process-table.js';
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
});
