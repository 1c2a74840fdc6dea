/**
 * What stack.yaml says now, as far as the daemon knows: the config the CLI sent last,
 * or newer, read again here whenever stack.yaml or an env file it names changes, with the
 * environment of the CLI that sent the last one (`${VAR}` comes from it). `status`
 * compares each running process with it; the services keep running as they are until
 * `stack up`. The config modules (yaml, zod: ~450 KB) are loaded only when a file changes.
 */
import path from 'node:path';
import type { PortKeeper } from '../config/auto-port.js';
import type { StackConfig } from '../config/types.js';
import { ConfigError, StackError } from '../errors.js';
import type { RequestEnv } from '../protocol/messages.js';
import { watchFiles, type FileWatch } from '../runtime/sources/file-watch.js';
import { Debouncer } from './service/staleness.js';
import type { EventLog } from './state/event-log.js';

/** An editor's save is several events (write, rename, chmod): read once they are over. */
const QUIET_MS = 50;

export class ConfigOnDisk {
  /** The latest config that loaded (sent by the CLI or read here); null before the first. */
  config: StackConfig | null = null;
  /** Why the files do not load right now, as a sentence for `status`; null when they do. */
  problem: string | null = null;
  /** The loader's problems behind `problem`, each with its position (the dashboard's doctor lists them). */
  error: ConfigError | null = null;
  private env: NodeJS.ProcessEnv = process.env;
  private watched = '';
  private watch: FileWatch | null = null;
  private readonly debouncer = new Debouncer(QUIET_MS, () => void this.read());
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly events: EventLog,
    /** The kept `port: auto` ports; a service the file adds with one gets its port now. */
    private readonly ports: PortKeeper,
    /** Called after each read, loaded or not: what `status` shows may have changed. */
    private readonly onRead: () => void = () => undefined,
  ) {}

  /** The CLI read the files just now (up, restart) and resolved them with `env`. */
  applied(config: StackConfig, env?: RequestEnv): void {
    this.config = config;
    this.problem = null;
    this.error = null;
    if (env) this.env = env;
    this.follow(config);
  }

  /**
   * Read the files again now (a new daemon: they may have changed while none ran); the
   * re-adoption waits for it, so the first status already says when stack.yaml no longer loads.
   */
  recheck(): Promise<void> {
    this.debouncer.cancel();
    return this.read();
  }

  close(): void {
    this.closed = true;
    this.debouncer.cancel();
    this.watch?.close();
    this.watch = null;
  }

  /** Watch the files `config` was read from (a new env file may have joined them). */
  private follow(config: StackConfig): void {
    if (this.closed) return;
    const files = config.inputs ?? [config.file];
    const key = files.join('\n');
    if (key === this.watched && this.watch) return;
    this.watch?.close();
    this.watched = key;
    this.watch = watchFiles(files, () => this.debouncer.poke(), (error) => this.events.append('watch-error', { file: this.file, error: error.message }));
  }

  private async read(): Promise<void> {
    try {
      const config = await loadConfigFile(this.file, this.env, this.ports);
      if (this.closed) return;
      this.config = config;
      this.problem = null;
      this.error = null;
      this.events.append('config-read', {});
      this.follow(config);
      this.onRead();
    } catch (error) {
      if (!(error instanceof StackError)) {
        this.events.append('internal-error', { error: error instanceof Error ? error.stack : String(error) });
        return;
      }
      this.problem = `${problemSentence(error, path.basename(this.file))}; showing the running config`;
      this.error = error instanceof ConfigError ? error : null;
      this.events.append('config-unreadable', { problem: this.problem });
      this.onRead();
    }
  }
}

/**
 * A config file as `stack up` resolves it, with `env` (the CLI's environment) and the kept
 * `port: auto` ports: for a change on disk, and for an `up` that names the file
 * (UpFileRequest). The config modules (yaml, zod) load on the first call. Throws the
 * loader's StackError (a ConfigError with every problem) when it does not load.
 */
export async function loadConfigFile(file: string, env: NodeJS.ProcessEnv, ports: PortKeeper): Promise<StackConfig> {
  const [{ loadConfig }, { loadChoosingPorts }] = await Promise.all([import('../config/load.js'), import('../config/auto-port.js')]);
  return loadChoosingPorts((autoPorts) => loadConfig(file, { env, autoPorts }), ports);
}

/** "stack.yaml has 2 problems (stack.yaml:3:5)", or the error's own sentence (a file gone). */
export function problemSentence(error: StackError, name: string): string {
  if (!(error instanceof ConfigError)) return error.message.replace(/[.:]$/, '');
  const first = error.problems[0];
  const where = first && first.line > 0 ? `${first.file}:${first.line}:${first.col}` : (first?.file ?? name);
  const count = error.problems.length;
  return `${name} has ${count} ${count === 1 ? 'problem' : 'problems'} (${where})`;
}
