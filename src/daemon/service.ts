/**
 * One supervised service: its state machine (pending → building → starting → running →
 * stopping → stopped | exited) and the facts of its current run. Effects go through
 * src/runtime; the decisions live in run.ts and are unit-tested there.
 */
import type { DependencyCondition, ServiceConfig } from '../config/types.js';
import { buildLogFile, serviceLogFile, type ProjectPaths } from '../paths.js';
import { logSize } from '../runtime/log-file.js';
import { readLogTail } from '../runtime/log-tail.js';
import { spawnService } from '../runtime/runner.js';
import { stopService } from '../runtime/stop.js';
import type { ExitInfo, ProcessIdentity, ProbeResult, SpawnedProcess } from '../runtime/types.js';
import type { EventLog } from './event-log.js';
import { describeExit, extractExitReason } from './exit-reason.js';
import { AutoRestart } from './auto-restart.js';
import { runBuildStep } from './build-step.js';
import { SourceTracking } from './source-tracking.js';
import { monitorHealth } from './health-monitor.js';
import { portTakenReason } from './port-check.js';
import type { Health, LastExit, RunLog, ServiceProgress, ServiceState } from './protocol.js';
import { decide, newRun, type Decision, type RunFacts } from './run.js';

export interface ServiceContext {
  paths: ProjectPaths;
  events: EventLog;
  progress(event: ServiceProgress): void;
  /** Something worth persisting changed. */
  changed(): void;
}

export type Outcome = { ok: true } | { ok: false; reason: string };

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
  private readonly waiters = new Set<() => void>();
  readonly autoRestart: AutoRestart;
  readonly sources: SourceTracking;

  constructor(
    public config: ServiceConfig,
    private readonly ctx: ServiceContext,
  ) {
    this.autoRestart = new AutoRestart(this, ctx.events);
    this.sources = new SourceTracking(this, ctx.events, ctx.paths.root);
  }

  get name(): string {
    return this.config.name;
  }

  get logFile(): string {
    return serviceLogFile(this.ctx.paths, this.name);
  }

  get buildLog(): string {
    return buildLogFile(this.ctx.paths, this.name);
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
    this.sources.watch();
    if (this.config.build && !skipBuild) {
      const built = await this.build();
      if (!built.ok) return this.failRun(built.reason, true);
      if (controller.signal.aborted) return;
    }
    this.setState('starting');
    this.emit('starting');
    const busy = await portTakenReason(this.config.port);
    if (busy) return this.failRun(busy);
    if (controller.signal.aborted) return;
    const logOffset = logSize(this.logFile);
    this.runLog = { file: this.logFile, from: logOffset };
    let spawned;
    const spawning = this.spawnUnlessStopped(controller);
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
    this.ctx.changed();
    this.background(spawned.exited.then((exit) => this.onExit(exit, controller)));
    this.background(monitorHealth(this, controller, { logOffset, watchExit: false }));
  }

  /** Spawns the process; null when stop() came meanwhile (the new process is then stopped before this resolves). */
  private async spawnUnlessStopped(controller: AbortController): Promise<SpawnedProcess | null> {
    const spawned = await spawnService({
      command: this.config.command,
      cwd: this.config.cwd,
      env: this.config.env,
      logFile: this.logFile,
    });
    if (!controller.signal.aborted) return spawned;
    await stopService(spawned.identity, { signal: this.config.stopSignal, timeoutMs: this.config.stopTimeout });
    return null;
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
    const result = await stopService(identity, { signal: this.config.stopSignal, timeoutMs: this.config.stopTimeout });
    this.identity = null;
    this.health = 'unknown';
    if (!this.run.ready) this.run.failure ??= reason;
    this.setState('stopped');
    this.record('stop', { pid: identity.pid, escalated: result.escalated });
    this.emit('stopped', { elapsedMs: Date.now() - began });
  }

  /** Whether `condition` is decided for the current run (null: not yet). */
  decide(condition: DependencyCondition): Decision {
    return decide(this.run, condition, this.config.health.probe, (when) => this.exitDescription(when));
  }

  waitFor(condition: DependencyCondition): Promise<Outcome> {
    return new Promise((resolve) => {
      const check = (): void => {
        const decision = this.decide(condition);
        if (!decision) return;
        this.waiters.delete(check);
        resolve(decision);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Called by the health monitor with each probe result. */
  recordProbe(result: ProbeResult, counted: boolean, failures: number): void {
    this.healthDetail = result.message;
    if (result.ok) {
      if (this.health !== 'healthy') this.record('health', { health: 'healthy', detail: result.message });
      this.health = 'healthy';
      if (!this.run.ready) {
        this.run.ready = true;
        this.setState('running');
      }
      this.notify();
      return;
    }
    if (!counted || failures < this.config.health.retries) return;
    const becameUnhealthy = this.health !== 'unhealthy';
    if (becameUnhealthy) this.record('health', { health: 'unhealthy', detail: result.message });
    this.health = 'unhealthy';
    const reason = `health check failed ${failures} times in a row: ${result.message}`;
    if (!this.run.ready) this.run.failure ??= reason;
    this.notify();
    this.ctx.changed();
    if (becameUnhealthy) this.autoRestart.handle({ kind: 'unhealthy' }, reason, this.uptime());
  }

  async onExit(exit: ExitInfo, controller: AbortController): Promise<void> {
    // A deliberate stop aborts the controller first; an old run's exit is not news.
    if (controller !== this.controller || controller.signal.aborted) return;
    controller.abort();
    this.controller = null;
    const reason = extractExitReason(await readLogTail(this.logFile, 50, this.runLog?.from ?? 0));
    this.lastExit = { code: exit.code, signal: exit.signal, at: new Date(exit.at).toISOString(), reason };
    this.run.exit = exit;
    const ranForMs = this.uptime();
    this.identity = null;
    this.health = 'unknown';
    this.setState('exited');
    this.record('exit', { code: exit.code, signal: exit.signal, reason });
    // `up` reports a crash at start at once; the policy still retries it in the background
    // (the cause may be passing) until it counts as a crash loop.
    this.autoRestart.handle({ kind: 'exit', code: exit.code, signal: exit.signal }, this.exitDescription(), ranForMs);
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
  private uptime(): number {
    return this.identity ? Date.now() - this.identity.startedAt : 0;
  }

  /** "exited with code 1{when}: Error: Cannot find module 'x'". */
  exitDescription(when = ''): string {
    if (!this.lastExit) return `exited${when}`;
    const base = `${describeExit(this.lastExit)}${when}`;
    return this.lastExit.reason ? `${base}: ${this.lastExit.reason}` : base;
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
    this.ctx.changed();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
