/**
 * The module files a service's Node processes loaded, as the preload (src/preload)
 * appends them to `<dir>/<pid>.list`: read as they grow (a watch of the directory,
 * coalesced: a booting process appends hundreds of lines), each new path reported once.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** JavaScript, TypeScript and Python modules: what the preloads record when a process loads one. */
const MODULE_FILE = /\.(?:[cm]?[jt]s|[jt]sx|py)$/;

/**
 * With `staleness: loaded`, whether a file the `watch` globs match counts: a module only
 * once the process loaded it (`loaded`), since the globs are for what it reads otherwise
 * (config, templates); any other file counts, JSON too (read with fs, it is config).
 */
export function countsByGlob(file: string, loaded: (file: string) => boolean): boolean {
  return !MODULE_FILE.test(file) || loaded(file);
}

/** How long appends are let pile up before they are read. */
const READ_DELAY_MS = 20;

export class LoadedLists {
  private readonly offsets = new Map<string, number>();
  private readonly known = new Set<string>();
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly onFiles: (files: string[]) => void,
  ) {}

  /** An empty directory for a new process's lists. */
  static reset(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Whether any process has written a list yet (it runs Node with the preload). */
  get anyList(): boolean {
    return this.offsets.size > 0;
  }

  start(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.dir, () => this.schedule());
      this.watcher.on('error', () => undefined);
    } catch {
      // no directory (a process adopted from an older daemon): nothing was recorded
    }
    this.read();
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = null;
    this.offsets.clear();
    this.known.clear();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.read();
    }, READ_DELAY_MS);
  }

  private read(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.list'));
    } catch {
      return;
    }
    const found: string[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      const from = this.offsets.get(file) ?? 0;
      const text = readFrom(file, from);
      // Only whole lines: a line being written is read next time.
      const end = text.lastIndexOf('\n') + 1;
      this.offsets.set(file, from + Buffer.byteLength(text.slice(0, end)));
      for (const line of text.slice(0, end).split('\n')) {
        if (line !== '' && !this.known.has(line)) {
          this.known.add(line);
          found.push(line);
        }
      }
    }
    if (found.length > 0) this.onFiles(found);
  }
}

function readFrom(file: string, offset: number): string {
  let fd: number | undefined;
  try {
    const size = statSync(file).size;
    if (size <= offset) return '';
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(size - offset);
    const n = readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.subarray(0, n).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
