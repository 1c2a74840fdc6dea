/**
 * A service's processes other than the root of its current run: what a root that exited
 * left running, what a root that died while no daemon watched left (the lifecycle's
 * `orphans`), and the server a daemonizing command left on the port. Found through
 * runtime/process/leftovers.ts; stopped with the service's own stop settings.
 */
import type { ServiceConfig } from '../../config/types.js';
import { isCleanExit } from '../../protocol/exit-wording.js';
import { isAlive } from '../../runtime/process/identity.js';
import { afterRootExit, survivorsOf, type Marker, type Survivors } from '../../runtime/process/leftovers.js';
import { stopProcesses } from '../../runtime/process/stop.js';
import type { ExitInfo, ProcessIdentity, StopOptions } from '../../runtime/types.js';

/** How long a cleanly exiting command's server is looked for (start_period, within these bounds). */
const DAEMON_WAIT_MIN_MS = 1000;
const DAEMON_WAIT_MAX_MS = 10_000;

export interface LeftoverOwner {
  readonly marker: Marker;
  /** What the lifecycle knows of as the service's own with no root (lifecycle-types.ts `orphans`). */
  orphans(): readonly ProcessIdentity[];
  stopOptions(): StopOptions;
}

export interface ExitCircumstances {
  everReady: boolean;
  daemonized: boolean;
  /** The exit follows a stop stack asked for (ServiceRuntime.stop). */
  stopping: boolean;
}

/** A wait this short checks the holder once and does not poll again. */
const LOOK_ONCE_MS = 1;

export class LeftoverProcesses {
  constructor(private readonly owner: LeftoverOwner) {}

  /** The processes of the service left from a root that is gone: known orphans, and any carrying its marker. */
  async find(): Promise<ProcessIdentity[]> {
    const marked = await survivorsOf(null, this.owner.marker);
    const orphans = await Promise.all(this.owner.orphans().map(async (p) => ((await isAlive(p)) ? p : null)));
    const all = [...orphans.filter((p): p is ProcessIdentity => p !== null), ...marked];
    return all.filter((p, i) => all.findIndex((q) => q.pid === p.pid) === i);
  }

  async isOwn(pid: number): Promise<boolean> {
    return (await this.find()).some((p) => p.pid === pid);
  }

  /** Stops them all; their pids. */
  async stopAll(): Promise<number[]> {
    const leftovers = await this.find();
    await this.stop(leftovers);
    return leftovers.map((p) => p.pid);
  }

  stop(processes: readonly ProcessIdentity[]): Promise<{ escalated: boolean }> {
    return stopProcesses(processes, this.owner.stopOptions());
  }

  /** What a root that died while no daemon watched left running (found at re-adoption). */
  ofLostRoot(root: ProcessIdentity): Promise<ProcessIdentity[]> {
    return survivorsOf(root, this.owner.marker);
  }

  /**
   * What the root `root` of a run left when it exited, and whether one of those is the
   * service's server. Only a clean exit can be a command daemonizing. Before the service was
   * ever ready its server may take a moment to listen, or to write its pid file, so it is
   * waited for. After: the forked server may have answered the probe while the command was
   * still exiting (probes run every few ms at boot), so the port's holder is looked at once.
   * `stopping`: stack stopped it (stop, restart, down), whose stop then stops what is left
   * once the group is gone, and a process exiting on its stop signal is not daemonizing;
   * nothing is looked for here too (each look reads every process on the machine while a
   * restart waits).
   */
  async afterExit(root: ProcessIdentity, exit: ExitInfo, config: ServiceConfig, how: ExitCircumstances): Promise<Survivors> {
    const { everReady, daemonized, stopping } = how;
    if (stopping) return { leftovers: [], holder: null };
    const { port, pidFile, health } = config;
    const findable = port !== undefined || pidFile !== undefined;
    const daemonizing = isCleanExit(exit) && findable && !daemonized;
    const waitMs = everReady ? LOOK_ONCE_MS : Math.max(DAEMON_WAIT_MIN_MS, Math.min(health.startPeriod, DAEMON_WAIT_MAX_MS));
    const daemonWaitMs = daemonizing ? waitMs : 0;
    return afterRootExit(root, exit.at, { marker: this.owner.marker, port, pidFile, daemonWaitMs });
  }
}
