/**
 * One service's sources, live: a watcher over its `watch` globs feeds a StaleTracker, so
 * `status` can say at once whether the running process predates the code on disk
 * (incident 000). With `on_stale: restart` a burst of saves causes one restart; a
 * crash-looping service gets one more try on the next change instead of a restart loop.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadedUntil } from '../../runtime/platform/index.js';
import { newestSourceFiles } from '../../runtime/sources/scan.js';
import { watchSources, type SourceChange, type SourceWatcher } from '../../runtime/sources/watcher.js';
import type { EventLog } from '../state/event-log.js';
import type { StaleFile } from '../../protocol/status.js';
import type { ServiceRuntime } from './service.js';
import { DEFAULT_QUIET_MS, Debouncer, StaleTracker, retryCrashloopOnChange, shouldAutoRestart } from './staleness.js';

/** How many files an adopted process's primed scan remembers. */
const PRIME_LIMIT = 50;

/** `up` waits this long at most for a watcher (a crawl of a slow network file system). */
const WATCH_WAIT_LIMIT_MS = 10_000;

export class SourceTracking {
  private readonly tracker = new StaleTracker();
  private readonly debouncer: Debouncer;
  private watcher: SourceWatcher | null = null;
  private starting = false;
  /** Settles once the latest start of the watcher has succeeded or failed. */
  private started: Promise<void> = Promise.resolve();
  private closed = false;
  /** The start time of the process already reported stale (one event per process, not per save). */
  private reportedFor: number | null = null;

  constructor(
    private readonly service: ServiceRuntime,
    private readonly events: EventLog,
    private readonly root: string,
  ) {
    this.debouncer = new Debouncer(DEFAULT_QUIET_MS, () => void this.restartForChange());
  }

  /** Start watching, once. `primeSince`: also look for changes made before now (a re-adopted process). */
  watch(primeSince?: number): void {
    this.closed = false;
    if (this.watcher || this.starting) return;
    this.starting = true;
    const { cwd, watch, name } = this.service.config;
    this.started = watchSources(cwd, watch, (change) => this.onChange(change), {
      onError: (error) => this.events.append('watch-error', { service: name, error: error.message }),
    })
      .then(async (watcher) => {
        if (this.closed) await watcher.close();
        else this.watcher = watcher;
      })
      .catch((error: unknown) => this.events.append('watch-error', { service: name, error: String(error) }))
      .finally(() => (this.starting = false));
    if (primeSince !== undefined) {
      newestSourceFiles(cwd, watch, { since: primeSince, limit: PRIME_LIMIT })
        .then(({ files }) => files.forEach((file) => this.tracker.record(file)))
        .catch(() => undefined);
    }
  }

  /**
   * Resolves once changes are being watched (or watching failed, which is an event), or
   * after WATCH_WAIT_LIMIT_MS: `up` must not hang on a watcher.
   */
  async watching(): Promise<void> {
    await Promise.race([this.started, sleep(WATCH_WAIT_LIMIT_MS, undefined, { ref: false })]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.debouncer.cancel();
    const watcher = this.watcher;
    this.watcher = null;
    await watcher?.close();
  }

  /** A new process started at `startedAt`: changes before it are in it. */
  processStarted(startedAt: number): void {
    this.tracker.forgetOlderThan(startedAt);
    this.reportedFor = null;
  }

  /** Whether a process started at `startedAt` (OS time) runs older code than is on disk. */
  isStale(startedAt: number): boolean {
    return this.tracker.isStale(loadedUntil(startedAt));
  }

  /** Newest changed files after `startedAt`, paths relative to the project root. */
  staleFiles(startedAt: number): StaleFile[] {
    return this.tracker.staleFiles(loadedUntil(startedAt)).map((f) => ({ ...f, path: this.fromRoot(f.path) }));
  }

  private onChange(change: SourceChange): void {
    const { service } = this;
    this.tracker.record(change);
    const { onStale } = service.config;
    if (retryCrashloopOnChange({ onStale, state: service.state })) {
      this.debouncer.poke();
      return;
    }
    const startedAt = service.identity?.startedAt;
    if (startedAt === undefined || !this.isStale(startedAt)) return;
    if (this.reportedFor !== startedAt) {
      this.reportedFor = startedAt;
      this.events.append('stale', { service: service.name, files: this.fromRoot(change.path), pid: service.identity?.pid });
    }
    if (shouldAutoRestart({ onStale, state: service.state, crashLooping: false })) this.debouncer.poke();
  }

  private async restartForChange(): Promise<void> {
    const { service } = this;
    const crashlooped = service.state === 'crashloop';
    const stale = service.identity !== null && this.isStale(service.identity.startedAt);
    if (!crashlooped && !(stale && shouldAutoRestart({ onStale: service.config.onStale, state: service.state, crashLooping: false }))) return;
    // Build first: a failed build leaves the running version alone. Then a fresh start
    // whose failures count anew (a person-like restart, not the restart policy's).
    const built = await service.build();
    if (!built.ok) {
      service.record('restart-skipped', { reason: built.reason });
      return;
    }
    if (service.identity) await service.stop();
    service.record('restart', { reason: crashlooped ? 'sources changed after a crash loop' : 'sources changed (on_stale: restart)' });
    service.prepare();
    await service.start({ skipBuild: true });
  }

  private fromRoot(relativeToCwd: string): string {
    return path.relative(this.root, path.join(this.service.config.cwd, relativeToCwd)).split(path.sep).join('/');
  }
}
