/**
 * One supervised service: its state machine (pending → building → starting → running →
 * stopping → stopped | exited) and the facts of its current run. Effects go through
 * src/runtime; the decisions live in run.ts and are unit-tested there.
 */
import type { DependencyCondition, ServiceConfig } from '../../config/types.js';
import { buildLogFile, serviceLogFile, type ProjectPaths } from '../../project-dir.js';
import { logSize } from '../../runtime/logs/log-file.js';
import { spawnUnlessAborted } from '../../runtime/process/runner.js';
import { stopService } from '../../runtime/process/stop.js';
import type { ProcessIdentity, SpawnedProcess, StopOptions } from '../../runtime/types.js';
import type { EventLog } from '../state/event-log.js';
import { describeExitWithReason } from '../../protocol/exit-wording.js';
import { onRunExit } from './run-exit.js';
import { AutoRestart } from './auto-restart.js';
import { beforeSpawn, runBuildStep } from './build-step.js';
import { SourceTracking } from './source-tracking.js';
import { monitorHealth } from './health-monitor.js';
import type { RunLog, ServiceProgress } from '../../protocol/messages.js';
import type { Health, LastExit, ServiceState } from '../../protocol/status.js';
import { decide, newRun, RunWaiters, type Decision, type Outcome, type RunFacts } from './run.js';

export type { Outcome } from './run.js';

export interface ServiceContext {
  paths: ProjectPaths;
  events: EventLog;
  progress(event: ServiceProgress): void;
  /** Something worth persisting changed. */
  changed(): void;
}

export class ServiceRuntime {
  state: ServiceState = 'stopped';
  health: Health = 'unknown';
  healthDetail: string | null = null;
  identity: ProcessIdentity | null = null;
  restarts = 0;
  lastExit: LastExit | null = null;
  run: RunFacts = newRun();
  /** The output of the current run (build log while building), for failure reports. */
  runLog: RunLog | null = null;
  private controller: AbortController | null = null;
  /** The spawn in flight, if any: stop() waits for it, so a process spawned meanwhile never outlives a `down`. */
  private spawning: Promise<SpawnedProcess | null> | null = null;
  private readonly waiters = new RunWaiters();
  readonly autoRestart: AutoRestart;
  readonly sources: SourceTracking;
  /** A service is renamed only by becoming another service: these never change. */
  readonly name: string;
  readonly logFile: string;
  readonly buildLog: string;

  constructor(
    public config: ServiceConfig,
    private readonly ctx: ServiceContext,
  ) {
    this.name = config.name;
    this.logFile = serviceLogFile(ctx.paths, this.name);
    this.buildLog = buildLogFile(ctx.paths, this.name);
    this.autoRestart = new AutoRestart(this, ctx.events);
    this.sources = new SourceTracking(this, ctx.events, ctx.paths.root);
  }

  /**
   * pending, building, starting or running: an operation has claimed this service, or a
   * process exists. A second `up` joins the run in progress instead of starting another.
   */
  isActive(): boolean {
    return this.state === 'pending' || this.state === 'building' || this.state === 'starting' || this.state === 'running';
  }

  /**
   * Begin a fresh run before anything waits on it, so no one reads the previous run's
   * outcome. A run a person asked for (up, restart) starts the restart backoff over.
   */
  prepare({ byPolicy = false } = {}): void {
    if (!byPolicy) {
      // A person started it: the count of automatic restarts starts over too.
      this.autoRestart.reset();
      this.restarts = 0;
    }
    this.run = newRun();
    this.runLog = null;
    this.setState('pending');
  }

  /** Fail the prepared run without starting it (e.g. a dependency failed). */
  abandon(reason: string): void {
    this.run.failure = reason;
    this.setState('stopped');
  }

