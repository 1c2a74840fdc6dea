import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anySourceFile, anySourceNewerThan, newestSourceFiles } from '../../../../src/runtime/sources/scan.js';
import { makeTree, setMtime } from './helpers.js';

/** A fixed past moment, so mtimes are whole seconds we choose (utimes has second precision on some file systems). */
const T = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;

/** A tree of empty files with the given mtimes; `withContent` files get mtime T. */
function aged(mtimes: Record<string, number>, withContent: Record<string, string> = {}): string {
  const cwd = makeTree({ ...Object.fromEntries(Object.keys(mtimes).map((name) => [name, ''])), ...withContent });
  for (const [name, mtimeMs] of Object.entries(mtimes)) setMtime(cwd, name, mtimeMs);
  for (const name of Object.keys(withContent)) setMtime(cwd, name, T);
  return cwd;
}

describe('newestSourceFiles', () => {
  it('returns files modified after `since`, newest first, relative to cwd', async () => {
    const cwd = aged({ 'src/old.ts': T - MINUTE, 'src/new.ts': T + 2 * MINUTE, 'src/newer.ts': T + 3 * MINUTE, 'package.json': T + MINUTE });
    const { files, scanned } = await newestSourceFiles(cwd, ['**'], { since: T, limit: 10 });
    expect(files).toEqual([
      { path: 'src/newer.ts', mtimeMs: T + 3 * MINUTE },
      { path: 'src/new.ts', mtimeMs: T + 2 * MINUTE },
      { path: 'package.json', mtimeMs: T + MINUTE },
    ]);
    expect(scanned).toBe(4);
  });

  it('does not count a file modified exactly at `since`', async () => {
    const cwd = aged({ 'a.ts': T, 'b.ts': T + 1000 });
    const { files } = await newestSourceFiles(cwd, ['**'], { since: T, limit: 10 });
    expect(files.map((f) => f.path)).toEqual(['b.ts']);
  });

  it('returns at most `limit` files, the newest ones, ties in path order', async () => {
    const mtimes: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) mtimes[`f/${String(i).padStart(4, '0')}.ts`] = T + (i % 1500) * 1000;
    const cwd = aged(mtimes);
    const { files, scanned } = await newestSourceFiles(cwd, ['**'], { since: T, limit: 3 });
    expect(scanned).toBe(3000);
    expect(files).toEqual([
      { path: 'f/1499.ts', mtimeMs: T + 1499_000 },
      { path: 'f/2999.ts', mtimeMs: T + 1499_000 },
      { path: 'f/1498.ts', mtimeMs: T + 1498_000 },
    ]);
    expect((await newestSourceFiles(cwd, ['**'], { since: T, limit: 0 })).files).toEqual([]);
  });

  it('never reports ignored files, however new', async () => {
    const cwd = aged(
      { 'src/a.ts': T - MINUTE, 'node_modules/dep/index.js': T + MINUTE, '.stack/logs/api.log': T + MINUTE, 'dist/out.js': T + MINUTE, 'debug.log': T + MINUTE, 'docs/x.md': T + MINUTE },
      { '.gitignore': 'dist/\n*.log\n' },
    );
    const { files, scanned } = await newestSourceFiles(cwd, ['src/**', '.gitignore'], { since: T - 2 * MINUTE, limit: 10 });
    expect(files.map((f) => f.path)).toEqual(['.gitignore', 'src/a.ts']);
    expect(scanned).toBe(2);
  });

  it('skips dangling symlinks and finds nothing in a missing directory', async () => {
    const cwd = aged({ 'a.ts': T + MINUTE });
    symlinkSync(path.join(cwd, 'nowhere.ts'), path.join(cwd, 'dangling.ts'));
    expect((await newestSourceFiles(cwd, ['**'], { since: T, limit: 10 })).files.map((f) => f.path)).toEqual(['a.ts']);
    expect(await newestSourceFiles(path.join(cwd, 'missing'), ['**'], { since: 0, limit: 10 })).toEqual({ files: [], scanned: 0 });
  });
});

describe('anySourceNewerThan', () => {
  it('answers whether a source file is newer, ignoring ignored files', async () => {
    const cwd = aged({ 'src/a.ts': T, 'node_modules/x.js': T + MINUTE }, { '.gitignore': 'tmp/\n' });
    expect(await anySourceNewerThan(cwd, ['**'], T)).toBe(false);
    expect(await anySourceNewerThan(cwd, ['**'], T - 1)).toBe(true);
    setMtime(cwd, 'src/a.ts', T + 1);
    expect(await anySourceNewerThan(cwd, ['**'], T)).toBe(true);
  });

  it('answers yes and no over many directories', async () => {
    const mtimes: Record<string, number> = {};
    for (let d = 0; d < 20; d++) for (let i = 0; i < 50; i++) mtimes[`d${d}/f${i}.ts`] = T + (d === 13 && i === 7 ? MINUTE : 0);
    const cwd = aged(mtimes);
    expect(await anySourceNewerThan(cwd, ['**'], T)).toBe(true);
    expect(await anySourceNewerThan(cwd, ['**'], T + MINUTE)).toBe(false);
    expect(await anySourceNewerThan(cwd, ['d1*/**'], T)).toBe(true);
    expect(await anySourceNewerThan(cwd, ['d2*/**'], T)).toBe(false);
  });
});

describe('anySourceFile', () => {
  it.each([
    ['a file at the top', { 'a.ts': '' }, ['**'], true],
    ['only ignored and skipped files', { '.gitignore': 'tmp/\n*.log\n', 'tmp/a.ts': '', 'x.log': '', 'node_modules/y.js': '', '.stack/z': '' }, ['src/**'], false],
    ['deep down, past directories without sources', { 'a/b/c/d.ts': '', 'a/x.md': '', 'e/f.md': '' }, ['**/*.ts'], true],
    ['none the globs match', { 'a/b.md': '', 'c.md': '' }, ['**/*.ts'], false],
    ['an empty tree', { 'empty/': '' }, ['**'], false],
  ])('%s', async (_what, files: Record<string, string>, globs, expected) => {
    const cwd = makeTree(files);
    expect(await anySourceFile(cwd, globs)).toBe(expected);
    expect(await anySourceNewerThan(cwd, globs, Number.NEGATIVE_INFINITY)).toBe(expected);
  });

  it('counts a symlink to a file, not one to a directory or to nothing', async () => {
    const cwd = makeTree({ 'real/a.ts': '', 'links/': '' });
    symlinkSync(path.join(cwd, 'real'), path.join(cwd, 'links/dir'));
    symlinkSync(path.join(cwd, 'nowhere'), path.join(cwd, 'links/dangling'));
    expect(await anySourceFile(cwd, ['links/**'])).toBe(false);
    symlinkSync(path.join(cwd, 'real/a.ts'), path.join(cwd, 'links/a.ts'));
    expect(await anySourceFile(cwd, ['links/**'])).toBe(true);
  });
});
