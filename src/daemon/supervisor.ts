/**
 * The project's services and the operations on them (up, down, restart). Each operation
 * reports progress through the `progress` callback it is given; the services
 * themselves live on between operations. Starting in dependency order is bring-up.ts;
 * what `up` does about a changed stack.yaml is up-plan.ts.
 */
import { redactorFor } from '../protocol/redact.js';
import { DEFAULTS, type ServiceConfig, type StackConfig } from '../config/types.js';
import { dependencyMapOf, stopWaves, withDependencies, withDependents, type Deps } from '../graph/graph.js';
import type { ProjectPaths } from '../project-dir.js';
import { isAlive } from '../runtime/process/identity.js';
import type { EventLog } from './state/event-log.js';
import { LogUpkeep } from './state/log-upkeep.js';
import { bringUp, buildFirst } from './bring-up.js';
import { StartOrder } from './start-order.js';
import { withHeldPortsMoved, wouldMoveLines } from './port-moves.js';
import { PortBook } from '../runtime/ports/port-book.js';
import { Changes } from './changes.js';
import { recordedUp } from './up-record.js';
import { ConfigOnDisk } from './config-on-disk.js';
import { announcement, planUp, type KnownService } from './up-plan.js';
import type { Done, RequestEnv, ServiceProgress, UpRequest } from '../protocol/messages.js';
import { ServiceRuntime } from './service/service.js';
import type { StateStore } from './state/state-store.js';
import { savedState } from './state/saved-state.js';
import type { SavedState } from '../protocol/state-file.js';

type Listener = (event: ServiceProgress) => void;

export class Supervisor {
  config: StackConfig | null = null;
  /** Said once to the CLI that started this daemon (see PingResponse.warnings). */
  readonly warnings: string[] = [];
  readonly services = new Map<string, ServiceRuntime>();
  private readonly listeners = new Set<Listener>();
  /** Keeps each service log within its size cap (logs: max_size, keep) and notes when it grew (logs --since). */
  readonly logs: LogUpkeep;
  /** What stack.yaml says now (re-read when it changes), which `status` compares the running processes with. */
  readonly onDisk: ConfigOnDisk;
  /** The ports of `port: auto` services (.stack/ports.json). */
  readonly ports: PortBook;
  /** Tells `stack status --watch` (POST /changes) when what status shows may have changed. */
  readonly changes = new Changes();
  /** Boot times, and which services wait for the critical ones to start (start-order.ts). */
  readonly startOrder = new StartOrder();

  constructor(
    readonly paths: ProjectPaths,
    private readonly events: EventLog,
    private readonly store: StateStore,
  ) {
    this.logs = new LogUpkeep(paths.logsDir, events, () => this.services.values(), () => this.config?.logs ?? DEFAULTS.logs);
    this.logs.start();
    this.ports = new PortBook(paths.runtimeDir);
    this.onDisk = new ConfigOnDisk(paths.configFile, events, this.ports, () => this.changes.poke());
  }

  async close(): Promise<void> {
    this.logs.stop();
    this.onDisk.close();
    await Promise.all([...this.services.values()].map((s) => s.release()));
  }

  /**
   * Resolves once what a previous daemon left running has been re-adopted. The socket
   * answers before that (so the CLI sees the daemon up); every request that reads or
   * changes services waits for it, or an `up` arriving first would start a second copy
   * of a service that is still running, and a persist would forget its pid.
   */
  ready(): Promise<void> {
    return this.restored;
  }

  private restored: Promise<void> = Promise.resolve();

  /** Re-adopt what a previous daemon left running, after checking each pid's start time. */
  restore(saved: SavedState): Promise<void> {
    this.restored = this.readopt(saved);
    return this.restored;
  }

  private async readopt(saved: SavedState): Promise<void> {
    if (!saved.config) return;
    this.applyConfig(saved.config);
    for (const [name, record] of Object.entries(saved.services)) {
      const service = this.services.get(name);
      if (!service) continue;
      if (record.bootMs !== undefined) this.startOrder.remember(name, record.bootMs);
      // A record from before stack kept what each process started with: the config saved with it is the best guess.
      await service.restore(record, record.identity !== null && (await isAlive(record.identity)), record.startedWith ?? saved.config.services[name] ?? null);
    }
    this.persist();
    // stack.yaml may have changed while no daemon watched it.
    if ([...this.services.values()].some((s) => s.identity !== null)) await this.onDisk.recheck();
  }

