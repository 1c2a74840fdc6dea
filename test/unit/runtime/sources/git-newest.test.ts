// git doing the stat pass of a foreign process's sources (git-newest.ts), and where it
// hands over to the walk (changed-since.ts): real repositories in temp directories. The
// random comparison with the walk is in gitignore-git.test.ts.
import { execFileSync } from 'node:child_process';
import { lutimesSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourcesChangedSince } from '../../../../src/runtime/sources/changed-since.js';
import { gitNewestSources, type GitScan } from '../../../../src/runtime/sources/git-newest.js';
import { gitEnv } from '../../../helpers/git.js';
import { makeTree, setMtime, writeTree } from './helpers.js';

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...gitEnv(dir) }, encoding: 'utf8' });

const START = Date.parse('2026-06-01T12:00:00Z');
const BEFORE = START - 60_000;
const AFTER = START + 60_000;
const ALL = { since: START, limit: 100 };

function repo(files: Record<string, string>): string {
  const root = makeTree(files);
  git(root, 'init', '-q');
  for (const name of Object.keys(files)) setMtime(root, name, BEFORE);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'one');
  return root;
}

const paths = (scan: GitScan) => (scan.kind === 'files' ? scan.files.map((f) => f.path) : scan.reason);

const savedConfig = process.env.GIT_CONFIG_GLOBAL;
afterEach(() => {
  if (savedConfig === undefined) delete process.env.GIT_CONFIG_GLOBAL;
  else process.env.GIT_CONFIG_GLOBAL = savedConfig;
});

describe('gitNewestSources', () => {
  it('finds edited, touched, untracked and committed-after-start files; not those changed before', async () => {
    const root = repo({ 'edited.js': '1', 'touched.js': '1', 'committed.js': '1', 'old.js': '1', 'oldedit.js': '1', '.gitignore': 'ignored.js\n' });
    writeTree(root, { 'edited.js': '2', 'committed.js': '2', 'new.js': 'n', 'ignored.js': 'i', 'oldedit.js': '2' });
    for (const name of ['edited.js', 'touched.js', 'committed.js', 'new.js', 'ignored.js']) setMtime(root, name, AFTER);
    setMtime(root, 'oldedit.js', BEFORE + 1000);
    git(root, 'commit', '-q', '-am', 'two');
    writeTree(root, { 'edited.js': '3' });
    setMtime(root, 'edited.js', AFTER + 1000);
    expect(paths(await gitNewestSources(root, ['**'], ALL))).toEqual(['edited.js', 'committed.js', 'new.js', 'touched.js']);
  });

  it('answers for a subdirectory, with its globs, in paths from it', async () => {
    const root = repo({ 'svc/src/a.js': '1', 'svc/b.md': '1', 'other/c.js': '1' });
    for (const name of ['svc/src/a.js', 'svc/b.md', 'other/c.js']) setMtime(root, name, AFTER);
    const scan = await gitNewestSources(path.join(root, 'svc'), ['src/**'], ALL);
    expect(scan).toMatchObject({ kind: 'files', files: [{ path: 'src/a.js', mtimeMs: AFTER }], scanned: 2 });
  });

  it('follows a symlink to its target, like the walk', async () => {
    const root = repo({ 'target.js': '1' });
    symlinkSync('target.js', path.join(root, 'link.js'));
    lutimesSync(path.join(root, 'link.js'), BEFORE / 1000, BEFORE / 1000);
    git(root, 'add', 'link.js');
    setMtime(root, 'target.js', AFTER);
    expect(paths(await gitNewestSources(root, ['link.js'], ALL))).toEqual(['link.js']);
  });

  it("leaves the user's global excludes file out, as the walk does", async () => {
    const root = repo({ 'a.js': '1' });
    writeTree(root, { 'debug.tmp': 'x', '.home/ignore': '*.tmp\n' });
    writeFileSync(path.join(root, '.home/config'), `[core]\n\texcludesFile = ${path.join(root, '.home/ignore')}\n`);
    process.env.GIT_CONFIG_GLOBAL = path.join(root, '.home/config');
    setMtime(root, 'debug.tmp', AFTER);
    expect(paths(await gitNewestSources(root, ['*.tmp'], ALL))).toEqual(['debug.tmp']);
  });

  it('stops at the first newer file when only yes or no is asked', async () => {
    const root = repo({ 'a.js': '1', 'b.js': '1', 'c.js': '1' });
    for (const name of ['a.js', 'b.js', 'c.js']) setMtime(root, name, AFTER);
    git(root, 'add', '-A');
    const scan = await gitNewestSources(root, ['**'], { ...ALL, firstHit: true });
    expect(scan.kind === 'files' && scan.files.length).toBe(1);
  });

  const committed = () => repo({ 'a.js': '1' });
  it.each([
    ['outside any repository', () => makeTree({ 'a.js': '1' }), '.', /not in a git work tree/],
    ['with another repository inside', () => changed(committed(), (root) => (git(mkdirs(root, 'vendor/lib'), 'init', '-q'), writeTree(root, { 'vendor/lib/x.js': '1' }))), '.', /a git repository inside it, at vendor\/lib\//],
    ['with a submodule inside', () => changed(committed(), (root) => git(root, 'update-index', '--add', '--cacheinfo', `160000,${git(root, 'rev-parse', 'HEAD').trim()},mod`)), '.', /a submodule at mod/],
    ['in a directory the repository ignores', () => changed(committed(), (root) => writeTree(root, { '.gitignore': 'build/\n', 'build/x.js': '1' })), 'build', /ignores this directory/],
    ['with a split index', () => changed(committed(), (root) => git(root, 'update-index', '--split-index')), '.', /a split index/],
  ])('hands over to the walk %s', async (_what, setup: () => string, sub, reason) => {
    const cwd = path.join(setup(), sub);
    const scan = await gitNewestSources(cwd, ['**'], ALL);
    expect(scan.kind === 'unsupported' && scan.reason).toMatch(reason);
    // …which finds what a walk finds.
    writeTree(cwd, { 'late.js': 'l' });
    setMtime(cwd, 'late.js', AFTER);
    expect((await sourcesChangedSince(cwd, ['**'], ALL)).files.map((f) => f.path)).toContain('late.js');
  });
});

function mkdirs(root: string, dir: string): string {
  mkdirSync(path.join(root, dir), { recursive: true });
  return path.join(root, dir);
}

function changed(root: string, change: (root: string) => unknown): string {
  change(root);
  return root;
}
