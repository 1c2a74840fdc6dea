/**
 * Requires a one-file CommonJS bundle compiled from V8's code cache, `<file>.cache`, when
 * there is one this Node accepts (same V8 version and flags); else it is compiled as
 * `require` would. Compiling is most of what loading a large bundle costs: doctor's
 * (fast-doctor.cjs, 1.1 MB with zod and yaml) took ~25 ms to compile and ~20 ms to run
 * its first time; from the cache, ~5 and ~15 (docs/benchmarks.md, "Speed work"). The
 * cache is written at build time by a run of the bundle (scripts/code-cache.mjs), so it
 * holds the functions that run compiled, not only the top level. A cache of another Node
 * is refused by V8 itself and costs only its reading: run `npm run build` again.
 *
 * bin/stack.js loads this file as dist/bundle/cli/cached-require.cjs (CommonJS).
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

interface CommonJsModule {
  exports: unknown;
}

type Wrapper = (exports: unknown, require: NodeJS.Require, module: CommonJsModule, filename: string, dirname: string) => void;

/** The code cache written next to a bundle. */
export function cacheFileOf(file: string): string {
  return `${file}.cache`;
}

export function requireCached(file: string): unknown {
  return load(file, false);
}

/** The same, and when the process exits, writes the cache of everything it compiled of the bundle (build time). */
export function requireCachedWriting(file: string): unknown {
  return load(file, true);
}

function load(file: string, write: boolean): unknown {
  const source = readFileSync(file, 'utf8');
  const cachedData = write ? undefined : cacheOf(file);
  // Node's own CommonJS wrapper, on the source's first line (stack traces keep their lines).
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename: file, cachedData });
  if (write) process.once('exit', () => writeAtomically(cacheFileOf(file), script.createCachedData()));
  const module: CommonJsModule = { exports: {} };
  (script.runInThisContext() as Wrapper)(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

/**
 * The cache, when it was written after the bundle. V8 checks a cache against its source's
 * length only, so one left from an earlier build of the same length would run that
 * build's code: the build removes it first (scripts/bundle.mjs), and this refuses one
 * older than the bundle.
 */
function cacheOf(file: string): Buffer | undefined {
  try {
    const cache = cacheFileOf(file);
    if (statSync(cache).mtimeMs < statSync(file).mtimeMs) return undefined;
    return readFileSync(cache);
  } catch {
    // No cache (a build that did not write one): compiled as usual.
    return undefined;
  }
}

function writeAtomically(file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, file);
}
