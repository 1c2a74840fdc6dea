/**
 * One service's sources, live: a watcher over its `watch` globs reports changed files, a
 * ChangeJudge compares each with what it held when the process started, and a
 * StaleTracker keeps those that differ, so `status` can say at once whether the running
 * process runs the code on disk (incident 000). Each judged change is reported
 * (lifecycle.ts decides: a `stale` event, an `on_stale: restart` after a quiet period, a
 * crash loop's next try).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceConfig } from '../../config/types.js';
import { serviceRunDir, type ProjectPaths } from '../../project-dir.js';
import type { StaleFile } from '../../protocol/status.js';
import { loadStartContents, saveStartContents, type StaleBy, type StartContents } from '../../runtime/sources/start-contents.js';
import { loadedUntil } from '../../runtime/platform/index.js';
import { newestSourceFiles } from '../../runtime/sources/scan.js';
import { watchSources, type SourceChange, type SourceWatcher } from '../../runtime/sources/watcher.js';
import type { EventLog } from '../state/event-log.js';
import type { LifecycleEvent } from './lifecycle-types.js';
import { ChangeJudge } from './change-judge.js';
import { countsByGlob } from '../../runtime/sources/loaded-lists.js';
import { fallbackNote, runsNode, runsPython } from './loaded-decision.js';
import { LoadedSources } from './loaded-sources.js';
import { SaveSettle } from './save-settle.js';
import { StaleTracker, type RecordedChange } from './staleness.js';

/** How many files an adopted process's primed scan remembers. */
const PRIME_LIMIT = 50;

/** `up` waits this long at most for a watcher (a crawl of a slow network file system). */
const WATCH_WAIT_LIMIT_MS = 10_000;

/** What source tracking needs to know of its service. */
export interface TrackedService {
  readonly name: string;
  /** Where its sources are: the cwd and the `watch` globs. */
  sources(): Pick<ServiceConfig, 'cwd' | 'watch' | 'staleness' | 'command'>;
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
  private readonly judge: ChangeJudge;
  private readonly loaded: LoadedSources;
  /** Changes seen in this turn of the event loop, judged together. */
  private batch: SourceChange[] = [];
  /** When each source changed lately: a restart on save waits for them to settle. */
  private readonly saves = new SaveSettle();
  private watcher: SourceWatcher | null = null;
  /** The cwd and globs the watcher (running or starting) follows: another `up` may change them. */
  private watchingFor: string | null = null;
  /** Counts watcher starts: one started for globs since replaced is closed once it is up. */
  private watchGeneration = 0;
  private starting = false;
  /** Settles once the latest start of the watcher has succeeded or failed. */
  private started: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly root: string;
  /** This service's own directory under .stack/ (the kept git index). */
  private readonly runDir: string;

  constructor(
    private readonly service: TrackedService,
    private readonly events: EventLog,
    paths: ProjectPaths,
  ) {
    this.root = paths.root;
    this.runDir = serviceRunDir(paths, service.name);
    this.judge = new ChangeJudge(() => this.service.sources().cwd);
    this.loaded = new LoadedSources(path.join(this.runDir, 'loaded'), paths.root, () => this.service.sources().cwd, (c) => this.onChange(c));
  }

