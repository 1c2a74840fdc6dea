// A CommonJS bundle required through its V8 code cache behaves as `require` would: its
// exports, its own require, __filename; the cache a run writes is used by the next, and
// one older than its bundle (an earlier build) is not.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheFileOf, requireCached } from '../../../src/cli/cached-require.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'stack-cached-require-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The build's CommonJS copy, as bin/stack.js requires it (run `npm run build` first). */
const LOADER = path.resolve('dist/bundle/cli/cached-require.cjs');

function writeBundle(body: string): string {
  const file = path.join(dir, 'bundle.cjs');
  writeFileSync(file, body);
  return file;
}

describe('requireCached', () => {
  it('runs a CommonJS file with its exports, its own require and its file name', () => {
    const file = writeBundle("exports.name = require('node:path').basename(__filename); module.exports.dir = __dirname;");
    expect(requireCached(file)).toEqual({ name: 'bundle.cjs', dir });
  });

  it('a run that writes the cache leaves it next to the bundle; the next run takes it', () => {
    const file = writeBundle('exports.twice = (n) => n * 2; exports.twice(1);');
    const script = `console.log(require(${JSON.stringify(LOADER)}).requireCachedWriting(${JSON.stringify(file)}).twice(21))`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
    expect(out).toBe('42');
    expect(existsSync(cacheFileOf(file))).toBe(true);
    expect((requireCached(file) as { twice: (n: number) => number }).twice(4)).toBe(8);
  });

  it('a cache older than its bundle (an earlier build of the same length) is not used', () => {
    // V8 checks a cache against its source's length only: taken, this one would run the
    // earlier build's code and give 1.
    const file = writeBundle('exports.value = 1;');
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(LOADER)}).requireCachedWriting(${JSON.stringify(file)})`]);
    const past = new Date(Date.now() - 60_000);
    utimesSync(cacheFileOf(file), past, past);
    writeFileSync(file, 'exports.value = 2;');
    expect(requireCached(file)).toEqual({ value: 2 });
  });
});
