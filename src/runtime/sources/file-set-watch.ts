/**
 * A watch of a set of single files, wherever they are (a module loaded from ../shared):
 * one fs.watch per directory holding one of them (editors save by renaming, which a watch
 * of the file itself would lose), reporting only the files of the set.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export class FileSetWatcher {
  private readonly dirs = new Map<string, { watcher: FSWatcher | null; names: Set<string> }>();

  constructor(private readonly onChange: (file: string) => void) {}

  get size(): number {
    let n = 0;
    for (const { names } of this.dirs.values()) n += names.size;
    return n;
  }

  add(files: readonly string[]): void {
    for (const file of files) {
      const dir = path.dirname(file);
      let entry = this.dirs.get(dir);
      if (!entry) {
        entry = { watcher: this.watchDir(dir), names: new Set() };
        this.dirs.set(dir, entry);
      }
      entry.names.add(path.basename(file));
    }
  }

  close(): void {
    for (const { watcher } of this.dirs.values()) watcher?.close();
    this.dirs.clear();
  }

  private watchDir(dir: string): FSWatcher | null {
    try {
      const watcher = watch(dir, (_event, name) => {
        const names = this.dirs.get(dir)?.names;
        if (name && names?.has(name.toString())) this.onChange(path.join(dir, name.toString()));
      });
      watcher.on('error', () => undefined);
      return watcher;
    } catch {
      // gone already, or unreadable: its files are judged when something else reports them
      return null;
    }
  }
}
