/**
 * Where the dashboard draws each service of the dependency graph (pure): one column per
 * start wave, what others depend on at the left and their dependents to the right, so
 * edges run from a dependent leftwards to what it waits for; within a column, stack.yaml's
 * order (the start waves of graph.ts, computed here so a cycle in a file being edited
 * still draws). Coordinates are the centres of the node boxes, in SVG user units.
 */
import type { GraphNode } from './graph-view.js';

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 36;
const COLUMN_GAP = 60;
const ROW_GAP = 20;
const MARGIN = 10;

export interface PlacedNode {
  name: string;
  x: number;
  y: number;
}

export interface PlacedEdge {
  /** The dependent. */
  from: string;
  /** What it depends on. */
  to: string;
  condition: string;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export function layoutGraph(graph: readonly GraphNode[]): GraphLayout {
  const known = new Set(graph.map((n) => n.name));
  // A dependency stack.yaml does not define (a broken file) is left out, not drawn dangling.
  const deps = Object.fromEntries(graph.map((n) => [n.name, Object.keys(n.dependsOn).filter((d) => known.has(d))]));
  const waves = safeWaves(deps, graph.map((n) => n.name));
  const tallest = Math.max(1, ...waves.map((w) => w.length));
  const nodes: PlacedNode[] = [];
  waves.forEach((wave, column) => {
    // Centred vertically, so a lone dependent sits beside the middle of what it needs.
    const offset = ((tallest - wave.length) * (NODE_HEIGHT + ROW_GAP)) / 2;
    wave.forEach((name, row) => {
      nodes.push({
        name,
        x: MARGIN + NODE_WIDTH / 2 + column * (NODE_WIDTH + COLUMN_GAP),
        y: MARGIN + NODE_HEIGHT / 2 + offset + row * (NODE_HEIGHT + ROW_GAP),
      });
    });
  });
  const edges = graph.flatMap((n) =>
    Object.entries(n.dependsOn)
      .filter(([dep]) => known.has(dep))
      .map(([to, condition]) => ({ from: n.name, to, condition })),
  );
  return {
    width: MARGIN * 2 + waves.length * NODE_WIDTH + Math.max(0, waves.length - 1) * COLUMN_GAP,
    height: MARGIN * 2 + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP,
    nodes,
    edges,
  };
}

/** startWaves in stack.yaml's order; a cycle (a file being edited) leaves its members in one last column. */
function safeWaves(deps: Record<string, string[]>, order: readonly string[]): string[][] {
  const placed = new Set<string>();
  const waves: string[][] = [];
  let remaining = [...order];
  while (remaining.length > 0) {
    const wave = remaining.filter((name) => (deps[name] ?? []).every((d) => placed.has(d)));
    if (wave.length === 0) {
      waves.push(remaining);
      break;
    }
    wave.forEach((n) => placed.add(n));
    waves.push(wave);
    remaining = remaining.filter((n) => !placed.has(n));
  }
  return waves;
}
