/**
 * `staleness: loaded`: the sources of a Node service are the files its processes loaded
 * (the preload in src/preload records them), wherever they are, plus its `watch` globs.
 * Each spawn gets an empty list directory and a NODE_OPTIONS that loads the preload after
 * the user's own options; the files the lists name are watched one directory at a time,
 * so ../shared/util.js is seen like a file under cwd.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../install.js';
import { FileSetWatcher } from '../../runtime/sources/file-set-watch.js';
import { LoadedLists } from '../../runtime/sources/loaded-lists.js';
import { mtimeOf, type SourceChange } from '../../runtime/sources/watcher-types.js';
import { PYTHON_SITECUSTOMIZE } from '../../preload/python-sitecustomize.js';
import { countsAsLoaded, withPreload, withPythonPath } from './loaded-decision.js';

export const PRELOAD = path.join(PACKAGE_ROOT, 'dist', 'preload', 'record-loads.cjs');

export class LoadedSources {
  private lists: LoadedLists | null = null;
  private files: FileSetWatcher | null = null;
  private readonly counted = new Set<string>();

  constructor(
    /** `.stack/run/<svc>/loaded`. */
    private readonly dir: string,
    private readonly projectRoot: string,
    private readonly cwd: () => string,
    private readonly onChange: (change: SourceChange) => void,
  ) {}

  /** For a spawn: an empty list directory, and the environment that loads the preloads (Node and Python). */
  prepareSpawn(env: Record<string, string | undefined>): Record<string, string> {
    this.close();
    LoadedLists.reset(this.dir);
    const python = path.join(path.dirname(this.dir), 'python');
    mkdirSync(python, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(python, 'sitecustomize.py'), PYTHON_SITECUSTOMIZE);
    return {
      NODE_OPTIONS: withPreload(env.NODE_OPTIONS, PRELOAD),
      PYTHONPATH: withPythonPath(env.PYTHONPATH, python),
      STACK_LOADED_DIR: this.dir,
    };
  }

  /**
   * Watch the files the lists name. `changedAfter` (a process adopted from an earlier
   * daemon): the files its lists already name that were modified after that moment are
   * reported as changes at once, since no watcher saw them change.
   */
  start(changedAfter?: number): void {
    if (this.lists) return;
    const report = (file: string, mtimeMs: number) => this.onChange({ path: path.relative(this.cwd(), file).split(path.sep).join('/'), mtimeMs, event: 'change' });
    this.files = new FileSetWatcher((file) => report(file, mtimeOf('change', file)));
    let priming = changedAfter !== undefined;
    this.lists = new LoadedLists(this.dir, (found) => {
      const fresh = found.filter((f) => countsAsLoaded(f, this.projectRoot) && !this.counted.has(f));
      for (const f of fresh) this.counted.add(f);
      this.files?.add(fresh);
      if (!priming) return;
      for (const file of fresh) {
        const mtimeMs = mtimeQuietly(file);
        if (mtimeMs !== null && mtimeMs > changedAfter!) report(file, mtimeMs);
      }
    });
    // The lists as they are now are read within start(); what they gain later was loaded after the adoption.
    this.lists.start();
    priming = false;
  }

  /** How many loaded files count as sources; null before any process wrote a list. */
  count(): number | null {
    return this.lists?.anyList ? this.counted.size : null;
  }

  /** Whether `relativeToCwd` is one of them. */
  has(relativeToCwd: string): boolean {
    return this.counted.has(path.join(this.cwd(), relativeToCwd));
  }

  close(): void {
    this.lists?.close();
    this.files?.close();
    this.lists = null;
    this.files = null;
    this.counted.clear();
  }
}

function mtimeQuietly(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}
