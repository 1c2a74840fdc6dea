/**
 * A service whose last build failed (incident 003: quiet builds hid failures): what runs
 * is the last build that worked, or nothing, and the message shows the end of the build
 * log. Or, with `build: { command, outputs }`, a build older than its sources: the oldest
 * output predates the newest source, or no output exists. Warning, not error: the running
 * version may be fine, but it is not the code on disk.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { describeExit } from '../../protocol/exit-wording.js';
import type { StackEvent } from '../../protocol/events.js';
import { displayPath, formatClock } from '../../format.js';
import { buildLogFile } from '../../project-dir.js';
import { readLogTail } from '../../runtime/logs/log-tail.js';
import { buildFacts } from '../../runtime/sources/build-outputs.js';
import type { ServiceConfig } from '../../config/types.js';
import type { ProjectPaths } from '../../project-dir.js';
import { buildVerdict } from '../build-verdict.js';
import type { Check, Finding } from '../types.js';

const TAIL_LINES = 3;

export const staleBuild: Check = async ({ config, paths }) => {
  if (!config) return [];
  const built = Object.values(config.services).filter((s) => s.build);
  if (built.length === 0) return [];
  const lastBuild = await lastBuildEvents(paths.eventsFile);
  const findings = await Promise.all(
    built.map(async (service): Promise<Finding | null> => {
      const last = lastBuild.get(service.name);
      if (!last || last.code === 0) return olderThanSources(service, paths);
      const log = buildLogFile(paths, service.name);
      const tail = (await readLogTail(log, TAIL_LINES)).join(' / ');
      const how = describeExit({ code: (last.code as number | null) ?? null, signal: (last.signal as string | null) ?? null });
      return {
        check: 'stale-build',
        severity: 'warning',
        service: service.name,
        message: `${service.name}'s last build failed (${how} at ${formatClock(last.at)})${tail ? `: ${tail}` : ''}; what runs is not the code on disk`,
        hint: `less ${displayPath(log, paths.root)}   (after fixing: stack restart ${service.name}, which builds first)`,
        fixable: false,
      };
    }),
  );
  return findings.filter((f): f is Finding => f !== null);
};

/** `build: { command, outputs }`: the outputs against the sources. */
async function olderThanSources(service: ServiceConfig, paths: ProjectPaths): Promise<Finding | null> {
  const outputs = service.buildOutputs ?? [];
  if (outputs.length === 0) return null;
  const verdict = buildVerdict(await buildFacts(service.cwd, service.watch, outputs));
  if (verdict.kind === 'fresh') return null;
  const shown = (rel: string) => path.relative(paths.root, path.join(service.cwd, rel)).split(path.sep).join('/');
  const message =
    verdict.kind === 'missing'
      ? `${service.name}'s build outputs are missing: nothing matches ${outputs.join(', ')} under ${displayPath(service.cwd, paths.root)}`
      : `${service.name}'s build is older than its sources: ${shown(verdict.newestSource.path)} (modified ${clock(verdict.newestSource.mtimeMs)}) is newer than the oldest output, ${shown(verdict.oldestOutput.path)} (written ${clock(verdict.oldestOutput.mtimeMs)})`;
  return {
    check: 'stale-build',
    severity: 'warning',
    service: service.name,
    message,
    hint: `stack restart ${service.name}   (it builds first)`,
    fixable: false,
  };
}

function clock(ms: number): string {
  return formatClock(new Date(ms).toISOString());
}

/** The latest `build` event of each service in the timeline. */
async function lastBuildEvents(eventsFile: string): Promise<Map<string, StackEvent>> {
  const last = new Map<string, StackEvent>();
  let text = '';
  try {
    text = await readFile(eventsFile, 'utf8');
  } catch {
    return last;
  }
  for (const line of text.split('\n')) {
    if (!line.includes('"type":"build"')) continue;
    try {
      const event = JSON.parse(line) as StackEvent;
      if (event.service) last.set(event.service, event);
    } catch {
      // a line cut short by a crash mid-write
    }
  }
  return last;
}