  /**
   * Take the config the CLI sent (resolved with `env`, the CLI's environment). Running
   * services keep running; changes apply at their next start (`up` restarts them).
   */
  applyConfig(config: StackConfig, env?: RequestEnv): void {
    this.config = config;
    this.events.redact = redactorFor(config);
    this.onDisk.applied(config, env);
    this.forgetRemoved();
    for (const [name, serviceConfig] of Object.entries(config.services)) {
      const existing = this.services.get(name);
      if (existing) existing.config = serviceConfig;
      else this.services.set(name, new ServiceRuntime(serviceConfig, this.serviceContext()));
    }
  }

  /**
   * A service removed from stack.yaml is forgotten once it is not running; while it runs
   * it stays, so `stack down` (or the next `up`) can still stop it.
   */
  private forgetRemoved(): void {
    for (const [name, service] of this.services) {
      if (!(name in (this.config?.services ?? {})) && service.identity === null && !service.isActive()) {
        this.services.delete(name);
        void service.release(true);
      }
    }
  }

  /**
   * Bring the named services (default: all) and their dependencies up as `config` says:
   * restart those running with other config, start new and stopped ones, stop (on a plain
   * `up`) those stack.yaml no longer lists, leave the rest alone. `dryRun`: only say so.
   */
  /** `planned`: told which services this up brings up, before any of them is started (`up --no-wait`). */
  async up({ config: sent, services: names, env, dryRun }: UpRequest, progress: Listener, planned?: (targets: readonly string[]) => void): Promise<Done> {
    const everything = names.length === 0;
    const targets = withDependencies(dependencyMapOf(sent.services), everything ? Object.keys(sent.services) : names);
    // A `port: auto` port held by another process is moved before anything starts (port-moves.ts).
    const { config, lines } = dryRun ? { config: sent, lines: [] } : await withHeldPortsMoved(sent, targets, this.services, this.ports, env, this.events);
    const plan = planUp(this.known(), config, targets, everything);
    const announce = (dry: boolean): void => {
      for (const step of plan) {
        const line = announcement(step, dry);
        if (line) progress({ type: 'progress', at: Date.now(), ...line });
      }
    };
    if (dryRun) {
      for (const line of await wouldMoveLines(config, targets, this.services)) progress(line);
      announce(true);
      return { type: 'done', ok: true, failures: [] };
    }
    this.applyConfig(config, env);
    const removed = plan.flatMap((s) => (s.action === 'stop' ? [s.service] : []));
    const changed = plan.flatMap((s) => (s.action === 'restart' ? [s.service] : []));
    const work = () => this.withListener([...removed, ...targets], progress, async () => {
      lines.forEach(progress);
      planned?.(targets);
      announce(false);
      await this.stopInOrder(removed, {});
      this.forgetRemoved();
      const { built, failures } = await buildFirst(this.services, changed);
      await this.stopInOrder(built, { replaced: true });
      const failed = new Set(failures.map((f) => f.service));
      const done = await this.bringUp(targets.filter((n) => !failed.has(n)), new Set(built));
      return { type: 'done', ok: done.ok && failures.length === 0, failures: [...failures, ...done.failures] } satisfies Done;
    });
    return recordedUp(this.events, { project: config.name, services: targets }, work);
  }

  /** What is known of each service before an `up` changes anything (up-plan.ts); null before the first config. */
  private known(): Map<string, KnownService> | null {
    if (this.config === null) return null;
    return new Map(
      [...this.services].map(([name, s]) => [name, { startedWith: s.startedWith, active: s.identity !== null || s.isActive(), pid: s.identity?.pid ?? null }]),
    );
  }

  /** stack.yaml as the daemon knows it now: re-read since the last `up` when it changed. */
  fileConfig(): StackConfig | null {
    return this.onDisk.config ?? this.config;
  }

