/**
 * `stack graph --format mermaid`: a `graph TD` block for GitHub markdown. Node ids are
 * s0, s1… rather than service names, since a name like `end`, or one starting with `o`
 * or `x` after an arrow, means something else to mermaid; the names go in quoted labels.
 */
import { liveWords, type GraphNode } from './graph-view.js';

export function renderMermaid(nodes: readonly GraphNode[]): string {
  const ids = new Map(nodes.map((n, i) => [n.name, `s${i}`]));
  const lines = ['graph TD'];
  for (const node of nodes) {
    const label = node.live ? `${node.name}<br/>${liveWords(node.live)}` : node.name;
    lines.push(`  ${ids.get(node.name)!}[${quote(label)}]`);
  }
  for (const node of nodes) {
    for (const [dep, condition] of Object.entries(node.dependsOn)) {
      const target = ids.get(dep);
      if (target) lines.push(`  ${ids.get(node.name)!} -->|${quote(condition)}| ${target}`);
    }
  }
  return lines.join('\n');
}

/** A mermaid quoted label; a double quote inside is its entity code. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}
