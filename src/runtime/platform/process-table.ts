import type { ProcessRow } from './types.js';

/** Pure questions over a snapshot of the process table, shared by every OS. */

export function isRunningState(state: string): boolean {
  return !state.startsWith('Z') && !state.startsWith('X');
}

/** Descendants of `root` (not root itself), breadth first. Found by ppid, so they are found even when root is gone. */
export function descendantsOf(rows: ProcessRow[], root: number): number[] {
  const children = new Map<number, number[]>();
  for (const row of rows) {
    if (!isRunningState(row.state) || row.pid === row.ppid) continue;
    const list = children.get(row.ppid);
    if (list) list.push(row.pid);
    else children.set(row.ppid, [row.pid]);
  }
  const found: number[] = [];
  const seen = new Set<number>([root]);
  const queue = [root];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** `root` and its descendants, or [] when root is not running. */
export function treeOf(rows: ProcessRow[], root: number): number[] {
  const self = rows.find((row) => row.pid === root);
  if (!self || !isRunningState(self.state)) return [];
  return [root, ...descendantsOf(rows, root)];
}

/** Live members of group `pgid`; `among`: only those of these pids. */
export function groupOf(rows: ProcessRow[], pgid: number, among?: readonly number[]): number[] {
  const members = rows.filter((row) => row.pgid === pgid && isRunningState(row.state)).map((row) => row.pid);
  return among ? members.filter((pid) => among.includes(pid)) : members;
}

/** Resident memory of `root`'s tree, summed; null when root is not running or the table has no sizes. */
export function treeMemoryOf(rows: ProcessRow[], root: number): number | null {
  const tree = new Set(treeOf(rows, root));
  if (tree.size === 0) return null;
  let total = 0;
  for (const row of rows) {
    if (!tree.has(row.pid)) continue;
    if (row.rss === undefined) return null;
    total += row.rss;
  }
  return total;
}

/** treeMemoryOf for each root; roots not running are left out. */
export function treeMemories(rows: ProcessRow[], roots: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const root of roots) {
    const bytes = treeMemoryOf(rows, root);
    if (bytes !== null) out.set(root, bytes);
  }
  return out;
}

/** Each tree's memory from per-pid sizes (pidusage); a tree none of whose pids has one is left out. */
export function summedMemory(trees: ReadonlyMap<number, readonly number[]>, usage: ReadonlyMap<number, { memory: number }>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [root, pids] of trees) {
    const sizes = pids.flatMap((pid) => usage.get(pid)?.memory ?? []);
    if (sizes.length > 0) out.set(root, sizes.reduce((a, b) => a + b, 0));
  }
  return out;
}
