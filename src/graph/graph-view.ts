/**
 * The dependency graph as `stack graph` shows it: each service with its depends_on
 * conditions and, when a daemon runs, its live state. The renderers (tree, dot, mermaid)
 * and the JSON take this; none of them knows where the live state came from.
 */
export const GRAPH_FORMATS = ['tree', 'dot', 'mermaid', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface LiveState {
  state: string;
  health: string;
  stale: boolean;
  configChanged: boolean;
}

export interface GraphNode {
  name: string;
  /** Dependency → the condition this service waits for (`healthy`, `started`, `completed`). */
  dependsOn: Readonly<Record<string, string>>;
  /** Absent without a daemon. */
  live?: LiveState;
}

/** "running, healthy, STALE, CONFIG CHANGED"; health is left out while unknown. */
export function liveWords(live: LiveState): string {
  const words = [live.state];
  if (live.health !== 'unknown') words.push(live.health);
  if (live.stale) words.push('STALE');
  if (live.configChanged) words.push('CONFIG CHANGED');
  return words.join(', ');
}

export interface GraphDocument {
  services: Array<{ name: string; dependsOn: Readonly<Record<string, string>> } & Partial<LiveState>>;
}

/** `stack graph --format json` (and the `graph` tool of `stack mcp`): `{ services: [{ name, dependsOn, state?, health?, stale?, configChanged? }] }`. */
export function graphDocument(nodes: readonly GraphNode[]): GraphDocument {
  return { services: nodes.map(({ name, dependsOn, live }) => ({ name, dependsOn, ...(live ?? {}) })) };
}

export function graphJson(nodes: readonly GraphNode[]): string {
  return JSON.stringify(graphDocument(nodes), null, 2);
}
