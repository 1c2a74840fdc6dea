/**
 * The `port: auto` ports of services about to start that a process other than the
 * service's own holds now: `up` moves them (daemon/port-moves.ts), `up --dry-run` says it
 * would. A running service keeps its port (it holds it), and so does one whose own
 * leftover holds it (the start's port check stops that). The holder is never signalled.
 */
import type { StackConfig } from '../../config/types.js';
import { SERVICE_MARKER, serviceMarker } from '../../protocol/service-marker.js';
import { getPlatform } from '../platform/index.js';
import { portHolder, type PortHolder } from './port-holder.js';

export interface HeldPort {
  service: string;
  port: number;
  /** In words: "pid 4242 (python3 -m http.server)". */
  holder: string;
}

/** What a daemon knows of a service's processes; without a daemon, nothing. */
export interface KnownProcesses {
  running: boolean;
  ownPids(): readonly number[];
}

export async function heldAutoPorts(
  config: StackConfig,
  targets: readonly string[],
  known: (service: string) => KnownProcesses | undefined = () => undefined,
): Promise<HeldPort[]> {
  const held: HeldPort[] = [];
  for (const name of targets) {
    const service = config.services[name];
    if (!service?.portAuto || service.port === undefined) continue;
    const own = known(name);
    if (own?.running) continue;
    const holder = await portHolder(service.port);
    if (!holder || (holder.pid !== null && (await isOwn(holder.pid, name, config.root, own)))) continue;
    held.push({ service: name, port: service.port, holder: describeHolder(holder) });
  }
  return held;
}

async function isOwn(pid: number, name: string, root: string, own: KnownProcesses | undefined): Promise<boolean> {
  if (own?.ownPids().includes(pid)) return true;
  return (await getPlatform().processesWithEnv(SERVICE_MARKER)).get(pid) === serviceMarker(root, name);
}

/** "pid 4242 (python3 -m http.server)". */
export function describeHolder(holder: PortHolder): string {
  if (holder.pid === null) return "a process stack cannot see (another user's)";
  const command = holder.command ?? 'unknown command';
  return `pid ${holder.pid} (${command.length > 80 ? `${command.slice(0, 77)}...` : command})`;
}
