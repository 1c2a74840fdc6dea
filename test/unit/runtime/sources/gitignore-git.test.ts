import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALWAYS_SKIPPED } from '../../../../src/runtime/sources/matcher.js';
import { gitNewestSources } from '../../../../src/runtime/sources/git-newest.js';
import { newestSourceFiles } from '../../../../src/runtime/sources/scan.js';
import { makeTree, setMtime } from './helpers.js';

/**
 * The scan against git itself: random (seeded) trees and .gitignore files, and the files
 * the scan counts as sources must be exactly the untracked, not-ignored files git lists.
 * Then the other way round: git's stat pass (git-newest.ts) must find exactly what the
 * walk finds, on random trees partly committed, edited, touched and deleted.
 * Rerun a failure with STACK_GITIGNORE_SEED=<seed printed below>.
 */
const SEED = Number(process.env.STACK_GITIGNORE_SEED ?? 20261123);
const CASES = Number(process.env.STACK_GITIGNORE_CASES ?? 200);
const GIT_CASES = Number(process.env.STACK_GITIGNORE_CASES ?? 60);

const DIRS = ['a', 'b', 'foo', 'lib', '.hid', 'x.d'];
const FILES = ['a', 'b', 'foo', 'x.tmp', 'keep.tmp', 'a.js', 'b.js', '.env', 'foo.txt', 'lib', 'x.d'];
const GLOBS = ['*', '*.tmp', '*.js', '?', 'a*', '**', '[ab]', 'f?o', '*o*', '[!a]*', 'x.*', '\\!x'];

/** mulberry32: small, seeded, good enough to pick test shapes. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Shape {
  readonly files: Record<string, string> = {};
  readonly dirs: string[] = [''];
  constructor(private readonly random: () => number) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  tree(dir: string, depth: number): void {
    const subdirs = depth < 3 ? new Set(Array.from({ length: Math.floor(this.random() * 3) }, () => this.pick(DIRS))) : new Set<string>();
    for (const name of subdirs) {
      const sub = join(dir, name);
      this.dirs.push(sub);
      this.tree(sub, depth + 1);
    }
    const count = 1 + Math.floor(this.random() * 4);
    for (let i = 0; i < count; i++) {
      const name = this.pick(FILES);
      if (!subdirs.has(name)) this.files[join(dir, name)] = '';
    }
  }

  pattern(): string {
    if (this.chance(0.05)) return this.pick(['', '# comment', '   ']);
    const segments = this.chance(0.6) ? 1 : this.chance(0.75) ? 2 : 3;
    const parts = Array.from({ length: segments }, () => (this.chance(0.5) ? this.pick(GLOBS) : this.pick([...DIRS, ...FILES])));
    const negated = this.chance(0.25) ? '!' : '';
    const leading = this.chance(0.2) ? '/' : '';
    const trailing = this.chance(0.25) ? '/' : '';
    return `${negated}${leading}${parts.join('/')}${trailing}`;
  }

  rules(): string {
    return `${Array.from({ length: 1 + Math.floor(this.random() * 5) }, () => this.pattern()).join('\n')}\n`;
  }
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** No global or system config: a user's own excludesFile must not take part. */
const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: GIT_ENV });
}

/**
 * A cwd the repository ignores gets its own rules in stack (matcher.ts), so git is no
 * reference there. By the rules alone (--no-index): a tracked file does not make its
 * directory any less ignored for stack.
 */
function ignoredByGit(repo: string, dir: string): boolean {
  return dir !== '' && spawnSync('git', ['check-ignore', '--no-index', '-q', `${dir}/`], { cwd: repo, env: GIT_ENV }).status === 0;
}

/** What git lists as untracked and not ignored under cwd, minus what stack never watches. */
function gitSources(cwd: string): string[] {
  const listed = git(cwd, 'ls-files', '--others', '--exclude-standard', '-z').split('\0').filter(Boolean);
  return listed.filter((file) => !file.split('/').some((part) => ALWAYS_SKIPPED.has(part))).sort();
}

async function scanSources(cwd: string): Promise<string[]> {
  const { files } = await newestSourceFiles(cwd, ['**'], { since: -Infinity, limit: Number.MAX_SAFE_INTEGER });
  return files.map((file) => file.path).sort();
}

