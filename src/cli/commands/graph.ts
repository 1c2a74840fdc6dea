/**
 * `stack graph [--format tree|dot|mermaid|json]`: the dependency graph from stack.yaml,
 * with each service's live state (state, health, STALE, CONFIG CHANGED) when a daemon
 * runs. Without one it draws the graph alone and starts nothing.
 */
import type { Command } from 'commander';
import type { StackConfig } from '../../config/types.js';
import { isNoDaemonError, requestJson } from '../../client/ipc.js';
import { graphJson, type GraphFormat, type GraphNode, type LiveState } from '../../graph/graph-view.js';
import { renderDot } from '../../graph/render-dot.js';
import { renderMermaid } from '../../graph/render-mermaid.js';
import { renderTree } from '../../graph/render-tree.js';
import type { StatusResponse } from '../../protocol/status.js';
import type { ProjectPaths } from '../../project-dir.js';
import { loadProjectConfig, locateProject } from '../project.js';

export async function graphCommand(program: Command, options: { format: GraphFormat }): Promise<void> {
  const paths = locateProject(program);
  const config = await loadProjectConfig(paths);
  console.log(render(await currentGraph(paths, config), options.format, config.name));
}

/** The graph of stack.yaml with each service's live state when a daemon runs (`stack mcp`'s graph tool too). */
export async function currentGraph(paths: ProjectPaths, config: StackConfig): Promise<GraphNode[]> {
  return graphNodes(config, await liveStates(paths));
}

function render(nodes: GraphNode[], format: GraphFormat, title: string): string {
  switch (format) {
    case 'tree':
      return renderTree(nodes);
    case 'dot':
      return renderDot(nodes, title);
    case 'mermaid':
      return renderMermaid(nodes);
    case 'json':
      return graphJson(nodes);
  }
}

function graphNodes(config: StackConfig, live: ReadonlyMap<string, LiveState> | null): GraphNode[] {
  return Object.values(config.services).map((service) => {
    const state = live?.get(service.name);
    return { name: service.name, dependsOn: service.dependsOn, ...(state ? { live: state } : {}) };
  });
}

/** Each service's state from the daemon, or null when none runs (the graph is drawn without). */
async function liveStates(paths: ProjectPaths): Promise<Map<string, LiveState> | null> {
  let status: StatusResponse;
  try {
    status = await requestJson<StatusResponse>(paths.socket, 'GET', '/status');
  } catch (error) {
    if (isNoDaemonError(error)) return null;
    throw error;
  }
  return new Map(status.services.map((s) => [s.name, { state: s.state, health: s.health, stale: s.stale, configChanged: s.configChanged }]));
}
