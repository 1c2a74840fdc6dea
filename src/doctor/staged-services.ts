/**
 * `stack doctor --staged` (the pre-commit hook): which services the staged changes are
 * about. A service is concerned when a staged file is one of its watched sources; its
 * dependencies come along, because testing it needs them up too. A staged stack.yaml
 * concerns every service. With `staleness: loaded`, so do the files its processes loaded
 * (as the daemon judges them: the lists in .stack/run/<svc>/loaded/), and a module file
 * its globs match only if it is one of them.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { StackConfig } from '../config/types.js';
import { dependencyMapOf, withDependencies } from '../graph/graph.js';
import { countsByGlob } from '../runtime/sources/loaded-lists.js';
import { createSourceMatcher } from '../runtime/sources/matcher.js';
import { StackError } from '../errors.js';

/** Absolute paths of the files staged for commit in the repository holding `dir`. */
export function stagedFiles(dir: string): string[] {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' }).trim();
    const out = execFileSync('git', ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMRD'], { cwd: top, encoding: 'utf8' });
    return out.split('\0').filter(Boolean).map((f) => path.join(top, f));
  } catch (error) {
    throw new StackError('NOT_A_GIT_REPO', `--staged needs a git repository, and ${dir} is not in one.`, {
      exitCode: 2,
      hint: 'run stack doctor without --staged',
      cause: error,
    });
  }
}

/**
 * The services concerned by `files` (absolute paths), with their dependencies, in
 * dependency order. `loadedDir`: where a service's loaded-file lists are.
 */
export function servicesForFiles(config: StackConfig, files: readonly string[], loadedDir?: (service: string) => string): string[] {
  if (files.includes(config.file)) return Object.keys(config.services);
  const touched = Object.values(config.services)
    .filter((service) => {
      const matcher = createSourceMatcher(service.cwd, service.watch);
      const loaded = service.staleness === 'loaded' && loadedDir ? loadedFiles(loadedDir(service.name)) : new Set<string>();
      // With lists to go by, a module the globs match counts only if it was loaded; without, as the globs say.
      const byGlob = (file: string) => matcher.isWatched(file) && (loaded.size === 0 || countsByGlob(file, (f) => loaded.has(f)));
      return files.some((file) => byGlob(file) || loaded.has(file));
    })
    .map((s) => s.name);
  return withDependencies(dependencyMapOf(config.services), touched);
}

/** Every file the lists in `dir` name (none when there are none). */
function loadedFiles(dir: string): Set<string> {
  const files = new Set<string>();
  try {
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.list')) continue;
      for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) if (line) files.add(line);
    }
  } catch {
    // no lists: nothing loaded is known
  }
  return files;
}
