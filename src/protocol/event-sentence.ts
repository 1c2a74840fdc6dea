/**
 * One event of the timeline (.stack/events.jsonl) in words: what `stack events` prints
 * after the time and the service, and what the dashboard's timeline shows. The tone is
 * for colour (each reader picks its own); the words carry the meaning alone.
 */
import { describeExit } from './exit-wording.js';
import type { StackEvent } from './events.js';
import { moveSentence } from './port-move-wording.js';
import { formatDuration } from '../format.js';

/** error: something failed; warning: worth a look; good: it recovered; quiet: the daemon's own. */
export type EventTone = 'error' | 'warning' | 'good' | 'quiet' | 'plain';

export interface EventSentence {
  level: EventTone;
  text: string;
}

type Describe = (e: StackEvent) => EventSentence;

const tone = (level: EventTone, text: string): EventSentence => ({ level, text });
const plain = (text: string): EventSentence => ({ level: 'plain', text });

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const withReason = (text: string, reason: unknown): string => (reason ? `${text}: ${str(reason)}` : text);
/** "pids 14060, 14061", "pid 14060". */
const pids = (v: unknown): string => {
  const list = Array.isArray(v) ? v.map(str) : [];
  return `${list.length === 1 ? 'pid' : 'pids'} ${list.join(', ')}`;
};
const leftBehind = (e: StackEvent): string => (Array.isArray(e.leftovers) && e.leftovers.length > 0 ? `; it left ${pids(e.leftovers)} running` : '');

const sentences: Record<string, Describe> = {
  start: (e) => plain(`started (pid ${str(e.pid)})`),
  launch: (e) => {
    const after = e.after && typeof e.after === 'object' ? Object.entries(e.after as Record<string, unknown>) : [];
    return plain(after.length === 0 ? 'starting' : `starting: ${after.map(([dep, condition]) => `${dep} is ${condition === 'completed' ? 'completed' : condition}`).join(', ')}`);
  },
  listening: (e) => plain(`listening on ${str(e.address)}:${str(e.port)}`),
  'up-start': (e) => tone('quiet', `up of ${Array.isArray(e.services) ? e.services.map(str).join(', ') : ''} began`),
  'up-end': (e) => {
    const took = formatDuration(Number(e.elapsedMs ?? 0));
    if (e.ok === true) return tone('quiet', `up done in ${took} (stack analyze shows where the time went)`);
    const failed = Array.isArray(e.failed) ? e.failed.flatMap((f: unknown) => (f && typeof f === 'object' && !(f as { blocked?: unknown }).blocked ? [str((f as { service?: unknown }).service)] : [])) : [];
    return tone('error', `up failed after ${took}${failed.length > 0 ? `: ${failed.join(', ')}` : e.error ? `: ${str(e.error)}` : ''}`);
  },
  adopt: (e) => plain(`re-adopted pid ${str(e.pid)} after a daemon restart`),
  build: (e) =>
    e.code === 0
      ? plain(`build finished in ${formatDuration(Number(e.durationMs ?? 0))}`)
      : tone('error', `build failed (${describeExit({ code: (e.code as number | null) ?? null, signal: (e.signal as string | null) ?? null })})`),
  stop: (e) => {
    const also = Array.isArray(e.leftovers) && e.leftovers.length > 0 ? `${e.pid === null ? ' ' : ' and '}what it left running (${pids(e.leftovers)})` : '';
    return plain(`stopped${e.pid === null ? '' : ` pid ${str(e.pid)}`}${also}${e.escalated ? ' (SIGKILL after stop_timeout)' : ''}`);
  },
  exit: (e) =>
    tone(
      'error',
      withReason(describeExit({ code: (e.code as number | null) ?? null, signal: (e.signal as string | null) ?? null }), e.reason) + leftBehind(e),
    ),
  'leftovers-stopped': (e) => tone('warning', `stopped what it left running (${pids(e.pids)})${e.escalated ? ' (SIGKILL after stop_timeout)' : ''}`),
  daemonized: (e) => plain(`daemonized: pid ${str(e.from)} exited 0 and left pid ${str(e.pid)} on the port; tracking pid ${str(e.pid)}`),
  health: (e) => (e.health === 'healthy' ? tone('good', `healthy (${str(e.detail)})`) : tone('error', `unhealthy: ${str(e.detail)}`)),
  'port-moved': (e) => tone('warning', moveSentence({ from: e.from, to: e.to, holder: e.holder })),
  'memory-over-limit': (e) => tone('error', `${str(e.reason)} (two samples in a row): stopping it`),
  // Two moments of one restart: the restart policy's decision when the process failed,
  // then (after the backoff) the new run beginning, before its `started (pid N)`.
  'restart-scheduled': (e) => tone('warning', withReason(Number(e.delayMs ?? 0) > 0 ? `will restart in ${formatDuration(Number(e.delayMs))}` : 'will restart at once', e.reason)),
  // A restart for changed sources is not counted: it has no attempt number.
  restart: (e) => tone('warning', withReason(e.attempt === undefined || e.attempt === null ? 'restart begins' : `restart #${str(e.attempt)} begins`, e.reason)),
  crashloop: (e) => tone('error', withReason(`crash loop: gave up after ${str(e.restarts)} restarts`, e.reason)),
  'start-failed': (e) => tone('error', withReason('could not start', e.reason)),
  lost: (e) => tone('error', `pid ${str(e.pid)} was gone when a new daemon looked for it${leftBehind(e)}`),
  stale: (e) => tone('warning', `stale: ${str(e.files)} changed after it started`),
  'daemon-start': (e) => tone('quiet', `daemon started (pid ${str(e.pid)})`),
  'daemon-stop': (e) => tone('quiet', `daemon stopped (pid ${str(e.pid)})`),
  'config-read': () => tone('quiet', 'stack.yaml changed; the daemon read it again (stack up applies it)'),
  'config-unreadable': (e) => tone('error', str(e.problem)),
  'state-corrupt': (e) => tone('error', `state.json was unreadable (${str(e.error)}); moved to ${str(e.movedTo)}`),
  'log-rotated': (e) => {
    const times = e.rotations ? ` ${str(e.rotations)} times` : '';
    const dropped = Number(e.droppedBytes ?? 0);
    if (dropped === 0) return plain(`log rotated${times}`);
    // A flood: only the newest max_size of each rotation was kept.
    return tone('warning', `log rotated${times}; output flooded past max_size, ${(dropped / 1e6).toFixed(1)} MB dropped`);
  },
};

/** The sentence for `event`; an event type this build does not know is shown as its JSON. */
export function eventSentence(event: StackEvent): EventSentence {
  const describe = sentences[event.type];
  if (describe) return describe(event);
  const { at: _at, type, service: _service, ...rest } = event;
  return plain(`${type} ${JSON.stringify(rest)}`);
}
