/**
 * .gitignore rules as git applies them: every .gitignore from the repository root down to
 * a path's directory, the deepest one that has a matching rule deciding (so a nested
 * `!keep.log` re-includes what the root's `*.log` excluded), plus `.git/info/exclude`.
 * Each directory's .gitignore is read at most once and kept until `reset()`.
 *
 * Paths are relative to the root with `/` separators. `verdict` judges one path alone, as
 * git does: whether one of its parent directories is excluded is the caller's question (a
 * walk never enters such a directory anyway; see matcher.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { GitignoreLevel } from './gitignore-level.js';

interface Level {
  rules: GitignoreLevel;
  /** Length of the level's directory prefix (`a/b/`) in a root-relative path. */
  prefix: number;
}

/** git's own default: case-insensitive matching where file systems usually are. */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

export class GitignoreRules {
  private readonly own = new Map<string, GitignoreLevel | null>();
  /** Per directory: the levels whose rules apply inside it, deepest first. */
  private readonly levels = new Map<string, readonly Level[]>();

  constructor(readonly root: string) {}

  /** True when git would ignore `relPath` (a directory when `isDir`), parents aside. */
  verdict(relPath: string, isDir: boolean): boolean {
    const slash = relPath.lastIndexOf('/');
    const dir = slash < 0 ? '' : relPath.slice(0, slash);
    for (const { rules, prefix } of this.levelsFor(dir)) {
      const verdict = rules.verdict(relPath.slice(prefix), isDir);
      if (verdict) return verdict === 'ignored';
    }
    return false;
  }

  /** True when git would ignore the directory `relDir` or one of its parents. */
  excludesDir(relDir: string): boolean {
    if (relDir === '') return false;
    return this.excludesDir(parentOf(relDir)) || this.verdict(relDir, true);
  }

  reset(): void {
    this.own.clear();
    this.levels.clear();
  }

  private levelsFor(dir: string): readonly Level[] {
    const cached = this.levels.get(dir);
    if (cached) return cached;
    const outer = dir === '' ? [] : this.levelsFor(parentOf(dir));
    const rules = this.rulesIn(dir);
    const levels = rules ? [{ rules, prefix: dir === '' ? 0 : dir.length + 1 }, ...outer] : outer;
    this.levels.set(dir, levels);
    return levels;
  }

  private rulesIn(dir: string): GitignoreLevel | null {
    if (this.own.has(dir)) return this.own.get(dir) ?? null;
    const abs = path.join(this.root, dir);
    const texts = [readText(path.join(abs, '.gitignore'))];
    // Repository-local excludes rank below the root .gitignore: first, so its rules win.
    if (dir === '') texts.unshift(readText(path.join(abs, '.git', 'info', 'exclude')));
    const found = texts.filter((text) => text !== '');
    const rules = found.length > 0 ? new GitignoreLevel(found, IGNORE_CASE) : null;
    this.own.set(dir, rules);
    return rules;
  }
}

/**
 * The root of the git work tree holding `dir`: the nearest ancestor (or `dir` itself) with
 * a `.git` entry (a directory, or a file in worktrees and submodules); null outside any.
 */
export function findGitRoot(dir: string): string | null {
  for (let current = path.resolve(dir); ; ) {
    if (existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

function parentOf(dir: string): string {
  const slash = dir.lastIndexOf('/');
  return slash < 0 ? '' : dir.slice(0, slash);
}

function readText(file: string): string {
  try {
    // A directory named .gitignore, or an unreadable file, has no rules for us.
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) return '';
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
