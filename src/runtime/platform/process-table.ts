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

export function groupOf(rows: ProcessRow[], pgid: number): number[] {
  return rows.filter((row) => row.pgid === pgid && isRunningState(row.state)).map((row) => row.pid);
}
