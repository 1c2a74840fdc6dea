/**
 * One supervised service: the only writer of its lifecycle. Everything that happens to
 * it (a build, a spawn, a probe result, an exit, a timer, a source change) arrives as an
 * event; lifecycle.ts decides the new state and the effects, and this file applies them
 * and runs the effects through src/runtime (spawn, stop, probe, watch).
 */
import type { ServiceConfig } from '../../config/types.js';
import { buildLogFile, serviceLogFile } from '../../project-dir.js';
import type { RunLog, ServiceProgress } from '../../protocol/messages.js';
import { SERVICE_MARKER, serviceMarker } from '../../protocol/service-marker.js';
import type { SavedService } from '../../protocol/state-file.js';
import { logSize } from '../../runtime/logs/log-file.js';
import type { Marker } from '../../runtime/process/leftovers.js';
import { spawnUnlessAborted } from '../../runtime/process/runner.js';
import { stopService } from '../../runtime/process/stop.js';
import type { ExitInfo, ProcessIdentity, SpawnedProcess, StopOptions } from '../../runtime/types.js';
import { runBuildStep } from './build-step.js';
import { LeftoverProcesses } from './leftover-processes.js';
import { monitorHealth } from './health-monitor.js';
import { watchMemory } from './memory-watch.js';
import type { ServiceContext } from './context.js';
import { Restarts } from './restarts.js';
import { LifecycleHolder } from './lifecycle-holder.js';
import type { Effect, LifecycleEvent } from './lifecycle-types.js';
import { portTakenReason } from './port-check.js';
import type { Outcome } from './run.js';
import { RestartTimer } from './restart-timer.js';
import { reportExit } from './run-exit.js';
import { SourceTracking } from './source-tracking.js';

export type { Outcome } from './run.js';
export type { ServiceContext } from './context.js';

export class ServiceRuntime extends LifecycleHolder {
  /** Aborts the current run's own work (probe loop, exit watch, a spawn in flight) when it stops or ends. */
  private controller: AbortController | null = null;
  /** The spawn in flight, if any: stop() waits for it, so a process spawned meanwhile never outlives a `down`. */
  private spawning: Promise<SpawnedProcess | null> | null = null;
  private readonly restartTimer = new RestartTimer();
  private readonly restarting: Restarts;
  readonly sources: SourceTracking;
  /** A service is renamed only by becoming another service: these never change. */
  readonly logFile: string;
  readonly buildLog: string;
  /** In the environment of every process of this service (protocol/service-marker.ts). */
  readonly marker: Marker;
  private readonly leftovers: LeftoverProcesses;

  constructor(
    config: ServiceConfig,
    private readonly ctx: ServiceContext,
  ) {
    super(config, config.name);
    this.logFile = serviceLogFile(ctx.paths, this.name);
    this.buildLog = buildLogFile(ctx.paths, this.name);
    this.marker = { variable: SERVICE_MARKER, value: serviceMarker(ctx.paths.root, this.name) };
    this.leftovers = new LeftoverProcesses({ marker: this.marker, orphans: () => this.life.orphans, stopOptions: () => this.stopOptions() });
    this.sources = new SourceTracking(
      {
        name: this.name,
        // The config the service has now: an `up` may bring a new one.
        sources: () => this.config,
        startedAt: () => this.identity?.startedAt,
        report: (event) => void this.dispatch(event),
        isConfigFile: (file) => ctx.isConfigFile?.(file) ?? false,
      },
      ctx.events,
      ctx.paths,
    );
    this.restarting = new Restarts(
      {
        hasBuild: () => this.config.build !== undefined,
        settled: () => this.sources.settled(),
        build: () => this.build(),
        skipped: (reason) => this.record('restart-skipped', { reason }),
        stopIfRunning: () => (this.identity ? this.stop() : null),
        // A `stack down` meanwhile wins over a restart for a change.
        claim: (by, reason) => !(by === 'change' && this.run.stoppedByDown) && !this.dispatch({ type: 'start-requested', by, reason }).ignored,
        start: (settle) => this.start({ skipBuild: true, settle }),
      },
      (work) => this.background(work),
    );
  }

  /** Claim the service for a new run before anything waits on it, so no one reads the previous run's outcome. */
  claim(): void {
    this.dispatch({ type: 'start-requested', by: 'person' });
  }

  /** Fail the claimed run without starting it (a dependency failed). */
  abandon(reason: string): void {
    this.dispatch({ type: 'abandoned', reason });
  }

