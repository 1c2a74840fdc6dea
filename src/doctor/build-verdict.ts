/**
 * Is a build older than its sources? (`build: { command, outputs }`, doctor's
 * `stale-build`.) Pure: the oldest output against the newest source, by mtime; no output
 * at all is a build that never ran (or writes elsewhere than its globs say).
 */
import type { BuildFacts, DatedFile } from '../runtime/sources/build-outputs.js';

export type BuildVerdict = { kind: 'fresh' } | { kind: 'missing' } | { kind: 'older'; oldestOutput: DatedFile; newestSource: DatedFile };

export function buildVerdict(facts: BuildFacts): BuildVerdict {
  if (facts.outputs === 0 || !facts.oldestOutput) return { kind: 'missing' };
  const { oldestOutput, newestSource } = facts;
  if (newestSource && newestSource.mtimeMs > oldestOutput.mtimeMs) return { kind: 'older', oldestOutput, newestSource };
  return { kind: 'fresh' };
}
