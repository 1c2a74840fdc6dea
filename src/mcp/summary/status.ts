/**
 * The text that comes with the status and graph tools' JSON: what needs attention first
 * (a crash, a failing check, a foreign process, STALE code, CONFIG CHANGED), in the words
 * of `stack status`'s NOTES column, then the services that are fine, in one paragraph.
 */
import { stripVTControlCharacters } from 'node:util';
import type { ServiceStatus, StatusResponse } from '../../protocol/status.js';
import { serviceNotes } from '../../cli/render/status-table.js';
import { liveWords, type GraphNode } from '../../graph/graph-view.js';
import { renderTree } from '../../graph/render-tree.js';

/** Lower comes first: the cause of trouble before its consequences and before mere notes. */
function rank(s: ServiceStatus): number {
  if (s.state === 'crashloop' || s.state === 'exited') return 0;
  if (s.health === 'unhealthy') return 1;
  if (s.managedBy === 'foreign' || (s.port !== null && s.listening.length > 0 && !s.listening.includes(s.port))) return 2;
  if (s.stale || s.configChanged) return 3;
  return 4;
}

export function statusSummary(status: StatusResponse, now = Date.now()): string {
  const parts: string[] = [];
  if (status.configProblem) parts.push(`${status.configProblem}.`);
  const noted = status.services
    .map((s) => ({ s, notes: stripVTControlCharacters(serviceNotes(s, now)) }))
    .filter((x) => x.notes !== '')
    .sort((a, b) => rank(a.s) - rank(b.s));
  const running = status.services.some((s) => s.pid !== null);
  if (!status.daemon.running && !running) parts.push(`Nothing is running: no stack daemon runs for ${status.project} (the up tool starts the stack).`);
  for (const { s, notes } of noted) parts.push(`${s.name} (${stateWords(s)}): ${notes}.`);
  const quiet = status.services.filter((s) => !noted.some((x) => x.s === s));
  const fine = quiet.filter((s) => s.state === 'running' && s.health !== 'unhealthy');
  if (fine.length > 0) {
    // A stale service always has a note: the ones left here run what is on disk.
    const [is, it] = fine.length === 1 ? ['is', 'it'] : ['are', 'they'];
    const healthy = fine.every((s) => s.health === 'healthy') ? ' and healthy' : '';
    parts.push(`${list(fine.map((s) => s.name))} ${is} running${healthy}, on fresh code (no watched source changed since ${it} started).`);
  }
  const byState = new Map<string, string[]>();
  for (const s of quiet.filter((x) => !fine.includes(x))) byState.set(s.state, [...(byState.get(s.state) ?? []), s.name]);
  for (const [state, names] of byState) parts.push(`${list(names)}: ${state}.`);
  if (status.services.length === 0) parts.push('stack.yaml lists no services.');
  const daemon = status.daemon.running ? `daemon pid ${status.daemon.pid}` : 'no daemon running';
  parts.push(`(${status.project}, ${status.config}, ${daemon})`);
  return parts.join(' ');
}

/** "running, healthy, pid 4242"; health is left out while unknown. */
function stateWords(s: ServiceStatus): string {
  const words: string[] = [s.managedBy === 'foreign' ? 'foreign' : s.state];
  if (s.health !== 'unknown') words.push(s.health);
  if (s.pid !== null) words.push(`pid ${s.pid}`);
  return words.join(', ');
}

/** The graph tool's text: the services that need attention, then the tree `stack graph` draws. */
export function graphSummary(nodes: readonly GraphNode[]): string {
  const attention = nodes.filter((n) => n.live && (n.live.stale || n.live.configChanged || n.live.state === 'exited' || n.live.state === 'crashloop' || n.live.health === 'unhealthy'));
  const head = attention.map((n) => `${n.name}: ${liveWords(n.live!)}.`);
  const live = nodes.some((n) => n.live) ? '' : ' No daemon runs: the graph alone, without live state.';
  const edges = nodes.reduce((sum, n) => sum + Object.keys(n.dependsOn).length, 0);
  const counted = `${nodes.length} ${nodes.length === 1 ? 'service' : 'services'}, ${edges} ${edges === 1 ? 'dependency' : 'dependencies'}.${live}`;
  return stripVTControlCharacters([...head, counted].join(' ') + `\n${renderTree(nodes)}`);
}

export function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
