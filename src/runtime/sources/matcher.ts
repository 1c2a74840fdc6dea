/**
 * Which files under a service's cwd are its sources: those its `watch` globs match,
 * minus what .gitignore excludes, minus node_modules, .git and .stack wherever they are,
 * minus what is never code (never-sources.ts): a server's own files, editors' swap and
 * backup files, caches a process writes for itself, a database server's data directory.
 * Shared by the one-shot scan and the live watcher so both answer the same way.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { compileWatchGlobs } from './globs.js';
import { GitignoreRules, findGitRoot } from './gitignore.js';
import { relativeTo, toPosix } from './relative.js';
import { DATABASE_DIR_MARKERS, NEVER_SOURCE_DIRS, isNeverSource } from './never-sources.js';

/** Never sources, never entered: dependencies, git's own store, stack's runtime dir. */
export const ALWAYS_SKIPPED: ReadonlySet<string> = new Set(['node_modules', '.git', '.stack']);

export interface SourceMatcher {
  /** Absolute, resolved. */
  readonly cwd: string;
  /**
   * Where the .gitignore rules it applies start: the git work tree holding cwd, or cwd
   * itself (no repository, or one that ignores cwd).
   */
  readonly rulesRoot: string;
  /** A file under cwd that counts as a source of the service. */
  isWatched(absPath: string): boolean;
  /** A directory a walk should not enter: nothing under it can be a source. */
  isIgnoredDir(absPath: string): boolean;
  /** Forget the .gitignore rules read so far (one of them changed). */
  reset(): void;
}

export function createSourceMatcher(cwd: string, globs: readonly string[]): SourceMatcher {
  const root = path.resolve(cwd);
  const globsOf = compileWatchGlobs(globs);
  const git = gitRulesFor(root);
  const prunedDirs = new Map<string, boolean>();

  const isPrunedRel = (rel: string): boolean => {
    if (rel === '') return false;
    const known = prunedDirs.get(rel);
    if (known !== undefined) return known;
    const slash = rel.lastIndexOf('/');
    const pruned =
      (slash >= 0 && isPrunedRel(rel.slice(0, slash))) ||
      ALWAYS_SKIPPED.has(rel.slice(slash + 1)) ||
      NEVER_SOURCE_DIRS.has(rel.slice(slash + 1)) ||
      !globsOf.mayContain(rel) ||
      git.rules.verdict(git.prefix + rel, true) ||
      DATABASE_DIR_MARKERS.some((marker) => existsSync(path.join(root, rel, marker)));
    prunedDirs.set(rel, pruned);
    return pruned;
  };

  return {
    cwd: root,
    rulesRoot: git.rules.root,
    isWatched(absPath) {
      const rel = relativeTo(root, absPath);
      if (rel === null || rel === '') return false;
      const slash = rel.lastIndexOf('/');
      if (slash >= 0 && isPrunedRel(rel.slice(0, slash))) return false;
      const name = rel.slice(slash + 1);
      if (ALWAYS_SKIPPED.has(name) || isNeverSource(name)) return false;
      return globsOf.matches(rel) && !git.rules.verdict(git.prefix + rel, false);
    },
    isIgnoredDir(absPath) {
      const rel = relativeTo(root, absPath);
      return rel === null || isPrunedRel(rel);
    },
    reset() {
      prunedDirs.clear();
      git.rules.reset();
    },
  };
}

interface GitRulesForCwd {
  rules: GitignoreRules;
  /** cwd's path relative to the rules' root, with a trailing `/` (or ''). */
  prefix: string;
}

/**
 * The repository's rules when cwd lies inside one, else cwd's own. A cwd that the
 * repository itself ignores is not tracked by it, so its rules do not apply there.
 */
function gitRulesFor(cwd: string): GitRulesForCwd {
  const repo = findGitRoot(cwd);
  if (repo !== null && repo !== cwd) {
    const rules = new GitignoreRules(repo);
    const prefix = toPosix(path.relative(repo, cwd));
    if (!rules.excludesDir(prefix)) return { rules, prefix: `${prefix}/` };
  }
  return { rules: new GitignoreRules(cwd), prefix: '' };
}
