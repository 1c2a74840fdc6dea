/**
 * `stack doctor --staged` (the pre-commit hook): which services the staged changes are
 * about. A service is concerned when a staged file is one of its watched sources; its
 * dependencies come along, because testing it needs them up too. A staged stack.yaml
 * concerns every service.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { StackConfig } from '../config/types.js';
import { dependencyMapOf, withDependencies } from '../graph/graph.js';
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

/** The services concerned by `files` (absolute paths), with their dependencies, in dependency order. */
export function servicesForFiles(config: StackConfig, files: readonly string[]): string[] {
  if (files.includes(config.file)) return Object.keys(config.services);
  const touched = Object.values(config.services)
    .filter((service) => {
      const matcher = createSourceMatcher(service.cwd, service.watch);
      return files.some((file) => matcher.isWatched(file));
    })
    .map((s) => s.name);
  return withDependencies(dependencyMapOf(config.services), touched);
}
