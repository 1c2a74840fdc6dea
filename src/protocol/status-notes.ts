/**
 * What needs attention about a service, in the words `stack status` prints in its NOTES
 * column and the dashboard shows beside each row: STALE with the newest changed file,
 * CONFIG CHANGED with the keys, crash reasons, a pending restart, a foreign holder, a
 * port mismatch. Plain data (a level and the words); each reader picks its own colours.
 */
import { formatClock, formatDuration } from '../format.js';
import { describeExit, describeLastExit, isCleanExit } from './exit-wording.js';
import type { ServiceStatus } from './status.js';

/** error: wrong now; warning: worth a look; quiet: history (a past exit of a running service). */
export type NoteLevel = 'error' | 'warning' | 'quiet';

export interface StatusNote {
  level: NoteLevel;
  /** A marker written in capitals before the words (STALE, CONFIG CHANGED). */
  label?: 'STALE' | 'CONFIG CHANGED';
  text: string;
}

export function statusNotes(s: ServiceStatus, now: number): StatusNote[] {
  const out: StatusNote[] = [];
  if (s.stale) out.push({ level: 'error', label: 'STALE', text: staleText(s) });
  const changes = s.configChanges ?? [];
  if (changes.length > 0) out.push({ level: 'error', label: 'CONFIG CHANGED', text: changes.join(', ') });
  for (const note of s.notes ?? []) out.push({ level: 'warning', text: note });
  if (s.health === 'unhealthy' && s.healthDetail) out.push({ level: 'error', text: s.healthDetail });
  if (s.port !== null && s.listening.length > 0 && !s.listening.includes(s.port)) {
    out.push({ level: 'warning', text: `listens on ${s.listening.join(', ')}, not ${s.port}` });
  }
  if ((s.state === 'exited' || s.state === 'crashloop') && s.lastExit) {
    // A one-shot job (no port: doctor's test where it has no config, service-state.ts) that exited 0 did its work.
    const done = s.state === 'exited' && s.port === null && isCleanExit(s.lastExit);
    out.push(done ? { level: 'quiet', text: `completed at ${formatClock(s.lastExit.at)}` } : { level: 'error', text: describeLastExit(s.lastExit, formatClock) });
  }
  if (s.restartAt) {
    out.push({ level: 'warning', text: `restarting in ${formatDuration(Math.max(0, Date.parse(s.restartAt) - now))}` });
  } else if (s.state === 'crashloop') {
    out.push({ level: 'error', text: `gave up after ${s.restarts} restarts; fix it, then: stack restart ${s.name}` });
  } else if (s.state === 'running' && s.managedBy === 'stack' && s.restarts > 0 && s.lastExit) {
    out.push({ level: 'quiet', text: `last ${describeExit(s.lastExit)} at ${formatClock(s.lastExit.at)}` });
  }
  if (s.managedBy === 'stack' && s.pid !== null && (s.state === 'exited' || s.state === 'stopped' || s.state === 'crashloop')) {
    out.push({ level: 'warning', text: `its process is gone but pid ${s.pid}, which it started, still holds the port; stack down stops it` });
  }
  if (s.managedBy === 'foreign') {
    const what = s.foreign?.command ? ` (${s.foreign.command}${s.foreign.cwd ? ` in ${s.foreign.cwd}` : ''})` : '';
    out.push({ level: 'warning', text: `not started by stack: pid ${s.pid ?? '?'}${what} holds the port` });
  }
  return out;
}

/** "api/routes.js modified 3m12s after start (+2 more)"; empty without a start time. */
function staleText(s: ServiceStatus): string {
  const [newest, ...rest] = s.staleFiles;
  if (!newest || !s.startedAt) return '';
  const after = formatDuration(Math.max(0, Date.parse(newest.modifiedAt) - Date.parse(s.startedAt)));
  const more = rest.length > 0 ? ` (+${rest.length} more)` : '';
  return `${newest.path} modified ${after} after start${more}`;
}
