// What a process started with, from git's index and from hashes taken at start: real git,
// real files in temp directories.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobId, hashFile } from '../../../../src/runtime/sources/content-id.js';
import { hashedStartContents } from '../../../../src/runtime/sources/hashed-start.js';
import { takeStartContents } from '../../../../src/runtime/sources/start-contents.js';
import { gitEnv } from '../../../helpers/git.js';
import { makeTree, writeTree } from './helpers.js';

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...gitEnv(dir) }, encoding: 'utf8' });
const FAR_FUTURE = Date.now() + 3_600_000;

describe('blobId', () => {
  it('is git hash-object', () => {
    const root = makeTree({ 'a.js': 'hello\n' });
    expect(blobId(readFileSync(path.join(root, 'a.js')))).toBe(git(root, 'hash-object', 'a.js').trim());
    expect(hashFile(path.join(root, 'a.js'))).toMatchObject({ size: 6 });
    expect(hashFile(path.join(root, 'missing.js'))).toBeNull();
  });
});

describe('takeStartContents in a git repository', () => {
  function repo() {
    const root = makeTree({ '.gitignore': 'ignored/\n', 'svc/clean.js': 'clean\n', 'svc/edited.js': 'committed\n', 'svc/deleted.js': 'x\n', 'other/out.js': 'out\n' });
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'one');
    writeTree(root, { 'svc/edited.js': 'edited, not committed\n', 'svc/untracked.js': 'new\n', 'svc/ignored/x.js': 'ignored\n' });
    rmSync(path.join(root, 'svc/deleted.js'));
    return root;
  }
  const at = (root: string, rel: string) => path.join(root, rel);

  it('takes clean files from the index, hashes edited and untracked ones, knows what was absent', async () => {
    const root = repo();
    const cwd = at(root, 'svc');
    const contents = await takeStartContents({ cwd, globs: ['**'], loadedUntil: FAR_FUTURE, snapshotFile: at(root, '.stack-test/index') });
    expect(contents).toMatchObject({ by: 'content', reason: null });
    const files = ['clean.js', 'edited.js', 'untracked.js', 'deleted.js', 'created-later.js', '../other/out.js'].map((f) => path.join(cwd, f));
    const found = await contents.lookup(files);
    const id = (rel: string) => git(root, 'hash-object', rel).trim();
    // From the kept index itself, without its size (git zeroes it for an entry it wrote racily clean).
    expect(found.get(files[0]!)).toEqual({ kind: 'content', id: id('svc/clean.js') });
    expect(found.get(files[1]!)).toEqual({ kind: 'content', id: blobId(Buffer.from('edited, not committed\n')), size: 22 });
    expect(found.get(files[2]!)).toEqual({ kind: 'content', id: id('svc/untracked.js'), size: 4 });
    expect(found.get(files[3]!)).toEqual({ kind: 'absent' });
    expect(found.get(files[4]!)).toEqual({ kind: 'absent' });
    // git status looked at cwd only: a file outside it is not known.
    expect(found.get(files[5]!)).toEqual({ kind: 'unknown' });
  });

  it('answers from the index as it was at the start, whatever git does later', async () => {
    const root = repo();
    const cwd = at(root, 'svc');
    const contents = await takeStartContents({ cwd, globs: ['**'], loadedUntil: FAR_FUTURE, snapshotFile: at(root, '.stack-test/index') });
    const before = git(root, 'hash-object', 'svc/clean.js').trim();
    writeTree(root, { 'svc/clean.js': 'committed later\n' });
    git(root, 'commit', '-q', '-am', 'two');
    const found = await contents.lookup([path.join(cwd, 'clean.js')]);
    expect(found.get(path.join(cwd, 'clean.js'))).toMatchObject({ kind: 'content', id: before });
  });

  it('does not know an edited file modified after the start, and says so', async () => {
    const root = repo();
    const cwd = at(root, 'svc');
    const loadedUntil = statSync(at(root, 'svc/edited.js')).mtimeMs - 1;
    const contents = await takeStartContents({ cwd, globs: ['**'], loadedUntil, snapshotFile: at(root, '.stack-test/index') });
    expect(contents.by).toBe('mtime');
    expect(contents.reason).toMatch(/content at start of (edited|untracked)\.js and 1 more is not known/);
    const found = await contents.lookup([path.join(cwd, 'edited.js'), path.join(cwd, 'clean.js')]);
    expect(found.get(path.join(cwd, 'edited.js'))).toEqual({ kind: 'unknown' });
    expect(found.get(path.join(cwd, 'clean.js'))).toMatchObject({ kind: 'content' });
  });
});

describe('hashedStartContents outside git', () => {
  it('hashes every source within the budget; a file not seen was absent', async () => {
    const root = makeTree({ 'a.js': 'a\n', 'node_modules/x.js': 'dep\n' });
    const contents = await hashedStartContents({ cwd: root, globs: ['**'], loadedUntil: FAR_FUTURE });
    expect(contents).toMatchObject({ by: 'content', reason: null });
    const found = await contents.lookup([path.join(root, 'a.js'), path.join(root, 'later.js')]);
    expect(found.get(path.join(root, 'a.js'))).toEqual({ kind: 'content', id: blobId(Buffer.from('a\n')), size: 2 });
    expect(found.get(path.join(root, 'later.js'))).toEqual({ kind: 'absent' });
  });

  it('past the budget, the files not hashed are unknown and staleness goes by mtime', async () => {
    const root = makeTree({ 'a.js': 'a\n', 'b.js': 'b\n', 'c.js': 'c\n' });
    const contents = await hashedStartContents({ cwd: root, globs: ['**'], loadedUntil: FAR_FUTURE, budget: { files: 2, bytes: 1000 } });
    expect(contents.by).toBe('mtime');
    expect(contents.reason).toMatch(/not in a git repository, and more than 2 source files/);
    const found = await contents.lookup(['a.js', 'b.js', 'c.js', 'later.js'].map((f) => path.join(root, f)));
    expect([...found.values()].filter((c) => c.kind === 'content')).toHaveLength(2);
    expect(found.get(path.join(root, 'later.js'))).toEqual({ kind: 'unknown' });
  });
});
