/**
 * The dependency graph as SVG: the daemon lays it out (graph/graph-layout.ts), the page
 * draws it and colours each node by its service's live state (a class; the state is
 * written in the node too). Clicking a node selects the service.
 */
import { NODE_HEIGHT as H, NODE_WIDTH as W, type GraphLayout } from '../../src/graph/graph-layout.js';
import type { ServiceStatus } from '../../src/protocol/status.js';
import { svg } from './dom.js';

export class GraphView {
  private layout: GraphLayout | null = null;
  private readonly nodes = new Map<string, SVGElement>();

  constructor(
    private readonly box: HTMLElement,
    private readonly select: (service: string) => void,
  ) {}

  draw(layout: GraphLayout): void {
    this.layout = layout;
    this.nodes.clear();
    const at = new Map(layout.nodes.map((n) => [n.name, n]));
    const edges = layout.edges.flatMap((e) => {
      const from = at.get(e.from);
      const to = at.get(e.to);
      if (!from || !to) return [];
      const title = svg('title', {}, `${e.from} waits for ${e.to} to be ${e.condition}`);
      return [svg('line', { class: `edge cond-${e.condition}`, x1: from.x - W / 2, y1: from.y, x2: to.x + W / 2 + 4, y2: to.y, 'marker-end': 'url(#arrow)' }, title)];
    });
    const nodes = layout.nodes.map((n) => {
      const g = svg(
        'g',
        { class: 'node', 'data-service': n.name, tabindex: 0, role: 'button', transform: `translate(${n.x - W / 2},${n.y - H / 2})` },
        svg('rect', { width: W, height: H, rx: 6 }),
        svg('text', { x: W / 2, y: 15, class: 'name' }, n.name),
        svg('text', { x: W / 2, y: 29, class: 'state' }, ''),
      );
      g.addEventListener('click', () => this.select(n.name));
      g.addEventListener('keydown', (e) => {
        if ((e as KeyboardEvent).key === 'Enter') this.select(n.name);
      });
      this.nodes.set(n.name, g);
      return g;
    });
    const defs = svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z' })));
    const root = svg('svg', { viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'img', 'aria-label': 'dependency graph' }, defs, ...edges, ...nodes);
    this.box.replaceChildren(root);
  }

  /** Does the drawing still show these services (else the page asks for a new layout)? */
  shows(names: readonly string[]): boolean {
    const drawn = this.layout?.nodes.map((n) => n.name) ?? [];
    return drawn.length === names.length && names.every((n) => drawn.includes(n));
  }

  colour(services: readonly ServiceStatus[], selected: string | null): void {
    for (const s of services) {
      const g = this.nodes.get(s.name);
      if (!g) continue;
      const words = [s.managedBy === 'foreign' ? 'foreign' : s.state];
      if (s.health !== 'unknown') words.push(s.health);
      if (s.stale) words.push('STALE');
      if (s.configChanged) words.push('CHANGED');
      g.setAttribute('class', `node state-${s.state} health-${s.health}${s.stale || s.configChanged ? ' stale' : ''}${s.name === selected ? ' selected' : ''}`);
      const label = g.querySelector('text.state')!;
      const text = words.join(', ');
      if (label.textContent !== text) label.textContent = text;
    }
  }
}