  async start({ skipBuild = false } = {}): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    // Sources are watched from the first attempt on, also a failed one (a crash-looping
    // service retries on the next save), but after the spawn: loading and subscribing the
    // native watcher (~25 ms on a new daemon) would otherwise delay it. `up` returns only
    // once it is watching (bring-up.ts).
    try {
      await this.spawnRun(controller, skipBuild);
    } finally {
      this.sources.watch();
    }
  }

  private async spawnRun(controller: AbortController, skipBuild: boolean): Promise<void> {
    const ready = await beforeSpawn(this, { skipBuild, signal: controller.signal });
    if (ready !== 'go') return ready === 'aborted' ? undefined : this.failRun(ready.reason, ready.keepLog);
    const logOffset = logSize(this.logFile);
    this.runLog = { file: this.logFile, from: logOffset };
    let spawned;
    const spawning = spawnUnlessAborted(
      { command: this.config.command, cwd: this.config.cwd, env: this.config.env, logFile: this.logFile },
      controller.signal,
      this.stopOptions(),
    );
    this.spawning = spawning;
    try {
      spawned = await spawning;
    } catch (error) {
      return this.failRun(error instanceof Error ? error.message : String(error));
    } finally {
      if (this.spawning === spawning) this.spawning = null;
    }
    if (!spawned) return;
    this.identity = spawned.identity;
    this.sources.processStarted(spawned.identity.startedAt);
    this.run.spawned = true;
    this.record('start', { pid: spawned.identity.pid });
    this.notify();
    this.changed();
    this.background(spawned.exited.then((exit) => onRunExit(this, exit, controller)));
    this.background(monitorHealth(this, controller, { logOffset, watchExit: false }));
  }

  /** Take over a live process recorded by a previous daemon (its identity was verified). */
  adopt(identity: ProcessIdentity, restarts: number, lastExit: LastExit | null): void {
    const controller = new AbortController();
    this.controller = controller;
    this.identity = identity;
    this.restarts = restarts;
    this.lastExit = lastExit;
    this.run = { ...newRun(), spawned: true };
    this.setState('starting');
    // Files saved while no daemon watched count too.
    this.sources.watch(identity.startedAt);
    this.record('adopt', { pid: identity.pid });
    // We are not its parent, so no exit event comes: the monitor polls liveness instead.
    this.background(monitorHealth(this, controller, { logOffset: logSize(this.logFile), watchExit: true }));
  }

  /** Run only the build step (restart builds before stopping: a failed build leaves the running version alone). */
  build(): Promise<Outcome> {
    return runBuildStep(this, this.ctx.paths);
  }

  /**
   * Stop the process group (stop_signal, SIGKILL after stop_timeout). `replaced`: a
   * restart follows, so those waiting on this run wait for the next one; `byDown`: a
   * `stack down` asked, so an `up` waiting on it was interrupted rather than failed.
   */
  async stop({ replaced = false, byDown = false }: { replaced?: boolean; byDown?: boolean } = {}): Promise<void> {
    this.autoRestart.cancel();
    this.controller?.abort();
    this.controller = null;
    this.run.replaced = replaced;
    this.run.stoppedByDown = byDown;
    const reason = byDown ? 'stopped by `stack down` before it was ready' : 'stopped before it was ready';
    // A process being spawned right now is stopped by start() itself (the abort above): wait for that.
    if (this.spawning) await this.spawning.catch(() => null);
    const identity = this.identity;
    if (!identity) {
      if (this.state !== 'exited') this.setState('stopped');
      this.run.failure ??= reason;
      this.notify();
      return;
    }
    this.setState('stopping');
    this.emit('stopping');
    const began = Date.now();
    const result = await stopService(identity, this.stopOptions());
    this.identity = null;
    this.health = 'unknown';
    if (!this.run.ready) this.run.failure ??= reason;
    this.setState('stopped');
    this.record('stop', { pid: identity.pid, escalated: result.escalated });
    this.emit('stopped', { elapsedMs: Date.now() - began });
  }

  private stopOptions(): StopOptions {
    return { signal: this.config.stopSignal, timeoutMs: this.config.stopTimeout };
  }

  /** Whether `condition` is decided for the current run (null: not yet). */
  decide(condition: DependencyCondition): Decision {
    return decide(this.run, condition, this.config.health.probe, (when) => this.exitDescription(when));
  }

  waitFor(condition: DependencyCondition): Promise<Outcome> {
    return this.waiters.waitFor(() => this.decide(condition));
  }

  /**
   * The run's process exited on its own: true when that is news (its controller is still
   * current and not aborted: a deliberate stop aborts it first, and an old run's exit is
   * not news), ending the run; run-exit.ts records how it ended.
   */
  claimExit(controller: AbortController): boolean {
    if (controller !== this.controller || controller.signal.aborted) return false;
    controller.abort();
    this.controller = null;
    return true;
  }

  /** Stop watching sources (stack down): nothing of this service runs any more. */
  async release(): Promise<void> {
    await this.sources.close();
  }

  /** Recorded in events.jsonl (the timeline). */
  record(type: string, fields: Record<string, unknown> = {}): void {
    this.ctx.events.append(type, { service: this.name, ...fields });
  }

  /** How long the current process has run, by the OS's start time. */
  uptime(): number {
    return this.identity ? Date.now() - this.identity.startedAt : 0;
  }

  /** "exited with code 1{when}: Error: Cannot find module 'x'". */
  exitDescription(when = ''): string {
    return this.lastExit ? describeExitWithReason(this.lastExit, when) : `exited${when}`;
  }

  emit(phase: ServiceProgress['phase'], extra: Partial<ServiceProgress> = {}): void {
    this.ctx.progress({ type: 'progress', service: this.name, phase, at: Date.now(), ...extra });
  }

  /** Work that runs on its own (exit watch, health loop): a bug there is recorded, never fatal to the daemon. */
  private background(work: Promise<unknown>): void {
    work.catch((error: unknown) => {
      this.record('internal-error', { error: error instanceof Error ? error.stack : String(error) });
    });
  }

  private failRun(reason: string, keepLog = false): void {
    this.run.failure = reason;
    if (!keepLog) this.runLog = null;
    this.lastExit = { code: null, signal: null, at: new Date().toISOString(), reason };
    this.setState('exited');
    this.record('start-failed', { reason });
  }

  setState(state: ServiceState): void {
    this.state = state;
    this.notify();
    this.changed();
  }

  /** The run's facts changed: those waiting on it look again. */
  notify(): void {
    this.waiters.notify();
  }

  /** Something worth persisting changed. */
  changed(): void {
    this.ctx.changed();
  }
}
