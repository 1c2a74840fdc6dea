/**
 * The half of a service that holds its lifecycle: the state lifecycle.ts computes, read
 * through getters, the one `dispatch` that changes it, and the waits on it (a dependent's
 * depends_on, an `up`, a `stack wait`). service.ts, which runs the effects, extends it;
 * nothing else can write the state.
 */
import { isJob, mayBeJob } from '../../config/job.js';
import type { DependencyCondition, ServiceConfig } from '../../config/types.js';
import { describeExitWithReason } from '../../protocol/exit-wording.js';
import type { RunLog } from '../../protocol/messages.js';
import type { WaitCondition } from '../../protocol/wait.js';
import { decideWait, type WaitView } from '../../protocol/wait-decision.js';
import { next } from './lifecycle.js';
import { initialLifecycle, isActive, type Effect, type Lifecycle, type LifecycleEvent, type Transition } from './lifecycle-types.js';
import { decide, RunWaiters, type Decision, type Outcome } from './run.js';

export abstract class LifecycleHolder {
  protected life: Lifecycle = initialLifecycle();
  /** The config its current process was spawned (or re-adopted) with; see `startedWith`. */
  protected spawnedWith: ServiceConfig | null = null;
  private readonly waiters = new RunWaiters();

  constructor(
    public config: ServiceConfig,
    readonly name: string,
  ) {}

  /** Every service of the current config (whether this one is a job depends on who waits for it). */
  protected abstract services(): Readonly<Record<string, ServiceConfig>>;
  /** Something status shows changed; `persist`: something state.json keeps. */
  protected abstract changed(persist: boolean): void;
  /** Runs one effect of a transition. */
  protected abstract apply(effect: Effect): void;

  get state() {
    return this.life.state;
  }
  get health() {
    return this.life.health;
  }
  get healthDetail() {
    return this.life.healthDetail;
  }
  get identity() {
    return this.life.identity;
  }
  get restarts() {
    return this.life.restarts;
  }
  get lastExit() {
    return this.life.lastExit;
  }
  get run() {
    return this.life.run;
  }
  /** The output of the current run (build log while building), for failure reports. */
  get runLog(): RunLog | null {
    return this.life.run.log;
  }
  /**
   * The resolved config its process runs with, while one runs: an `up` changes `config`
   * at once, the process only at its next start. null when no process runs (or a
   * re-adopted one whose config no record kept).
   */
  get startedWith(): ServiceConfig | null {
    return this.identity ? this.spawnedWith : null;
  }
  /** Its command daemonized, and stack tracks the server it left running. */
  get daemonized(): boolean {
    return this.life.daemonizedFrom !== null;
  }
  /** The pid of the command that daemonized, while stack tracks the server it left running. */
  get daemonizedFrom(): number | null {
    return this.life.daemonizedFrom;
  }
  /** Pids that are this service's although it runs no process now (for status: never "foreign"). */
  ownPids(): number[] {
    return this.life.orphans.map((p) => p.pid);
  }
  /** Epoch ms of the restart the policy scheduled, or null. */
  get restartDueAt(): number | null {
    return this.life.restartDueAt;
  }

  /**
   * pending, building, starting or running: an operation has claimed this service, or a
   * process exists. A second `up` joins the run in progress instead of starting another.
   */
  isActive(): boolean {
    return isActive(this.state);
  }

  /** Whether `condition` is decided for the current run (null: not yet). */
  decide(condition: DependencyCondition): Decision {
    return decide(this.run, condition, this.isJob(), (when) => this.exitDescription(when));
  }

  waitFor(condition: DependencyCondition): Promise<Outcome> {
    return this.waiters.waitFor(() => this.decide(condition));
  }

  /** Resolves once `condition` of `stack wait` is decided on this service's own state changes; null once `signal` aborts first. */
  waitUntil(condition: WaitCondition, signal?: AbortSignal): Promise<Outcome | null> {
    return this.waiters.until(() => decideWait(this.waitView(), condition), signal);
  }

  /** The facts `stack wait` decides on (protocol/wait-decision.ts). */
  waitView(): WaitView {
    return {
      state: this.state,
      health: this.health,
      pid: this.identity?.pid ?? null,
      lastExit: this.lastExit,
      restartPending: this.life.restartDueAt !== null || this.life.pendingFailure !== null,
      job: this.isJob(),
    };
  }

  /** A one-shot job rather than a server: its exit 0 is its work done. */
  isJob(): boolean {
    // Its own config settles it for most services, without the map of every service (each probe asks).
    return mayBeJob(this.config) && isJob(this.name, this.services());
  }

  /** "exited with code 1{when}: Error: Cannot find module 'x'". */
  exitDescription(when = ''): string {
    return this.lastExit ? describeExitWithReason(this.lastExit, when) : `exited${when}`;
  }

  /** The one place the lifecycle changes: the transition decides, this applies it and runs its effects. */
  protected dispatch(event: LifecycleEvent): Transition {
    const { health } = this.config;
    const transition = next(this.life, event, {
      restart: this.config.restart,
      retries: health.retries,
      probe: health.probe,
      onStale: this.config.onStale,
      job: this.isJob(),
      now: Date.now(),
    });
    if (transition.ignored) return transition;
    const before = this.life;
    this.life = transition.life;
    for (const effect of transition.effects) this.apply(effect);
    this.waiters.notify();
    const persist = persistedChanged(before, this.life);
    if (persist || shownChanged(before, this.life)) this.changed(persist);
    return transition;
  }
}

/** What status shows besides that (`stack status --watch` is told; a false alarm only costs it one status). */
function shownChanged(a: Lifecycle, b: Lifecycle): boolean {
  return (
    a.health !== b.health ||
    a.restartDueAt !== b.restartDueAt ||
    a.staleReportedFor !== b.staleReportedFor ||
    a.sourcesStale !== b.sourcesStale ||
    a.orphans !== b.orphans ||
    a.daemonizedFrom !== b.daemonizedFrom
  );
}

/** What state.json keeps of a service (supervisor.ts persist). */
function persistedChanged(a: Lifecycle, b: Lifecycle): boolean {
  return a.state !== b.state || a.identity !== b.identity || a.restarts !== b.restarts || a.lastExit !== b.lastExit;
}
