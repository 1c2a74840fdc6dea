/**
 * Changes to a few named files (stack.yaml and the env files it names), each seen through
 * a watch of its directory: editors save by writing a new file and renaming it over the
 * old one, and a watch of the file itself would go on watching the replaced inode.
 * One OS watch per directory, not recursive; events for other names are dropped here.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface FileWatch {
  close(): void;
}

export function watchFiles(files: readonly string[], onChange: (file: string) => void, onError: (error: Error) => void): FileWatch {
  const byDir = new Map<string, Set<string>>();
  for (const file of files) {
    const dir = path.dirname(file);
    const names = byDir.get(dir) ?? new Set<string>();
    names.add(path.basename(file));
    byDir.set(dir, names);
  }
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    try {
      // Not persistent: a watch must not keep `stack up --foreground` alive after Ctrl-C.
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        // Some platforms do not say which file changed: then it may have been any of ours.
        const changed = name === null ? [...names] : names.has(String(name)) ? [String(name)] : [];
        for (const base of changed) onChange(path.join(dir, base));
      });
      watcher.on('error', (error) => onError(error));
      watchers.push(watcher);
    } catch (error) {
      onError(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return { close: () => watchers.forEach((w) => w.close()) };
}