describe('the scan against git', () => {
  it(`counts as sources exactly the files git does not ignore (seed ${SEED})`, async () => {
    console.log(`gitignore-vs-git seed: ${SEED} (set STACK_GITIGNORE_SEED to rerun)`);
    for (let n = 0; n < CASES; n++) {
      const shape = new Shape(prng(SEED + n));
      shape.tree('', 0);
      shape.files['.gitignore'] = shape.rules();
      for (const dir of shape.dirs.slice(1)) if (shape.chance(0.35)) shape.files[join(dir, '.gitignore')] = shape.rules();
      const repo = makeTree(shape.files);
      git(repo, 'init', '-q');
      const exclude = shape.chance(0.5) ? shape.rules() : '';
      writeFileSync(path.join(repo, '.git/info/exclude'), exclude);
      // Sometimes a service lives in a subdirectory of the repository.
      const picked = shape.chance(0.3) ? shape.pick(shape.dirs) : '';
      const sub = ignoredByGit(repo, picked) ? '' : picked;
      const cwd = path.join(repo, sub);
      mkdirSync(cwd, { recursive: true });
      const context = `case ${n} (seed ${SEED + n}), cwd '${sub}', info/exclude ${JSON.stringify(exclude)}, files ${JSON.stringify(shape.files, null, 1)}`;
      expect(await scanSources(cwd), context).toEqual(gitSources(cwd));
    }
  });
});

/** Before and after the moment a process started, as mtimes. */
const START = Date.parse('2026-06-01T12:00:00Z') + 500;
const moment = (shape: Shape) => START + shape.pick([-90_000, -1_000, -300, 300, 1_000, 90_000]);
const WATCH = [['**'], ['a/**', 'foo'], ['**/*.js', '!b/**'], ['!lib/**']];

/** A random tree made into a work tree with history: some files committed, then changed in every way git tells apart. */
function workTree(shape: Shape): { repo: string; cwd: string; watch: string[] } {
  const repo = makeTree(shape.files);
  git(repo, 'init', '-q');
  const names = Object.keys(shape.files);
  for (const name of names) setMtime(repo, name, moment(shape));
  const committed = names.filter(() => shape.chance(0.7));
  // -f: tracked files the .gitignore files would ignore are not sources either.
  if (committed.length > 0) {
    git(repo, 'add', '-f', '--', ...committed);
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'one');
  }
  const deleted = new Set<string>();
  for (const name of names) {
    const change = shape.pick(['touched', 'edited', 'deleted', 'kept', 'kept', 'kept', 'kept', 'kept'] as const);
    if (change === 'touched') setMtime(repo, name, moment(shape));
    if (change === 'edited') {
      writeFileSync(path.join(repo, name), `edited ${name}`);
      setMtime(repo, name, moment(shape));
    }
    if (change === 'deleted') rmSync(path.join(repo, name));
    if (change === 'deleted') deleted.add(name);
  }
  // Some edits are staged after the fact: the index then records their new mtime.
  const staged = committed.filter((name) => shape.chance(0.2) && !deleted.has(name));
  for (const name of staged) spawnSync('git', ['add', '-f', '--', name], { cwd: repo, env: GIT_ENV });
  const picked = shape.chance(0.3) ? shape.pick(shape.dirs) : '';
  const sub = ignoredByGit(repo, picked) ? '' : picked;
  const cwd = path.join(repo, sub);
  mkdirSync(cwd, { recursive: true });
  return { repo, cwd, watch: shape.pick(WATCH) };
}

describe("git's stat pass against the walk", () => {
  it(`finds exactly the sources the walk finds modified after a moment (seed ${SEED})`, async () => {
    let nonEmpty = 0;
    for (let n = 0; n < GIT_CASES; n++) {
      const shape = new Shape(prng(SEED + n));
      shape.tree('', 0);
      shape.files['.gitignore'] = shape.rules();
      for (const dir of shape.dirs.slice(1)) if (shape.chance(0.35)) shape.files[join(dir, '.gitignore')] = shape.rules();
      const { repo, cwd, watch } = workTree(shape);
      const options = { since: START, limit: Number.MAX_SAFE_INTEGER };
      const walked = await newestSourceFiles(cwd, watch, options);
      const found = await gitNewestSources(cwd, watch, options);
      const context = `case ${n} (seed ${SEED + n}), cwd '${path.relative(repo, cwd)}', watch ${JSON.stringify(watch)}, status ${git(repo, 'status', '--porcelain', '-uall', '--ignored')}`;
      expect(found.kind === 'files' ? found.files : found.reason, context).toEqual(walked.files);
      if (walked.files.length > 0) nonEmpty++;
    }
    // The cases do find something (many of them): a comparison of empty lists proves little.
    expect(nonEmpty).toBeGreaterThan(GIT_CASES / 4);
  });
});
