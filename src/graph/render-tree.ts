/**
 * `stack graph` as a tree, the way `npm ls` shows packages: what nothing depends on at
 * the top, each service's dependencies indented under it with the condition it waits
 * for in brackets (`api [healthy]`). A dependency shared by several services is drawn
 * in full the first time and written `db [healthy] (see above)` after that.
 */
import { liveWords, type GraphNode } from './graph-view.js';

export function renderTree(nodes: readonly GraphNode[]): string {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const dependedOn = new Set(nodes.flatMap((n) => Object.keys(n.dependsOn)));
  // A cycle would leave no roots; config validation refuses cycles, but never print nothing.
  const roots = nodes.filter((n) => !dependedOn.has(n.name));
  const lines: string[] = [];
  const shown = new Set<string>();

  const draw = (node: GraphNode, condition: string | null, prefix: string, branch: string): void => {
    const edge = condition ? ` [${condition}]` : '';
    if (shown.has(node.name)) {
      lines.push(`${prefix}${branch}${node.name}${edge} (see above)`);
      return;
    }
    shown.add(node.name);
    const live = node.live ? `  ${liveWords(node.live)}` : '';
    lines.push(`${prefix}${branch}${node.name}${edge}${live}`);
    const deps = Object.entries(node.dependsOn).filter(([dep]) => byName.has(dep));
    const childPrefix = prefix + (branch === '' ? '' : branch === '└─ ' ? '   ' : '│  ');
    deps.forEach(([dep, cond], i) => draw(byName.get(dep)!, cond, childPrefix, i === deps.length - 1 ? '└─ ' : '├─ '));
  };

  for (const root of roots.length > 0 ? roots : nodes.slice(0, 1)) draw(root, null, '', '');
  for (const node of nodes) if (!shown.has(node.name)) draw(node, null, '', '');
  return lines.join('\n');
}
