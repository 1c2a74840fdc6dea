/**
 * A service's `build:` step, run to completion with its output in
 * .stack/logs/<svc>.build.log (truncated per build, so the whole file is this build).
 * A failed build is a sentence that points at that log (incident 003: quiet builds).
 */
import type { ServiceConfig } from '../../config/types.js';
import { displayPath } from '../../format.js';
import type { ProjectPaths } from '../../project-dir.js';
import { describeExit } from '../../protocol/exit-wording.js';
import type { Outcome } from './run.js';

export interface BuildResult {
  code: number | null;
  signal: string | null;
  durationMs: number;
  outcome: Outcome;
}

export async function runBuildStep(config: ServiceConfig, buildLog: string, paths: ProjectPaths): Promise<BuildResult> {
  const { build, cwd, env } = config;
  if (!build) return { code: 0, signal: null, durationMs: 0, outcome: { ok: true } };
  // Loaded on first use: it pulls in execa, which most stacks (no `build:`) never need.
  const { runBuild } = await import('../../runtime/process/build.js');
  const result = await runBuild({ command: build, cwd, env, logFile: buildLog });
  const outcome: Outcome =
    result.code === 0 ? { ok: true } : { ok: false, reason: `build failed (${describeExit(result)}); see ${displayPath(buildLog, paths.root)}` };
  return { code: result.code, signal: result.signal, durationMs: result.durationMs, outcome };
}