  /**
   * Start watching, once for the same cwd and globs; for others (an `up` applied a changed
   * `watch` or `cwd`) the old watcher is closed and one of the new ones started.
   * `primeSince`: also look for changes made before now (a re-adopted process).
   */
  watch(primeSince?: number): void {
    this.closed = false;
    // A process adopted from an earlier daemon: the loaded files changed since its start count now.
    if (this.mode() === 'loaded') this.loaded.start(primeSince === undefined ? undefined : loadedUntil(primeSince));
    const kept = primeSince === undefined ? null : loadStartContents(this.keptFile(), primeSince);
    if (primeSince !== undefined) {
      // Adopted from an earlier daemon: go on with what it kept of the start, else the mtime decides.
      if (kept) this.judge.beginFrom(kept, loadedUntil(primeSince));
      else this.judge.beginUnknown(loadedUntil(primeSince), 'adopted by a new daemon: the content its process started with is not known');
    }
    const watch = this.globs();
    const { name } = this.service;
    const { cwd } = this.service.sources();
    const key = JSON.stringify([cwd, watch]);
    if (key !== this.watchingFor) void this.dropWatcher();
    // staleness: loaded without globs: the loaded files are all there is to watch.
    if (this.watcher || this.starting || watch.length === 0) return;
    this.starting = true;
    this.watchingFor = key;
    const generation = ++this.watchGeneration;
    this.started = watchSources(cwd, watch, (change) => this.byGlob(change.path) && this.onChange(change), {
      onError: (error) => this.events.append('watch-error', { service: name, error: error.message }),
    })
      .then(async (watcher) => {
        if (this.closed || generation !== this.watchGeneration) await watcher.close();
        else this.watcher = watcher;
      })
      .catch((error: unknown) => this.events.append('watch-error', { service: name, error: String(error) }))
      .finally(() => {
        if (generation === this.watchGeneration) this.starting = false;
      });
    if (primeSince !== undefined) {
      newestSourceFiles(cwd, watch, { since: loadedUntil(primeSince), limit: PRIME_LIMIT })
        .then(({ files }) => {
          const changes = files.filter((file) => !this.isConfigFile(file.path) && this.byGlob(file.path));
          if (kept) return this.judgeBatch(changes.map((c) => ({ ...c, event: 'change' as const })));
          changes.forEach((file) => this.tracker.record(file));
        })
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

  /**
   * Stop watching. The index and the content kept for the start stay (a new daemon that
   * re-adopts the process goes on with them; the next start replaces them), unless
   * `forgetStart`: the service stopped for good (stack down), so nothing of its start is left.
   */
  async close({ forgetStart = false } = {}): Promise<void> {
    this.closed = true;
    this.loaded.close();
    await this.dropWatcher();
    // After a start content still being taken has been kept, or it would be kept again.
    if (forgetStart && (await this.judge.settledUnchanged())) {
      for (const file of [this.keptFile(), this.indexFile()]) rmSync(file, { force: true, maxRetries: 2 });
    }
  }

  /** A new process started at `startedAt`: changes before it are in it; take what its sources hold now. */
  processStarted(startedAt: number): void {
    const until = loadedUntil(startedAt);
    this.tracker.forgetOlderThan(until);
    const { cwd, watch } = this.service.sources();
    if (this.mode() === 'loaded') this.loaded.start();
    // An escape hatch where `git status` is slow (and how bench/ measures what the baseline costs).
    if (process.env.STACK_STALE_BY === 'mtime') this.judge.beginUnknown(until, 'STACK_STALE_BY=mtime is set');
    else {
      // Loaded files may lie anywhere in the project (../shared): take the whole project's content.
      const where = this.mode() === 'loaded' ? { cwd: this.root, globs: ['**'] } : { cwd, globs: watch };
      // Taken once the watcher is up (start() starts it right after this spawn), not beside
      // its crawl: on a big tree the two would share the cores and delay `up`. A file
      // modified meanwhile is judged by its mtime (git-start.ts), so no edit is missed.
      const afterWatcher = new Promise((resolve) => setImmediate(resolve)).then(() => this.started);
      const keep = (contents: StartContents) => saveStartContents(this.keptFile(), startedAt, contents);
      this.judge.begin({ ...where, loadedUntil: until, snapshotFile: this.indexFile() }, afterWatcher, keep);
    }
    // What is still remembered was modified after this start: judge it again against it.
    const kept = this.tracker.paths();
    if (kept.length > 0) void this.judgeBatch(kept.map((p) => ({ path: p, mtimeMs: Date.now(), event: 'change' as const })));
  }

  /** For a spawn: the environment its processes need (the preload, with staleness: loaded). */
  spawnEnv(env: Record<string, string>): Record<string, string> {
    const inherited = { NODE_OPTIONS: process.env.NODE_OPTIONS, PYTHONPATH: process.env.PYTHONPATH };
    return this.mode() === 'loaded' ? this.loaded.prepareSpawn({ ...inherited, ...env }) : {};
  }

  /**
   * With staleness: loaded, how many files the process loaded count as sources, and which
   * of them changed (paths from the project root); null otherwise, or before any list.
   */
  loadedView(startedAt: number): { files: number; changed: string[] } | null {
    if (this.mode() !== 'loaded') return null;
    const files = this.loaded.count();
    if (files === null) return null;
    const changed = this.tracker.staleFiles(loadedUntil(startedAt), Infinity).filter((f) => this.loaded.has(f.path));
    return { files, changed: changed.map((f) => this.fromRoot(f.path)) };
  }

  /** What status says about how sources are chosen, when it is not what stack.yaml asked. */
  notes(): string[] {
    return this.mode() === 'fallback' ? [fallbackNote(this.service.sources().command)] : [];
  }

  /** Whether a change the watch globs report counts (with staleness: loaded, a module only once loaded). */
  private byGlob(file: string): boolean {
    return this.mode() !== 'loaded' || countsByGlob(file, (f) => this.loaded.has(f));
  }

  /** watch: the globs; loaded: the files its Node processes load (plus the globs); fallback: loaded asked of a non-Node command. */
  private mode(): 'watch' | 'loaded' | 'fallback' {
    const { staleness, command } = this.service.sources();
    if (staleness !== 'loaded') return 'watch';
    return runsNode(command) || runsPython(command) ? 'loaded' : 'fallback';
  }

  /** The globs the tree watcher follows. */
  private globs(): string[] {
    const { watch } = this.service.sources();
    return this.mode() === 'fallback' && watch.length === 0 ? ['**'] : watch;
  }

  /** Stops the watcher, and one still starting once it is up. */
  private dropWatcher(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = null;
    this.watchingFor = null;
    this.watchGeneration++;
    this.starting = false;
    return watcher ? watcher.close() : Promise.resolve();
  }

  /** Where the start content is kept for a new daemon; git's index as it was at the start (git-start.ts). */
  private keptFile = (): string => path.join(this.runDir, 'start-contents.json');
  private indexFile = (): string => path.join(this.runDir, 'index-at-start');

  /** How staleness is decided for the current process, and why by mtime; null before one started. */
  staleBy(): { by: StaleBy; reason: string | null } | null {
    return this.judge.by;
  }

  /**
   * Resolves once the sources seen changing lately are whole again (save-settle.ts): what a
   * process started on a save, or a build, may read them.
   */
  settled(signal?: AbortSignal): Promise<void> {
    return this.saves.settled(signal);
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
    this.saves.saw(path.resolve(this.service.sources().cwd, change.path));
    this.batch.push(change);
    if (this.batch.length === 1) queueMicrotask(() => void this.judgeBatch(this.batch.splice(0)));
  }

  private async judgeBatch(changes: readonly SourceChange[]): Promise<void> {
    if (this.judge.by === null && changes.length > 0) {
      // The start content is still being taken (a big tree's git status): the mtime decides
      // for now, so an edit is marked at once; the content verdict below corrects a touch.
      for (const c of changes) this.tracker.record({ path: c.path, mtimeMs: c.mtimeMs });
      this.service.report({ type: 'sources-changed', path: this.fromRoot(changes.at(-1)!.path), stale: this.currentIsStale() });
    }
    let judged;
    try {
      judged = await this.judge.judge(changes);
    } catch (error) {
      // Judging failed (a bug, an I/O error): count each change by its mtime, as before.
      this.events.append('watch-error', { service: this.service.name, error: String(error) });
      judged = changes.map((c) => ({ path: c.path, mtimeMs: c.mtimeMs, verdict: { changed: true, by: 'mtime' as const } }));
    }
    if (this.closed) return;
    for (const { path: file, mtimeMs, verdict } of judged) {
      const change: RecordedChange = { path: file, mtimeMs, by: verdict.by };
      if (verdict.changed) this.tracker.record(change);
      else this.tracker.clear(file);
    }
    const last = judged.filter((j) => j.verdict.changed).at(-1) ?? judged.at(-1);
    if (last) this.service.report({ type: 'sources-changed', path: this.fromRoot(last.path), stale: this.currentIsStale() });
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
