// git's index read by stack (git-index.ts) against index files git itself wrote: real
// repositories in temp directories, each layout the reader handles or refuses.
import { execFileSync } from 'node:child_process';
import { lutimesSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIndex, readVarint, type IndexReading } from '../../../../src/runtime/sources/git-index.js';
import { gitEnv } from '../../../helpers/git.js';
import { makeTree, setMtime } from './helpers.js';

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...gitEnv(dir) }, encoding: 'utf8' });

const OLD = Date.parse('2026-01-01T00:00:00Z');
const START = OLD + 3_600_000;
const NEW = START + 60_000;

/** A committed repository whose files all carry OLD as mtime, except those named in `newer`. */
function repo(files: Record<string, string>, newer: string[] = [], init: string[] = []): string {
  const root = makeTree(files);
  git(root, 'init', '-q', ...init);
  for (const name of Object.keys(files)) setMtime(root, name, newer.includes(name) ? NEW : OLD);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'one');
  return root;
}

function read(root: string, prefix = '', since = START, hashBytes = 20): IndexReading {
  return readIndex(readFileSync(path.join(root, '.git/index')), { hashBytes, prefix, since });
}

function candidates(reading: IndexReading): string[] {
  if (reading.kind !== 'entries') throw new Error(`unsupported: ${reading.reason}`);
  return [...reading.candidates].sort();
}

const FILES = { 'a.js': 'a', 'src/b.js': 'b', 'src/deep/c.js': 'c', 'srcx/d.js': 'd' };

describe('readIndex', () => {
  it.each([2, 3, 4])('version %i: the entries recorded as modified after `since`, under the prefix', (version) => {
    const root = repo(FILES, ['src/deep/c.js', 'srcx/d.js']);
    git(root, 'update-index', '--index-version', String(version));
    expect(candidates(read(root))).toEqual(['src/deep/c.js', 'srcx/d.js']);
    expect(candidates(read(root, 'src/'))).toEqual(['src/deep/c.js']);
    expect(read(root, 'src/')).toMatchObject({ total: 2 });
    expect(read(root)).toMatchObject({ total: 4 });
    // Everything is a candidate when nothing is known about the moment.
    expect(candidates(read(root, '', -Infinity))).toEqual(Object.keys(FILES).sort());
    expect(candidates(read(root, 'nothing/'))).toEqual([]);
  });

  it('counts an entry recorded in the same second as `since` (its nanoseconds may be lost)', () => {
    const root = repo(FILES);
    setMtime(root, 'a.js', START + 100);
    git(root, 'add', 'a.js');
    expect(candidates(read(root, '', START + 400))).toEqual(['a.js']);
    expect(candidates(read(root, '', START + 1000))).toEqual([]);
  });

  it('keeps the entries git does not stat: symlinks, assume-unchanged, skip-worktree (version 3 flags)', () => {
    const root = repo(FILES);
    symlinkSync('a.js', path.join(root, 'link.js'));
    lutimesSync(path.join(root, 'link.js'), OLD / 1000, OLD / 1000);
    git(root, 'add', 'link.js');
    git(root, 'update-index', '--assume-unchanged', 'src/b.js');
    git(root, 'update-index', '--skip-worktree', 'srcx/d.js');
    expect(candidates(read(root))).toEqual(['link.js', 'src/b.js', 'srcx/d.js']);
  });

  it('reads paths longer than the 12-bit length field', () => {
    const root = repo(FILES);
    const long = `${'d'.repeat(200)}/`.repeat(25) + 'x.js';
    const blob = git(root, 'hash-object', '-w', 'a.js').trim();
    git(root, 'update-index', '--add', '--cacheinfo', `100644,${blob},${long}`);
    const found = candidates(read(root, '', -Infinity));
    expect(found).toContain(long);
    expect(found).toContain('srcx/d.js');
    git(root, 'update-index', '--index-version', '4');
    expect(candidates(read(root, '', -Infinity))).toContain(long);
  });

  it('reads a sha256 repository with 32-byte ids', () => {
    const root = repo(FILES, ['src/b.js'], ['--object-format=sha256']);
    expect(candidates(read(root, '', START, 32))).toEqual(['src/b.js']);
  });

  it.each([
    ['a submodule under the prefix', (root: string) => git(root, 'update-index', '--add', '--cacheinfo', `160000,${git(root, 'rev-parse', 'HEAD').trim()},src/mod`), 'a submodule at src/mod'],
    ['a split index', (root: string) => git(root, 'update-index', '--split-index'), 'a split index'],
    ['a sparse index', (root: string) => git(root, 'sparse-checkout', 'set', '--cone', '--sparse-index', 'src'), 'a sparse index'],
  ])('refuses %s', (_what, change, reason) => {
    const root = repo(FILES);
    change(root);
    expect(read(root)).toEqual({ kind: 'unsupported', reason });
  });

  it('reads past a submodule outside the prefix', () => {
    const root = repo(FILES);
    git(root, 'update-index', '--add', '--cacheinfo', `160000,${git(root, 'rev-parse', 'HEAD').trim()},vendor/mod`);
    expect(candidates(read(root, 'src/', -Infinity))).toEqual(['src/b.js', 'src/deep/c.js']);
  });

  it('refuses what is not an index of a version it knows', () => {
    const root = repo(FILES);
    const bytes = readFileSync(path.join(root, '.git/index'));
    expect(readIndex(Buffer.from('nope'), { hashBytes: 20, prefix: '', since: START })).toMatchObject({ kind: 'unsupported' });
    const v5 = Buffer.from(bytes);
    v5.writeUInt32BE(5, 4);
    expect(readIndex(v5, { hashBytes: 20, prefix: '', since: START })).toEqual({ kind: 'unsupported', reason: 'index version 5' });
    expect(readIndex(bytes.subarray(0, 40), { hashBytes: 20, prefix: '', since: START })).toMatchObject({ kind: 'unsupported' });
  });
});

describe('readVarint', () => {
  it.each([
    [[0x00], 0],
    [[0x7f], 127],
    [[0x80, 0x00], 128],
    [[0x80, 0x7f], 255],
    [[0x81, 0x00], 256],
    [[0xff, 0x7f], 16511],
    [[0x80, 0x80, 0x00], 16512],
  ])('%j is %i', (bytes, value) => {
    expect(readVarint(Buffer.from(bytes), 0)).toEqual({ value, next: bytes.length });
  });

  it('is null past the end', () => {
    expect(readVarint(Buffer.from([0x80]), 0)).toBeNull();
  });
});
