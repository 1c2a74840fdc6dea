/**
 * What state.json keeps of the supervised services (protocol/state-file.ts): enough for
 * the next daemon to re-adopt each process (its pid and start time) and to know what it
 * was started with.
 */
import type { StackConfig } from '../../config/types.js';
import type { SavedService, SavedState } from '../../protocol/state-file.js';

/** The facts of one service that state.json keeps. */
export interface KeptService {
  readonly state: SavedService['state'];
  readonly identity: SavedService['identity'];
  readonly restarts: SavedService['restarts'];
  readonly lastExit: SavedService['lastExit'];
  readonly startedWith: SavedService['startedWith'] | null;
  readonly daemonizedFrom: SavedService['daemonizedFrom'] | null;
}

/** `bootMs`: how long a service took to boot the last time, when known. */
export function savedState(
  config: StackConfig | null,
  services: ReadonlyMap<string, KeptService>,
  daemonPid: number,
  bootMs: (name: string) => number | null = () => null,
): SavedState {
  const saved: SavedState['services'] = {};
  for (const [name, s] of services) {
    const boot = bootMs(name);
    saved[name] = {
      state: s.state,
      identity: s.identity,
      restarts: s.restarts,
      lastExit: s.lastExit,
      startedWith: s.startedWith ?? undefined,
      daemonizedFrom: s.daemonizedFrom ?? undefined,
      ...(boot === null ? {} : { bootMs: boot }),
    };
  }
  return { version: 1, daemonPid, config, services: saved };
}
