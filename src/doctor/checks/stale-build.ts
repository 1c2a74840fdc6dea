/**
 * A service whose last build failed (incident 003: quiet builds hid failures). What runs
 * is the last build that worked, or nothing: the message shows the end of the build log.
 * Warning, not error: the running version may be fine, but it is not the code on disk.
 */
import { readFile } from 'node:fs/promises';
import { describeExit } from '../../protocol/exit-wording.js';
import type { StackEvent } from '../../protocol/events.js';
import { displayPath, formatClock } from '../../format.js';
import { buildLogFile } from '../../project-dir.js';
import { readLogTail } from '../../runtime/logs/log-tail.js';
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
      if (!last || last.code === 0) return null;
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
