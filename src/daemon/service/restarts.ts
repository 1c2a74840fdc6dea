/**
 * The two automatic restarts, as steps over the service (service.ts supplies them).
 *
 * By the restart policy, once its backoff has passed: stop what runs, start again, no
 * build (a crash is not a code change).
 *
 * For a source change (`on_stale: restart`), one at a time. The first change of a save
 * starts one at once: a build, if any, once the save has settled (it reads the files),
 * then the stop of the stale process, then the new run, whose spawn waits for the save to
 * settle too (save-settle.ts), after its port check. Changes seen until the new run is
 * claimed join this restart; a change after that is judged against the new process by the
 * usual rules, so it makes that one stale in turn and nothing is lost.
 */
import type { StartedBy } from './lifecycle-types.js';
import type { Outcome } from './run.js';

export interface RestartSteps {
  hasBuild(): boolean;
  /** Resolves once the sources seen changing are whole again. */
  settled(): Promise<void>;
  build(): Promise<Outcome>;
  /** The build failed: the running version stays. */
  skipped(reason: string): void;
  /**
   * Stops the running process; null when none runs. Then nothing is awaited, so the claim
   * follows in the same tick and no one (a `stack wait`) sees the service exited with no
   * restart on the way.
   */
  stopIfRunning(): Promise<void> | null;
  /** Claims the service for the new run (start-requested); false when that was refused. */
  claim(by: StartedBy, reason: string): boolean;
  /** Starts the claimed run without a build; `settle`: its spawn waits for the save to settle. */
  start(settle: boolean): Promise<void>;
}

export class Restarts {
  private changeUnderWay = false;

  constructor(
    private readonly steps: RestartSteps,
    /** Runs work on its own (a bug in it is recorded, never fatal). */
    private readonly background: (work: Promise<unknown>) => void,
  ) {}

  request(by: 'policy' | 'change', reason: string): void {
    if (by === 'policy') return this.background(this.afterBackoff(reason));
    // While one is under way, this change is part of it.
    if (this.changeUnderWay) return;
    this.changeUnderWay = true;
    this.background(this.forChange(reason));
  }

  private async afterBackoff(reason: string): Promise<void> {
    const stopping = this.steps.stopIfRunning();
    if (stopping) await stopping;
    if (this.steps.claim('policy', reason)) await this.steps.start(false);
  }

  private async forChange(reason: string): Promise<void> {
    let claimed = false;
    try {
      if (this.steps.hasBuild()) {
        await this.steps.settled();
        const built = await this.steps.build();
        if (!built.ok) return this.steps.skipped(built.reason);
      }
      const stopping = this.steps.stopIfRunning();
      if (stopping) await stopping;
      claimed = this.steps.claim('change', reason);
    } finally {
      this.changeUnderWay = false;
    }
    if (claimed) await this.steps.start(true);
  }
}
