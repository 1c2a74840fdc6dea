/**
 * One service's sources, live: a watcher over its `watch` globs feeds a StaleTracker, so
 * `status` can say at once whether the running process predates the code on disk
 * (incident 000). Each change is reported (lifecycle.ts decides: a `stale` event, an
 * `on_stale: restart` after a quiet period, a crash loop's next try).
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceConfig } from '../../config/types.js';
import type { StaleFile } from '../../protocol/status.js';
import { loadedUntil } from '../../runtime/platform/index.js';
import { newestSourceFiles } from '../../runtime/sources/scan.js';
import { watchSources, type SourceChange, type SourceWatcher } from '../../runtime/sources/watcher.js';
import type { EventLog } from '../state/event-log.js';
import type { LifecycleEvent } from './lifecycle-types.js';
import { DEFAULT_QUIET_MS, Debouncer, StaleTracker } from './staleness.js';

/** How many files an adopted process's primed scan remembers. */
const PRIME_LIMIT = 50;

/** `up` waits this long at most for a watcher (a crawl of a slow network file system). */
const WATCH_WAIT_LIMIT_MS = 10_000;

/** What source tracking needs to know of its service. */
export interface TrackedService {
  readonly name: string;
  /** Where its sources are: the cwd and the `watch` globs. */
  sources(): Pick<ServiceConfig, 'cwd' | 'watch'>;
  /** OS start time of the current process, if one runs. */
  startedAt(): number | undefined;
  report(event: LifecycleEvent): void;
  /**
   * stack.yaml or an env file it names (absolute path): not a source, since a change of
   * config is compared key by key (config/diff.ts), and only reaches the services it changes.
   */
  isConfigFile?(file: string): boolean;
}

export class SourceTracking {
  private readonly tracker = new StaleTracker();
  private readonly debouncer: Debouncer;
  private watcher: SourceWatcher | null = null;
  private starting = false;
  /** Settles once the latest start of the watcher has succeeded or failed. */
  private started: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly service: TrackedService,
    private readonly events: EventLog,
    private readonly root: string,
  ) {
    this.debouncer = new Debouncer(DEFAULT_QUIET_MS, () => this.service.report({ type: 'sources-settled', stale: this.currentIsStale() }));
  }

  /** Start watching, once. `primeSince`: also look for changes made before now (a re-adopted process). */
  watch(primeSince?: number): void {
    this.closed = false;
    if (this.watcher || this.starting) return;
    this.starting = true;
    const { name } = this.service;
    const { cwd, watch } = this.service.sources();
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
        .then(({ files }) => files.filter((file) => !this.isConfigFile(file.path)).forEach((file) => this.tracker.record(file)))
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
  }

  /** Wait for a burst of changes to settle, then report `sources-settled`. */
  settle(): void {
    this.debouncer.poke();
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
    if (this.isConfigFile(change.path)) return;
    this.tracker.record(change);
    this.service.report({ type: 'sources-changed', path: this.fromRoot(change.path), stale: this.currentIsStale() });
  }

  /** `relativeToCwd`: a path as the watcher and the scan report it. */
  private isConfigFile(relativeToCwd: string): boolean {
    return this.service.isConfigFile?.(path.resolve(this.service.sources().cwd, relativeToCwd)) ?? false;
  }

  private currentIsStale(): boolean {
    const startedAt = this.service.startedAt();
    return startedAt !== undefined && this.isStale(startedAt);
  }

  private fromRoot(relativeToCwd: string): string {
    return path.relative(this.root, path.join(this.service.sources().cwd, relativeToCwd)).split(path.sep).join('/');
  }
}
