/**
 * What a start does before it spawns: the service's `build:` step, run to completion with
 * its output in .stack/logs/<svc>.build.log (truncated per build, so the whole file is
 * this build; the service shows `building` meanwhile), then the check that its port is
 * free.
 */
import { displayPath } from '../../format.js';
import type { ProjectPaths } from '../../project-dir.js';
import { describeExit } from '../../protocol/exit-wording.js';
import { portTakenReason } from './port-check.js';
import type { Outcome, ServiceRuntime } from './service.js';

export type BeforeSpawn = 'go' | 'aborted' | { reason: string; keepLog: boolean };

/** Build (unless the caller just did), then the port check; 'aborted' when a stop came meanwhile. */
export async function beforeSpawn(service: ServiceRuntime, { skipBuild, signal }: { skipBuild: boolean; signal: AbortSignal }): Promise<BeforeSpawn> {
  if (service.config.build && !skipBuild) {
    const built = await service.build();
    // The build log is the run's output to show.
    if (!built.ok) return { reason: built.reason, keepLog: true };
    if (signal.aborted) return 'aborted';
  }
  service.setState('starting');
  service.emit('starting');
  const busy = await portTakenReason(service.config.port);
  if (busy) return { reason: busy, keepLog: false };
  return signal.aborted ? 'aborted' : 'go';
}

export async function runBuildStep(service: ServiceRuntime, paths: ProjectPaths): Promise<Outcome> {
  const { build, cwd, env } = service.config;
  if (!build) return { ok: true };
  const previous = service.state;
  service.setState('building');
  service.emit('building');
  service.runLog = { file: service.buildLog, from: 0 };
  // Loaded on first use: it pulls in execa, which most stacks (no `build:`) never need.
  const { runBuild } = await import('../../runtime/process/build.js');
  const result = await runBuild({ command: build, cwd, env, logFile: service.buildLog });
  service.record('build', { code: result.code, signal: result.signal, durationMs: result.durationMs });
  if (service.state === 'building') service.setState(previous);
  if (result.code === 0) return { ok: true };
  return { ok: false, reason: `build failed (${describeExit(result)}); see ${displayPath(service.buildLog, paths.root)}` };
}
