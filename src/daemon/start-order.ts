/**
 * Critical services first (DESIGN §8, "Start order"). On a laptop a stack's services boot
 * at once and share the cores: the first hop of the longest chain (the one `up` waits for)
 * boots slower for every service starting beside it, though most of those could start a
 * little later without making `up` any longer. So the daemon remembers how long each
 * service took to boot (launch → ready) and, from the dependency graph, how much slack each
 * service of an `up` has (graph/slack.ts). A service with slack whose dependencies are met
 * is held back while a service without slack is still busy starting: launched but not yet
 * spawned, or its process working (its main thread ran or waited for a core in the last polls; a process
 * that sleeps, waits for a socket or is ready no longer counts). The hold never lasts
 * longer than half the service's slack, so even a wrong history cannot lengthen the `up`
 * by more than the boot time it got wrong; `status` and the progress say why it waits.
 * No history for some service of the `up`, or no way to see a process's CPU (not Linux):
 * everything starts as soon as its dependencies allow, as before.
 */
import { formatClock, formatDuration } from '../format.js';
import { startSlack, type ConditionDeps, type Slack } from '../graph/slack.js';
import { mainThreadBusyMs } from '../runtime/process/cpu-time.js';
import type { ServiceRuntime } from './service/service.js';

/** Less slack than this: on the critical path (a boot time varies by more between two ups). */
export const MIN_SLACK_MS = 100;
/** How often a hold looks at the critical services. */
export const QUIET_POLL_MS = 5;
/** A process whose main thread ran or waited to run less than this in one poll is not busy starting… */
export const QUIET_CPU_MS = 1;
/** …once it stayed so for this many polls in a row. */
export const QUIET_POLLS = 2;

type CpuReader = (pid: number) => number | null;

/** The daemon's memory of boot times, and the services held back right now (for `status`). */
export class StartOrder {
  private readonly bootMs = new Map<string, number>();
  private readonly held = new Map<string, string>();

  constructor(private readonly cpuMs: CpuReader = mainThreadBusyMs) {}

  /** How long `name` took from launch to ready, the last time it started. */
  remember(name: string, ms: number): void {
    if (Number.isFinite(ms) && ms >= 0) this.bootMs.set(name, Math.round(ms));
  }

  lastBootMs(name: string): number | null {
    return this.bootMs.get(name) ?? null;
  }

  /** Why `name` waits, while it is held back. */
  heldNote(name: string): string | null {
    return this.held.get(name) ?? null;
  }

  /** The holds of one bring-up of `fresh` (the services it starts). */
  plan(services: ReadonlyMap<string, ServiceRuntime>, fresh: readonly string[]): StartPlan {
    const deps: ConditionDeps = Object.fromEntries(fresh.map((n) => [n, services.get(n)!.config.dependsOn]));
    const slack = this.cpuMs(process.pid) === null ? null : startSlack(deps, Object.fromEntries(fresh.map((n) => [n, this.bootMs.get(n)])));
    return new StartPlan(services, slack, this.held, this.cpuMs);
  }
}

export class StartPlan {
  private readonly critical: string[];
  private readonly samples = new Map<number, { at: number; cpu: number; quietPolls: number }>();

  constructor(
    private readonly services: ReadonlyMap<string, ServiceRuntime>,
    private readonly slack: ReadonlyMap<string, Slack> | null,
    private readonly held: Map<string, string>,
    private readonly cpuMs: CpuReader,
  ) {
    this.critical = slack ? [...slack].filter(([, s]) => s.slackMs < MIN_SLACK_MS).map(([n]) => n) : [];
  }

  /**
   * Called once `service`'s dependencies are met, before it launches: null when it may
   * launch now, else a promise that resolves when it may. Its state changing (a `stack
   * down`, a `restart` taking it over) ends the hold too.
   */
  hold(service: ServiceRuntime): Promise<void> | null {
    const slackMs = this.slack?.get(service.name)?.slackMs ?? 0;
    if (slackMs < MIN_SLACK_MS) return null;
    const busy = this.busyCritical();
    if (busy.length === 0) return null;
    // Not awaited by a service that is not held: a critical one launches without yielding to the holds.
    return this.wait(service, slackMs, busy);
  }

  private async wait(service: ServiceRuntime, slackMs: number, busy: string[]): Promise<void> {
    const began = Date.now();
    const atMostMs = Math.floor(slackMs / 2);
    const runId = service.run.id;
    const who = busy.join(', ');
    const detail = `${who} (critical path) ${busy.length === 1 ? 'starts' : 'start'} first: this one has ${formatDuration(slackMs)} to spare, so it starts once ${who} ${busy.length === 1 ? 'is' : 'are'} past the start, at the latest in ${formatDuration(atMostMs)}`;
    service.emit('deferred', { detail });
    this.held.set(service.name, `held back while ${who} (critical path) ${busy.length === 1 ? 'starts' : 'start'}; starts by ${formatClock(new Date(began + atMostMs).toISOString())}`);
    let why: 'critical started' | 'at most half its slack' | 'its state changed' = 'critical started';
    try {
      for (;;) {
        if (service.run.id !== runId || service.state !== 'pending') {
          why = 'its state changed';
          break;
        }
        if (Date.now() - began >= atMostMs) {
          why = 'at most half its slack';
          break;
        }
        if (this.busyCritical().length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, Math.min(QUIET_POLL_MS, Math.max(1, atMostMs - (Date.now() - began)))));
      }
    } finally {
      this.held.delete(service.name);
    }
    service.record('held', { behind: busy, slackMs, heldMs: Date.now() - began, until: why });
  }

  /** The critical services still busy starting. */
  private busyCritical(): string[] {
    return this.critical.filter((name) => this.isBusy(this.services.get(name)!));
  }

  private isBusy(service: ServiceRuntime): boolean {
    switch (service.state) {
      case 'pending':
        // Launching now (its dependencies are met), or still waiting for them (not yet busy).
        return Object.entries(service.config.dependsOn).every(([dep, condition]) => this.services.get(dep)?.decide(condition) !== null);
      case 'building':
        return true;
      case 'starting':
        return service.identity === null || !this.quiet(service.identity.pid);
      default:
        return false;
    }
  }

  /** Whether pid's main thread stayed under QUIET_CPU_MS a poll for QUIET_POLLS polls; samples at most once a poll. */
  private quiet(pid: number): boolean {
    const now = Date.now();
    const last = this.samples.get(pid);
    if (last && now - last.at < QUIET_POLL_MS) return last.quietPolls >= QUIET_POLLS;
    const cpu = this.cpuMs(pid);
    if (cpu === null) return true; // gone: whatever it was doing, it is not starting any more
    const polls = last ? Math.max(1, Math.round((now - last.at) / QUIET_POLL_MS)) : 1;
    const quietPolls = last && cpu - last.cpu < QUIET_CPU_MS * polls ? last.quietPolls + polls : 0;
    this.samples.set(pid, { at: now, cpu, quietPolls });
    return quietPolls >= QUIET_POLLS;
  }
}
