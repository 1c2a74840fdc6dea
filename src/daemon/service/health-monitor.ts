/**
 * The probe loop of one run. Probes fast while a service boots (boot-probe.ts), so `up`
 * returns as soon as it is ready rather than on the next `interval` tick; then every
 * `interval`, on the beat every service shares (beat.ts). A hung probe only delays its own
 * service: each service has its own loop and every probe is bounded by `timeout`. It
 * reports what it sees (lifecycle.ts decides what that means).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { HealthConfig } from '../../config/types.js';
import { isAlive } from '../../runtime/process/identity.js';
import { getPlatform } from '../../runtime/platform/index.js';
import { addressMismatch, probeAddress } from '../../runtime/probes/address-hint.js';
import { runProbe } from '../../runtime/probes/index.js';
import type { ExitInfo, ProcessIdentity } from '../../runtime/types.js';
import { untilBeat } from './beat.js';
import { bootProbeDelay } from './boot-probe.js';
import type { LifecycleEvent } from './lifecycle-types.js';

/** Probe loops of this daemon whose service is booting now: they share one probing budget (boot-probe.ts). */
let bootingLoops = 0;

/** The run being probed, as the service shows it. */
export interface ProbedRun {
  readonly runId: number;
  readonly identity: ProcessIdentity;
  readonly health: HealthConfig;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly logFile: string;
  /** Where this run's output starts in logFile (log probes read from there). */
  readonly logOffset: number;
  /** An adopted process is not our child: no exit event comes, so the loop polls liveness. */
  readonly watchExit: boolean;
  /** A probe has passed in this run. */
  isReady(): boolean;
  report(event: LifecycleEvent): void;
  /** The process is gone (seen by the liveness poll). */
  exited(exit: ExitInfo): Promise<void>;
}

export async function monitorHealth(run: ProbedRun, signal: AbortSignal): Promise<void> {
  const { health, identity } = run;
  const began = Date.now();
  let failures = 0;
  // When the server first listens, for `stack analyze` (only for a process we spawned: an adopted one listened long ago).
  let heard = run.watchExit;
  let countedBooting = false;
  let addressHint: string | null = null;
  const countBooting = (booting: boolean): void => {
    if (booting !== countedBooting) bootingLoops += booting ? 1 : -1;
    countedBooting = booting;
  };
  try {
    while (!signal.aborted) {
      if (run.watchExit && !(await isAlive(identity))) {
        await run.exited({ code: null, signal: null, at: Date.now() });
        return;
      }
      const result = await runProbe(health.probe, {
        timeoutMs: health.timeout,
        cwd: run.cwd,
        env: run.env,
        logFile: run.logFile,
        logOffset: run.logOffset,
        identity,
      });
      if (signal.aborted) return;
      const booting = !run.isReady() && Date.now() - began < health.startPeriod;
      if (result.reached && !heard) {
        heard = true;
        run.report({ type: 'listening', runId: run.runId, ...result.reached });
      }
      if (result.ok) {
        failures = 0;
        run.report({ type: 'probe-passed', runId: run.runId, detail: result.message });
      } else {
        if (!booting) failures += 1;
        // Why a counted refusal happens, when it is the address: asked up to the failure that
        // decides (one read of the socket tables each, a program where that is not cheap), then kept.
        const refused = !booting && /refused/.test(result.message);
        if (refused && failures <= health.retries) addressHint = await refusedBecause(health.probe);
        const hint = refused ? addressHint : null;
        if (signal.aborted) return;
        const detail = hint ? `${result.message}; ${hint}` : result.message;
        run.report({ type: 'probe-failed', runId: run.runId, detail, counted: !booting, failures });
      }
      const stillBooting = booting && !run.isReady();
      countBooting(stillBooting);
      // Steady checks on the shared beat (beat.ts): one wake-up for every service due then.
      // After a failed check the next is a whole interval away, so `retries` failures span
      // `retries` intervals as configured (the next beat may be a few ms off).
      if (!stillBooting && result.ok) await untilBeat(health.interval, signal);
      else if (!stillBooting) await sleep(health.interval, undefined, { signal });
      else await sleep(bootProbeDelay(health.probe.kind, bootingLoops, Date.now() - began), undefined, { signal });
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    countBooting(false);
  }
}

/** The address sentence for a refused probe of an IP literal, from who listens on its port now. */
async function refusedBecause(probe: HealthConfig['probe']): Promise<string | null> {
  const address = probeAddress(probe);
  if (address === null) return null;
  try {
    // ownerPids: [] — only the sockets, no owner lookup (the cheap question).
    const sockets = await getPlatform().listeningSockets({ ownerPids: [] });
    return addressMismatch(address, sockets.filter((s) => s.port === address.port).map((s) => s.host));
  } catch {
    return null;
  }
}
