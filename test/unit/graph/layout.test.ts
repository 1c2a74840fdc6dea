import { describe, expect, it } from 'vitest';
import { NODE_HEIGHT, NODE_WIDTH, layoutGraph } from '../../../src/graph/graph-layout.js';

const node = (name: string, dependsOn: Record<string, string> = {}) => ({ name, dependsOn });
/** name → [column, row] from the centres. */
const grid = (nodes: { name: string; x: number; y: number }[]) => {
  const xs = [...new Set(nodes.map((n) => n.x))].sort((a, b) => a - b);
  return Object.fromEntries(nodes.map((n) => [n.name, xs.indexOf(n.x)]));
};

describe('layoutGraph', () => {
  it.each<[string, ReturnType<typeof node>[], Record<string, number>]>([
    ['nothing', [], {}],
    ['one service', [node('a')], { a: 0 }],
    ['the demo: db ← api ← worker, web', [node('db'), node('api', { db: 'healthy' }), node('worker', { api: 'healthy' }), node('web', { api: 'started' })], { db: 0, api: 1, worker: 2, web: 2 }],
    ['a diamond', [node('d'), node('b', { d: 'healthy' }), node('c', { d: 'healthy' }), node('a', { b: 'healthy', c: 'healthy' })], { d: 0, b: 1, c: 1, a: 2 }],
    ['a dependency listed after its dependent', [node('web', { api: 'healthy' }), node('api')], { api: 0, web: 1 }],
    ['a cycle (a file being edited) lands in one last column', [node('x'), node('a', { b: 'healthy' }), node('b', { a: 'healthy' })], { x: 0, a: 1, b: 1 }],
    ['an unknown dependency is left out', [node('a', { ghost: 'healthy' })], { a: 0 }],
  ])('%s', (_what, graph, columns) => {
    const layout = layoutGraph(graph);
    expect(grid(layout.nodes)).toEqual(columns);
    for (const n of layout.nodes) {
      expect(n.x - NODE_WIDTH / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + NODE_WIDTH / 2).toBeLessThanOrEqual(layout.width);
      expect(n.y - NODE_HEIGHT / 2).toBeGreaterThanOrEqual(0);
      expect(n.y + NODE_HEIGHT / 2).toBeLessThanOrEqual(layout.height);
    }
  });

  it('draws an edge from each dependent to what it waits for, with the condition', () => {
    const layout = layoutGraph([node('db'), node('api', { db: 'healthy', ghost: 'started' }), node('web', { api: 'started' })]);
    expect(layout.edges).toEqual([
      { from: 'api', to: 'db', condition: 'healthy' },
      { from: 'web', to: 'api', condition: 'started' },
    ]);
  });

  it('keeps stack.yaml’s order within a column and never overlaps two nodes', () => {
    const layout = layoutGraph([node('a'), node('b'), node('c')]);
    expect(layout.nodes.map((n) => n.name)).toEqual(['a', 'b', 'c']);
    const ys = layout.nodes.map((n) => n.y);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(NODE_HEIGHT);
  });
});