  async down(names: string[], progress: Listener): Promise<Done> {
    const all = [...this.services.keys()];
    const targets = names.length > 0 ? withDependents(this.deps(), names) : all;
    return this.withListener(targets, progress, async () => {
      await this.stopInOrder(targets, { byDown: true });
      await Promise.all(targets.map((n) => this.services.get(n)?.release(true)));
      // Stopped by a person: a port move is no longer news.
      await this.ports.clearMoves(targets);
      return { type: 'done', ok: true, failures: [] };
    });
  }

  /**
   * Stop the named services and start them again. Builds run first, so a failed build
   * leaves the running version alone.
   */
  async restart(sent: StackConfig, names: string[], progress: Listener, env?: RequestEnv): Promise<Done> {
    const { config, lines } = await withHeldPortsMoved(sent, withDependencies(dependencyMapOf(sent.services), names), this.services, this.ports, env, this.events);
    this.applyConfig(config, env);
    return this.withListener(withDependencies(this.deps(), names), progress, async () => {
      lines.forEach(progress);
      const { failures } = await buildFirst(this.services, names);
      if (failures.length > 0) return { type: 'done', ok: false, failures };
      await this.stopInOrder(names, { replaced: true });
      return this.bringUp(withDependencies(this.deps(), names), new Set(names));
    });
  }

  /** Start `targets` (see bring-up.ts), then save the state they reached. */
  private async bringUp(targets: string[], skipBuild: ReadonlySet<string>): Promise<Done> {
    const done = await bringUp(this.services, targets, skipBuild, this.startOrder, (name, error) => this.internalError(name, error));
    this.persist();
    return done;
  }

  /** Stop dependents before what they depend on; independent services in parallel. */
  private async stopInOrder(names: readonly string[], how: Parameters<ServiceRuntime['stop']>[0]): Promise<void> {
    const active = names.filter((n) => this.services.get(n)?.state !== 'stopped');
    for (const wave of stopWaves(this.deps(), active)) {
      await Promise.all(wave.filter((n) => active.includes(n)).map((n) => this.services.get(n)!.stop(how)));
    }
    this.persist();
  }

  private async withListener(targets: string[], listener: Listener, op: () => Promise<Done>): Promise<Done> {
    const mine = new Set(targets);
    const filtered: Listener = (event) => {
      if (mine.has(event.service)) listener(event);
    };
    this.listeners.add(filtered);
    try {
      return await op();
    } finally {
      this.listeners.delete(filtered);
    }
  }

  deps(): Deps {
    const deps: Record<string, string[]> = {};
    for (const [name, service] of this.services) {
      // A service kept after its removal from stack.yaml may name ones that are gone.
      deps[name] = Object.keys(service.config.dependsOn).filter((d) => this.services.has(d));
    }
    return deps;
  }

  /** Services in stack.yaml's order (as people wrote them), then any no longer in it. */
  ordered(): ServiceRuntime[] {
    const names = Object.keys(this.config?.services ?? {});
    const rest = [...this.services.keys()].filter((n) => !names.includes(n));
    return [...names, ...rest].flatMap((n) => this.services.get(n) ?? []);
  }

  /** Coalesce the state changes of one tick into one write. */
  private persistQueued = false;

  schedulePersist(): void {
    if (this.persistQueued) return;
    this.persistQueued = true;
    setImmediate(() => {
      this.persistQueued = false;
      this.persist();
    });
  }

  persist(): void {
    try {
      this.store.save(savedState(this.config, this.services, process.pid, (name) => this.startOrder.lastBootMs(name)));
    } catch (error) {
      this.events.append('state-write-failed', { error: String(error) });
    }
  }

  private serviceContext() {
    return {
      paths: this.paths,
      events: this.events,
      progress: (event: ServiceProgress) => {
        for (const listener of this.listeners) listener(event);
      },
      changed: (persist: boolean) => {
        if (persist) this.schedulePersist();
        this.changes.poke();
      },
      services: () => this.serviceConfigs(),
      isConfigFile: (file: string) => file === this.paths.configFile || (this.fileConfig()?.inputs ?? []).includes(file),
    };
  }

  /** The configs of every service it supervises (the file's, plus any removed from it that still run). */
  private serviceConfigs(): Record<string, ServiceConfig> {
    return Object.fromEntries([...this.services].map(([name, s]) => [name, s.config]));
  }

  private internalError(service: string, error: unknown): void {
    this.events.append('internal-error', { service, error: error instanceof Error ? error.stack : String(error) });
  }
}
