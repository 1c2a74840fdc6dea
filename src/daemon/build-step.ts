/**
 * A service's `build:` step: run to completion with its output in
 * .stack/logs/<svc>.build.log (truncated per build, so the whole file is this build).
 * The service shows `building` meanwhile, then goes back to what it was.
 */
import { displayPath, type ProjectPaths } from '../paths.js';
import { describeExit } from './exit-reason.js';
import type { Outcome, ServiceRuntime } from './service.js';

export async function runBuildStep(service: ServiceRuntime, paths: ProjectPaths): Promise<Outcome> {
  const { build, cwd, env } = service.config;
  if (!build) return { ok: true };
  const previous = service.state;
  service.setState('building');
  service.emit('building');
  service.runLog = { file: service.buildLog, from: 0 };
  // Loaded on first use: it pulls in execa, which most stacks (no `build:`) never need.
  const { runBuild } = await import('../runtime/build.js');
  const result = await runBuild({ command: build, cwd, env, logFile: service.buildLog });
  service.record('build', { code: result.code, signal: result.signal, durationMs: result.durationMs });
  if (service.state === 'building') service.setState(previous);
  if (result.code === 0) return { ok: true };
  return { ok: false, reason: `build failed (${describeExit(result)}); see ${displayPath(paths, service.buildLog)}` };
}
