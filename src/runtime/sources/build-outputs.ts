/**
 * The facts doctor's `stale-build` compares (`build: { command, outputs }`): the oldest
 * file the build wrote and the newest source it was built from. Outputs are found by their
 * globs alone: a build's outputs are usually .gitignore'd (dist/), and still outputs.
 * Sources are the service's watched files minus the outputs, so a build never counts as
 * newer than itself.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fdir } from 'fdir';
import { compileWatchGlobs } from './globs.js';
import { ALWAYS_SKIPPED } from './matcher.js';
import { relativeTo } from './relative.js';
import { walkSources } from './scan.js';

export interface DatedFile {
  /** Relative to cwd, with `/` separators. */
  path: string;
  mtimeMs: number;
}

export interface BuildFacts {
  oldestOutput: DatedFile | null;
  newestSource: DatedFile | null;
  outputs: number;
}

export async function buildFacts(cwd: string, watch: readonly string[], outputs: readonly string[]): Promise<BuildFacts> {
  const root = path.resolve(cwd);
  const outputGlobs = compileWatchGlobs(outputs);
  const isOutput = (file: string): boolean => {
    const rel = relativeTo(root, file);
    return rel !== null && rel !== '' && outputGlobs.matches(rel);
  };
  let oldestOutput: DatedFile | null = null;
  let count = 0;
  await new fdir()
    .withFullPaths()
    .exclude((name, dirPath) => {
      const rel = relativeTo(root, dirPath.replace(/[\\/]+$/, ''));
      return ALWAYS_SKIPPED.has(name) || (rel !== null && !outputGlobs.mayContain(rel));
    })
    .filter((file) => {
      if (!isOutput(file)) return false;
      const stats = statSync(file, { throwIfNoEntry: false });
      if (!stats?.isFile()) return false;
      count++;
      if (!oldestOutput || stats.mtimeMs < oldestOutput.mtimeMs) oldestOutput = { path: relativeTo(root, file) ?? file, mtimeMs: stats.mtimeMs };
      return false;
    })
    .crawl(root)
    .withPromise();
  let newestSource: DatedFile | null = null;
  await walkSources(root, watch, (file, mtimeMs) => {
    if (!isOutput(file) && (!newestSource || mtimeMs > newestSource.mtimeMs)) newestSource = { path: relativeTo(root, file) ?? file, mtimeMs };
    return false;
  });
  return { oldestOutput, newestSource, outputs: count };
}
