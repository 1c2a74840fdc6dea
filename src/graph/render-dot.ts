/**
 * `stack graph --format dot`: Graphviz, one node per service (its live state on a second
 * line when a daemon runs), an edge from each service to what it depends on, labelled
 * with the condition. Every id and label is a quoted string, so any name is safe.
 */
import { liveWords, type GraphNode } from './graph-view.js';

export function renderDot(nodes: readonly GraphNode[], title: string): string {
  const lines = [`digraph ${quote(title)} {`, '  node [shape=box];'];
  for (const node of nodes) {
    const label = node.live ? `${node.name}\n${liveWords(node.live)}` : node.name;
    const flagged = node.live && (node.live.stale || node.live.configChanged) ? ', color=red' : '';
    lines.push(`  ${quote(node.name)} [label=${quote(label)}${flagged}];`);
  }
  for (const node of nodes) {
    for (const [dep, condition] of Object.entries(node.dependsOn)) lines.push(`  ${quote(node.name)} -> ${quote(dep)} [label=${quote(condition)}];`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** A DOT quoted string: backslashes and quotes escaped, a newline as DOT's centred line break. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