  /** `settle`: started for a save, whose files are spawned on only once whole (save-settle.ts). */
  async start({ skipBuild = false, settle = false } = {}): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    // Sources are watched from the first attempt on, also a failed one (a crash-looping
    // service retries on the next save), but after the spawn: loading and subscribing the
    // native watcher (~25 ms on a new daemon) would otherwise delay it. `up` returns only
    // once it is watching (bring-up.ts).
    try {
      await this.spawnRun(controller, skipBuild, settle);
    } finally {
      this.sources.watch();
    }
  }

  private async spawnRun(controller: AbortController, skipBuild: boolean, settle: boolean): Promise<void> {
    if (this.config.build && !skipBuild) {
      const built = await this.build();
      if (!built.ok) return void this.dispatch({ type: 'start-failed', reason: built.reason });
      if (controller.signal.aborted) return;
    }
    this.dispatch({ type: 'spawn-started' });
    const busy = await portTakenReason(
      this.config,
      (pid) => this.leftovers.isOwn(pid),
      () => this.leftovers.stopAll().then((pids) => this.record('leftovers-stopped', { pids })),
    );
    if (busy) return void this.dispatch({ type: 'start-failed', reason: busy });
    // After the stop and the port check, which take about as long as a save takes to settle.
    if (settle) await this.sources.settled(controller.signal);
    if (controller.signal.aborted) return;
    const log: RunLog = { file: this.logFile, from: logSize(this.logFile) };
    const config = this.config;
    const spawning = spawnUnlessAborted(
      { command: config.command, cwd: config.cwd, env: { ...config.env, ...this.sources.spawnEnv(config.env), [this.marker.variable]: this.marker.value }, logFile: this.logFile },
      controller.signal,
      this.stopOptions(),
    );
    this.spawning = spawning;
    let spawned;
    try {
      spawned = await spawning;
    } catch (error) {
      return void this.dispatch({ type: 'start-failed', reason: error instanceof Error ? error.message : String(error) });
    } finally {
      if (this.spawning === spawning) this.spawning = null;
    }
    if (!spawned) return;
    const runId = this.run.id;
    if (this.dispatch({ type: 'spawned', identity: spawned.identity, log }).ignored) return;
    this.spawnedWith = config;
    this.background(
      spawned.exited.then((exit) => {
        // The process is gone: this run's probe loop has nothing left to ask (a failing
        // probe must not count while its exit is being looked into).
        if (this.run.id === runId) this.controller?.abort();
        return this.rootExited(runId, spawned.identity, log.from, exit);
      }),
    );
  }

  /** The run's root process (spawned, adopted, or the server a command daemonized into) is gone. */
  private rootExited(runId: number, root: ProcessIdentity, logOffset: number, exit: ExitInfo): Promise<void> {
    const how = { everReady: this.run.ready, daemonized: this.daemonized, stopping: this.run.id === runId && this.run.stopRequested };
    const survivors = () => this.leftovers.afterExit(root, exit, this.config, how);
    return reportExit({ runId, logFile: this.logFile, logOffset }, exit, survivors, (event) => this.dispatch(event));
  }

  /**
   * Take up a service recorded in state.json by a previous daemon. `alive`: its process
   * checked out (pid and start time), so it is adopted; otherwise it is on record as lost.
   * `startedWith`: the config its process was started with, as far as the record says.
   */
  async restore(record: SavedService, alive: boolean, startedWith: ServiceConfig | null = null): Promise<void> {
    this.spawnedWith = startedWith;
    // A root that died while no daemon watched may have left processes running (nginx's workers).
    const leftovers = !alive && record.identity ? await this.leftovers.ofLostRoot(record.identity) : [];
    this.dispatch({ type: 'restored', record, alive, log: { file: this.logFile, from: logSize(this.logFile) }, leftovers });
  }

  /** Run only the build step (restart builds before stopping: a failed build leaves the running version alone). */
  async build(): Promise<Outcome> {
    if (!this.config.build) return { ok: true };
    this.dispatch({ type: 'build-started', log: { file: this.buildLog, from: 0 } });
    const result = await runBuildStep(this.config, this.buildLog, this.ctx.paths);
    this.dispatch({ type: 'build-finished', code: result.code, signal: result.signal, durationMs: result.durationMs });
    return result.outcome;
  }

  /**
   * Stop the process group (stop_signal, SIGKILL after stop_timeout). `replaced`: a
   * restart follows, so those waiting on this run wait for the next one; `byDown`: a
   * `stack down` asked, so an `up` waiting on it was interrupted rather than failed.
   */
  async stop({ replaced = false, byDown = false }: { replaced?: boolean; byDown?: boolean } = {}): Promise<void> {
    this.dispatch({ type: 'stop-requested', replaced, byDown });
    // A process being spawned right now is stopped by start() itself (the abort above): wait for that.
    if (this.spawning) await this.spawning.catch(() => null);
    const identity = this.identity;
    const began = Date.now();
    if (!identity) {
      // Its root is gone; what it left running (if anything) is stopped all the same.
      const leftovers = await this.leftovers.stopAll();
      this.dispatch({ type: 'stopped', pid: null, escalated: false, elapsedMs: Date.now() - began, leftovers });
      return;
    }
    this.dispatch({ type: 'stop-began' });
    const result = await stopService(identity, this.stopOptions());
    // Whatever of it escaped the group and its tree (a setsid'd, re-parented child).
    const leftovers = await this.leftovers.stopAll();
    this.dispatch({ type: 'stopped', pid: identity.pid, escalated: result.escalated, elapsedMs: Date.now() - began, leftovers });
  }

  stopOptions(): StopOptions {
    return { signal: this.config.stopSignal, timeoutMs: this.config.stopTimeout };
  }

  /** Stop watching sources. `forGood` (stack down, gone from stack.yaml): nothing of its start is kept either. */
  async release(forGood = false): Promise<void> {
    await this.sources.close({ forgetStart: forGood });
  }

  /** Recorded in events.jsonl (the timeline). */
  record(type: string, fields: Record<string, unknown> = {}): void {
    this.ctx.events.append(type, { service: this.name, ...fields });
  }

  emit(phase: ServiceProgress['phase'], extra: Partial<ServiceProgress> = {}): void {
    this.ctx.progress({ type: 'progress', service: this.name, phase, at: Date.now(), ...extra });
  }

  protected services(): Readonly<Record<string, ServiceConfig>> {
    return this.ctx.services();
  }

  protected changed(persist: boolean): void {
    this.ctx.changed(persist);
  }

  protected apply(effect: Effect): void {
    switch (effect.kind) {
      case 'record':
        return this.record(effect.type, effect.fields);
      case 'progress': {
        const { kind: _, phase, ...extra } = effect;
        return this.emit(phase, extra);
      }
      case 'monitor':
        return this.monitor(effect.watchExit);
      case 'watch-sources':
        return this.sources.watch(effect.primeSince);
      case 'process-started':
        return this.sources.processStarted(effect.startedAt);
      case 'schedule-restart':
        return this.restartTimer.schedule(effect.delayMs, () => this.dispatch({ type: 'restart-due' }));
      case 'cancel-restart':
        return this.restartTimer.cancel();
      case 'abort-run':
        this.controller?.abort();
        this.controller = null;
        return;
      case 'restart':
        return this.restarting.request(effect.by, effect.reason);
      case 'reap':
        return this.background(this.reap(effect.leftovers));
      case 'stop-process': // its exit comes through the exit watch (or the liveness poll), like any other
        return void (this.identity && this.background(stopService(this.identity, this.stopOptions())));
    }
  }

  /** Stops what an exit left running, then lets the lifecycle go on (the restart policy). */
  private async reap(leftovers: ProcessIdentity[]): Promise<void> {
    const runId = this.run.id;
    const result = await this.leftovers.stop(leftovers);
    this.dispatch({ type: 'leftovers-reaped', runId, pids: leftovers.map((p) => p.pid), escalated: result.escalated });
  }

  private monitor(watchExit: boolean): void {
    const identity = this.identity;
    const log = this.runLog;
    if (!identity) return;
    // A loop of its own: one that probed another process of this run (the command that daemonized) ends.
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const { health, cwd, env } = this.config;
    const runId = this.run.id;
    const logOffset = log?.file === this.logFile ? log.from : logSize(this.logFile);
    const run = {
      ...{ runId, identity, health, cwd, env, logFile: this.logFile, logOffset, watchExit },
      isReady: () => this.run.id === runId && this.run.ready,
      report: (event: LifecycleEvent): void => void this.dispatch(event),
      exited: (exit: ExitInfo) => this.rootExited(runId, identity, logOffset, exit),
    };
    this.background(monitorHealth(run, controller.signal));
    const limit = this.config.memoryLimit;
    if (limit !== undefined) this.background(watchMemory({ runId, identity, limit, intervalMs: health.interval, report: run.report }, controller.signal));
  }

  /** Work that runs on its own (exit watch, health loop, a restart): a bug there is recorded, never fatal to the daemon. */
  private background(work: Promise<unknown>): void {
    work.catch((error: unknown) => {
      this.record('internal-error', { error: error instanceof Error ? error.stack : String(error) });
    });
  }
}
