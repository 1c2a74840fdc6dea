/**
 * Which files under a service's cwd are its sources: those its `watch` globs match,
 * minus what .gitignore excludes, minus node_modules, .git and .stack wherever they are,
 * minus what is never code (never-sources.ts): a server's own files, editors' swap and
 * backup files, caches a process writes for itself, a database server's data directory
 * (but for its configuration files).
 * Shared by the one-shot scan and the live watcher so both answer the same way.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { compileWatchGlobs } from './globs.js';
import { GitignoreRules, findGitRoot } from './gitignore.js';
import { relativeTo, toPosix } from './relative.js';
import { DATABASE_DIRS, NEVER_SOURCE_DIRS, isNeverSource } from './never-sources.js';

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
  const dirs = new Map<string, DirKind>();

  /** `rel`: a directory relative to cwd ('' is cwd itself). */
  const kindOf = (rel: string): DirKind => {
    const known = dirs.get(rel);
    if (known !== undefined) return known;
    const slash = rel.lastIndexOf('/');
    const name = rel.slice(slash + 1);
    const parent = rel === '' ? null : kindOf(slash >= 0 ? rel.slice(0, slash) : '');
    let kind: DirKind;
    if (parent !== null && (parent.pruned || parent.config !== null)) kind = PRUNED;
    else if (
      rel !== '' &&
      (ALWAYS_SKIPPED.has(name) || NEVER_SOURCE_DIRS.has(name) || !globsOf.mayContain(rel) || git.rules.verdict(git.prefix + rel, true))
    )
      kind = PRUNED;
    else {
      const database = DATABASE_DIRS.find((d) => existsSync(path.join(root, rel, d.marker)));
      kind = database === undefined ? PLAIN : database.config.size === 0 ? PRUNED : { pruned: false, config: database.config };
    }
    dirs.set(rel, kind);
    return kind;
  };

  /** Forgets what was known of `rel` and below; false: a marker is not a source. */
  const forgetUnder = (rel: string): false => {
    for (const known of dirs.keys()) if (known === rel || rel === '' || known.startsWith(`${rel}/`)) dirs.delete(known);
    return false;
  };

  return {
    cwd: root,
    rulesRoot: git.rules.root,
    isWatched(absPath) {
      const rel = relativeTo(root, absPath);
      if (rel === null || rel === '') return false;
      const slash = rel.lastIndexOf('/');
      const dir = kindOf(slash >= 0 ? rel.slice(0, slash) : '');
      const name = rel.slice(slash + 1);
      // A data directory made while watched (initdb in the service's command): it was taken
      // for a plain one before its marker was written.
      if (dir === PLAIN && DATABASE_MARKERS.has(name)) return forgetUnder(slash >= 0 ? rel.slice(0, slash) : '');
      if (dir.pruned || (dir.config !== null && !dir.config.has(name))) return false;
      if (ALWAYS_SKIPPED.has(name) || isNeverSource(name)) return false;
      return globsOf.matches(rel) && !git.rules.verdict(git.prefix + rel, false);
    },
    isIgnoredDir(absPath) {
      const rel = relativeTo(root, absPath);
      return rel === null || kindOf(rel).pruned;
    },
    reset() {
      dirs.clear();
      git.rules.reset();
    },
  };
}

/**
 * A directory: never entered (nothing under it is a source), or entered; a database
 * server's data directory is entered for its configuration files only (`config`), and
 * none of its subdirectories is.
 */
interface DirKind {
  readonly pruned: boolean;
  readonly config: ReadonlySet<string> | null;
}
const PRUNED: DirKind = { pruned: true, config: null };
const PLAIN: DirKind = { pruned: false, config: null };
const DATABASE_MARKERS: ReadonlySet<string> = new Set(DATABASE_DIRS.map((d) => d.marker));

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
