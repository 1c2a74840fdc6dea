/**
 * One supervised service: its state machine (pending → building → starting → running →
 * stopping → stopped | exited) and the facts of its current run. Effects go through
 * src/runtime; the decisions live in run.ts and are unit-tested there.
 */
import { statSync } from 'node:fs';
import type { DependencyCondition, ServiceConfig } from '../config/types.js';
import { buildLogFile, serviceLogFile, type ProjectPaths } from '../paths.js';
import { runBuild } from '../runtime/build.js';
import { readLogTail } from '../runtime/log-tail.js';
import { spawnService } from '../runtime/runner.js';
import { stopService } from '../runtime/stop.js';
import type { ExitInfo, ProcessIdentity, ProbeResult } from '../runtime/types.js';
import type { EventLog } from './event-log.js';
import { describeExit, extractExitReason } from './exit-reason.js';
import { monitorHealth } from './health-monitor.js';
import type { Health, LastExit, ServiceProgress, ServiceState } from './protocol.js';
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
  private controller: AbortController | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(
    public config: ServiceConfig,
    private readonly ctx: ServiceContext,
  ) {}

  get name(): string {
    return this.config.name;
  }

  get logFile(): string {
    return serviceLogFile(this.ctx.paths, this.name);
  }

  get buildLog(): string {
    return buildLogFile(this.ctx.paths, this.name);
  }

  /** building, starting or running: a process exists or is about to. */
  isActive(): boolean {
    return this.state === 'building' || this.state === 'starting' || this.state === 'running';
  }

  /** Begin a fresh run before anything waits on it, so no one reads the previous run's outcome. */
  prepare(): void {
    this.run = newRun();
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
    if (this.config.build && !skipBuild) {
      const built = await this.build();
      if (!built.ok) return this.failRun(built.reason);
      if (controller.signal.aborted) return;
    }
    this.setState('starting');
    this.emit('starting');
    const logOffset = fileSize(this.logFile);
    let spawned;
    try {
      spawned = await spawnService({
        command: this.config.command,
        cwd: this.config.cwd,
        env: this.config.env,
        logFile: this.logFile,
      });
    } catch (error) {
      return this.failRun(error instanceof Error ? error.message : String(error));
    }
    if (controller.signal.aborted) {
      // stop() came while we were spawning: the new process must not outlive it.
      await stopService(spawned.identity, { signal: this.config.stopSignal, timeoutMs: this.config.stopTimeout });
      return;
    }
    this.identity = spawned.identity;
    this.run.spawned = true;
    this.ctx.events.append('start', { service: this.name, pid: spawned.identity.pid });
    this.notify();
    this.ctx.changed();
    void spawned.exited.then((exit) => this.onExit(exit, controller));
    void monitorHealth(this, controller, { logOffset, watchExit: false });
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
    this.ctx.events.append('adopt', { service: this.name, pid: identity.pid });
    // We are not its parent, so no exit event comes: the monitor polls liveness instead.
    void monitorHealth(this, controller, { logOffset: fileSize(this.logFile), watchExit: true });
  }

  /** Run only the build step (restart builds before stopping: a failed build leaves the running version alone). */
  async build(): Promise<Outcome> {
    if (!this.config.build) return { ok: true };
    const previous = this.state;
    this.setState('building');
    this.emit('building');
    const result = await runBuild({ command: this.config.build, cwd: this.config.cwd, env: this.config.env, logFile: this.buildLog });
    this.ctx.events.append('build', { service: this.name, code: result.code, signal: result.signal, durationMs: result.durationMs });
    if (this.state === 'building') this.setState(previous === 'pending' ? 'pending' : previous);
    if (result.code === 0) return { ok: true };
    return { ok: false, reason: `build failed (${describeExit(result)}); see ${this.ctx.paths.logsDir}/${this.name}.build.log` };
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    this.controller = null;
    const identity = this.identity;
    if (!identity) {
      if (this.state !== 'exited') this.setState('stopped');
      this.run.failure ??= 'stopped before it was ready';
      this.notify();
      return;
    }
    this.setState('stopping');
    this.emit('stopping');
    const began = Date.now();
    const result = await stopService(identity, { signal: this.config.stopSignal, timeoutMs: this.config.stopTimeout });
    this.identity = null;
    this.health = 'unknown';
    if (!this.run.ready) this.run.failure ??= 'stopped before it was ready';
    this.setState('stopped');
    this.ctx.events.append('stop', { service: this.name, pid: identity.pid, escalated: result.escalated });
    this.emit('stopped', { elapsedMs: Date.now() - began });
  }

  waitFor(condition: DependencyCondition): Promise<Outcome> {
    return new Promise((resolve) => {
      const check = (): void => {
        const decision: Decision = decide(this.run, condition, this.config.health.probe, this.exitDescription());
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
      if (this.health !== 'healthy') this.ctx.events.append('health', { service: this.name, health: 'healthy', detail: result.message });
      this.health = 'healthy';
      if (!this.run.ready) {
        this.run.ready = true;
        this.setState('running');
      }
      this.notify();
      return;
    }
    if (!counted || failures < this.config.health.retries) return;
    if (this.health !== 'unhealthy') this.ctx.events.append('health', { service: this.name, health: 'unhealthy', detail: result.message });
    this.health = 'unhealthy';
    if (!this.run.ready) this.run.failure ??= `health check failed ${failures} times in a row: ${result.message}`;
    this.notify();
  }

  async onExit(exit: ExitInfo, controller: AbortController): Promise<void> {
    // A deliberate stop aborts the controller first; an old run's exit is not news.
    if (controller !== this.controller || controller.signal.aborted) return;
    controller.abort();
    this.controller = null;
    const reason = extractExitReason(await readLogTail(this.logFile, 50));
    this.lastExit = { code: exit.code, signal: exit.signal, at: new Date(exit.at).toISOString(), reason };
    this.run.exit = exit;
    this.identity = null;
    this.health = 'unknown';
    this.setState('exited');
    this.ctx.events.append('exit', { service: this.name, code: exit.code, signal: exit.signal, reason });
  }

  /** "exited with code 1: Error: Cannot find module 'x'". */
  exitDescription(): string {
    if (!this.lastExit) return 'exited';
    const base = describeExit(this.lastExit);
    return this.lastExit.reason ? `${base}: ${this.lastExit.reason}` : base;
  }

  emit(phase: ServiceProgress['phase'], extra: Partial<ServiceProgress> = {}): void {
    this.ctx.progress({ type: 'progress', service: this.name, phase, at: Date.now(), ...extra });
  }

  private failRun(reason: string): void {
    this.run.failure = reason;
    this.lastExit = { code: null, signal: null, at: new Date().toISOString(), reason };
    this.setState('exited');
    this.ctx.events.append('start-failed', { service: this.name, reason });
  }

  private setState(state: ServiceState): void {
    this.state = state;
    this.notify();
    this.ctx.changed();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
