/**
 * Before `up` or `restart` starts a `port: auto` service: when its kept port is held now
 * by a process that is not the service's own (another project, a stray server;
 * runtime/ports/held-ports.ts), the service gets a new free port instead of failing, and
 * the move is said: a progress line of the operation, an event, a note in status.
 * Everything that refers to the port (`${svc.port}` in other services) must follow, so
 * the caller resolves stack.yaml again after a move.
 */
import type { StackConfig } from '../config/types.js';
import type { ServiceProgress } from '../protocol/messages.js';
import { moveSentence, wouldMoveLine } from '../protocol/port-move-wording.js';
import type { PortBook } from '../runtime/ports/port-book.js';
import { heldAutoPorts, type KnownProcesses } from '../runtime/ports/held-ports.js';
import type { ServiceRuntime } from './service/service.js';

export interface PortMoved {
  service: string;
  from: number;
  to: number;
  holder: string;
}

type Runtimes = ReadonlyMap<string, ServiceRuntime>;

const knownIn =
  (services: Runtimes) =>
  (name: string): KnownProcesses | undefined => {
    const runtime = services.get(name);
    return runtime && { running: runtime.identity !== null, ownPids: () => runtime.ownPids() };
  };

export async function moveHeldPorts(config: StackConfig, targets: readonly string[], services: Runtimes, book: PortBook): Promise<PortMoved[]> {
  const moved: PortMoved[] = [];
  const declared = new Set(Object.values(config.services).flatMap((s) => (s.port === undefined ? [] : [s.port])));
  for (const { service, port, holder } of await heldAutoPorts(config, targets, knownIn(services))) {
    const to = await book.move(service, port, holder, declared);
    if (to !== port) moved.push({ service, from: port, to, holder });
  }
  return moved;
}

/** `up --dry-run`: the moves `up` would make, as progress lines; nothing is moved. */
export async function wouldMoveLines(config: StackConfig, targets: readonly string[], services: Runtimes): Promise<ServiceProgress[]> {
  return (await heldAutoPorts(config, targets, knownIn(services))).map(wouldMoveLine);
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
