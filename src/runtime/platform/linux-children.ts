/**
 * A process tree from the kernel's own child lists (/proc/<pid>/task/<tid>/children),
 * visiting only the tree itself. The alternative, one /proc/<pid>/stat per process on the
 * machine, costs ~30 µs a process: ~3 ms with 100 processes, ~15 ms on a desktop with a
 * browser open, on every `stack status` whose view of the OS is older than a second.
 * A child belongs to the thread that forked it, so every thread's list is read. The lists
 * exist only with CONFIG_PROC_CHILDREN (on in every mainstream distribution's kernel);
 * without them this answers null and the caller reads the whole table.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { isErrnoException } from '../../errors.js';
import { isRunningState } from './process-table.js';

/** [root, ...its running descendants, breadth first]; [] when root is not running; null when the kernel has no child lists. */
export function treeByChildren(root: number, stateOf: (pid: number) => string | null): number[] | null {
  if (!isRunningState(stateOf(root) ?? 'X')) return [];
  const tree = [root];
  const seen = new Set(tree);
  for (let i = 0; i < tree.length; i++) {
    const children = childrenOf(tree[i]!);
    if (children === null) return null;
    for (const child of children) {
      if (seen.has(child) || !isRunningState(stateOf(child) ?? 'X')) continue;
      seen.add(child);
      tree.push(child);
    }
  }
  return tree;
}

/** The children of every thread of `pid`; [] when it is gone; null when the kernel keeps no such lists. */
function childrenOf(pid: number): number[] | null {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of threads) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1');
    } catch (error) {
      // The thread ended between the two reads: its children moved to another thread or to init.
      if (isErrnoException(error) && error.code === 'ENOENT' && threadExists(pid, tid)) return null;
      continue;
    }
    for (const word of text.split(' ')) if (word !== '') out.push(Number(word));
  }
  return out;
}

function threadExists(pid: number, tid: string): boolean {
  try {
    readdirSync(`/proc/${pid}/task/${tid}`);
    return true;
  } catch {
    return false;
  }
}
