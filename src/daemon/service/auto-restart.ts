/**
 * Brings a service back after it died or stayed unhealthy, following its `restart`
 * policy with backoff, and gives up into `crashloop` when it keeps failing
 * (decisions in restart-policy.ts). Dependents are left alone: they restart only if
 * they fail themselves.
 */
import type { EventLog } from '../state/event-log.js';
import { decideRestart, emptyHistory, type Failure, type RestartHistory } from './restart-policy.js';
import type { ServiceRuntime } from './service.js';

export class AutoRestart {
  private history: RestartHistory = emptyHistory();
  private timer: NodeJS.Timeout | null = null;
  /** Epoch ms of the scheduled restart, or null. */
  dueAt: number | null = null;

  constructor(
    private readonly service: ServiceRuntime,
    private readonly events: EventLog,
  ) {}

  handle(failure: Failure, reason: string, ranForMs: number): void {
    const { service } = this;
    const decision = decideRestart(service.config.restart, failure, this.history, ranForMs, Date.now());
    if (decision.action === 'none') return;
    this.history = decision.history;
    if (decision.action === 'crashloop') {
      this.events.append('crashloop', { service: service.name, restarts: decision.history.restarts.length, reason });
      service.setState('crashloop');
      return;
    }
    this.events.append('restart-scheduled', { service: service.name, delayMs: decision.delayMs, reason });
    this.cancel();
    this.dueAt = Date.now() + decision.delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.dueAt = null;
      this.restartNow(reason).catch((error: unknown) => {
        this.events.append('internal-error', { service: service.name, error: error instanceof Error ? error.stack : String(error) });
      });
    }, decision.delayMs);
    // A pending restart must not keep a foreground `stack` alive after Ctrl-C.
    this.timer.unref();
  }

  /** The backoff has passed: start it again (no build: a crash is not a code change). */
  private async restartNow(reason: string): Promise<void> {
    const { service } = this;
    if (service.identity) await service.stop();
    service.restarts += 1;
    service.record('restart', { attempt: service.restarts, reason });
    service.prepare({ byPolicy: true });
    await service.start({ skipBuild: true });
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = null;
  }

  /** A person started it (up, restart): the backoff and the crash-loop count start over. */
  reset(): void {
    this.cancel();
    this.history = emptyHistory();
  }
}
