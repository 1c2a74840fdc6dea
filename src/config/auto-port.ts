/**
 * `port: auto`: where its number comes from. The loader itself stays pure and synchronous:
 * it asks an AutoPortSource for the port kept for a service (`.stack/ports.json`, read by
 * runtime/ports/port-book.ts). Choosing a free port needs the OS and is asynchronous, so
 * `loadChoosingPorts` loads once with the kept ports, and only when some auto service has
 * none yet chooses them (persisting them) and loads again.
 */
import type { StackConfig } from './types.js';

export interface AutoPortSource {
  /**
   * The port for `service`, or undefined when none is chosen yet. `avoid`: the ports the
   * file writes as numbers. May throw a StackError, reported at the service's `port:`.
   */
  portFor(service: string, avoid: ReadonlySet<number>): number | undefined;
}

/** What chooses and keeps auto ports (runtime/ports/port-book.ts). */
export interface PortKeeper {
  /** The port kept for `service`, if any (a synchronous read). */
  kept(service: string): number | undefined;
  /** Choose a free port for each of `services`, none of them in `avoid`, and keep them. */
  choose(services: readonly string[], avoid: ReadonlySet<number>): Promise<void>;
}

/** The ports of `ports`, and no choosing: for tests and for readers that must not write. */
export function keptPorts(ports: Readonly<Record<string, number>>): AutoPortSource {
  return { portFor: (service) => (Object.hasOwn(ports, service) ? ports[service] : undefined) };
}

/**
 * `load` with the keeper's ports; when some auto service has none, choose them and load
 * again (a failure of the first load is then only about the ports not chosen yet).
 */
export async function loadChoosingPorts(load: (source: AutoPortSource) => StackConfig, keeper: PortKeeper): Promise<StackConfig> {
  const wanted = new Set<string>();
  let avoid: ReadonlySet<number> = new Set();
  const recording: AutoPortSource = {
    portFor(service, literal) {
      const kept = keeper.kept(service);
      if (kept === undefined) {
        wanted.add(service);
        avoid = literal;
      }
      return kept;
    },
  };
  try {
    const config = load(recording);
    if (wanted.size === 0) return config;
  } catch (error) {
    if (wanted.size === 0) throw error;
  }
  await keeper.choose([...wanted], avoid);
  return load({ portFor: (service) => keeper.kept(service) });
}
