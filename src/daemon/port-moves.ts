/**
 * Before `up` or `restart` starts a `port: auto` service: when its kept port is held now
 * by a process that is not the service's own (another project, a stray server), the
 * service gets a new free port instead of failing, and the move is said: a progress line
 * of the operation, an event, a note in status. The holder is never signalled. A running
 * service keeps its port (it holds it), and so does one whose own leftover holds it (the
 * start's port check stops that). Everything that refers to the port (`${svc.port}` in
 * other services) must follow, so the caller resolves stack.yaml again after a move.
 */
import type { StackConfig } from '../config/types.js';
import type { ServiceProgress } from '../protocol/messages.js';
import { SERVICE_MARKER, serviceMarker } from '../protocol/service-marker.js';
import { getPlatform } from '../runtime/platform/index.js';
import type { PortBook } from '../runtime/ports/port-book.js';
import { portHolder, type PortHolder } from '../runtime/ports/port-holder.js';
import type { ServiceRuntime } from './service/service.js';

export interface PortMoved {
  service: string;
  from: number;
  to: number;
  holder: string;
}

export async function moveHeldPorts(
  config: StackConfig,
  targets: readonly string[],
  services: ReadonlyMap<string, ServiceRuntime>,
  book: PortBook,
): Promise<PortMoved[]> {
  const moved: PortMoved[] = [];
  const declared = new Set(Object.values(config.services).flatMap((s) => (s.port === undefined ? [] : [s.port])));
  for (const name of targets) {
    const service = config.services[name];
    if (!service?.portAuto || service.port === undefined) continue;
    const runtime = services.get(name);
    if (runtime?.identity) continue;
    const holder = await portHolder(service.port);
    if (!holder || (holder.pid !== null && (await isOwn(holder.pid, name, config.root, runtime)))) continue;
    const words = describeHolder(holder);
    const to = await book.move(name, service.port, words, declared);
    if (to !== service.port) moved.push({ service: name, from: service.port, to, holder: words });
  }
  return moved;
}

async function isOwn(pid: number, name: string, root: string, runtime: ServiceRuntime | undefined): Promise<boolean> {
  if (runtime?.ownPids().includes(pid)) return true;
  return (await getPlatform().processesWithEnv(SERVICE_MARKER)).get(pid) === serviceMarker(root, name);
}

/** "pid 4242 (python3 -m http.server)". */
export function describeHolder(holder: PortHolder): string {
  if (holder.pid === null) return "a process stack cannot see (another user's)";
  const command = holder.command ?? 'unknown command';
  return `pid ${holder.pid} (${command.length > 80 ? `${command.slice(0, 77)}...` : command})`;
}

/** The progress line and status note of a move. */
export function moveSentence(move: Pick<PortMoved, 'from' | 'to' | 'holder'>): string {
  return `port ${move.from} is held by ${move.holder}; moved to ${move.to} (port: auto)`;
}

/**
 * `config` after moving the held ports of `targets` (moveHeldPorts), resolved again from
 * stack.yaml with `env` when anything moved, and the progress lines that say so.
 */
export async function withHeldPortsMoved(
  config: StackConfig,
  targets: readonly string[],
  services: ReadonlyMap<string, ServiceRuntime>,
  book: PortBook,
  env: NodeJS.ProcessEnv | undefined,
  events: { append(type: string, fields: Record<string, unknown>): void },
): Promise<{ config: StackConfig; lines: ServiceProgress[] }> {
  const moved = await moveHeldPorts(config, targets, services, book);
  if (moved.length === 0) return { config, lines: [] };
  for (const m of moved) events.append('port-moved', { ...m });
  // The config modules load only here: a move is rare.
  const [{ loadConfig }, { loadChoosingPorts }] = await Promise.all([import('../config/load.js'), import('../config/auto-port.js')]);
  const resolved = await loadChoosingPorts((autoPorts) => loadConfig(config.file, { env: env ?? process.env, autoPorts }), book);
  const lines = moved.map((m): ServiceProgress => ({ type: 'progress', service: m.service, phase: 'port-moved', at: Date.now(), detail: moveSentence(m) }));
  return { config: resolved, lines };
}
