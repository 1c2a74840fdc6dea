/** One line of `stack events`: when, which service, what happened, in words. */
import chalk from 'chalk';
import { describeExit } from '../../protocol/exit-wording.js';
import type { StackEvent } from '../../protocol/events.js';
import { formatDuration } from '../../format.js';
import { formatClock } from '../../format.js';

type Describe = (e: StackEvent) => string;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const withReason = (text: string, reason: unknown): string => (reason ? `${text}: ${str(reason)}` : text);
/** "pids 14060, 14061", "pid 14060". */
const pids = (v: unknown): string => {
  const list = Array.isArray(v) ? v.map(str) : [];
  return `${list.length === 1 ? 'pid' : 'pids'} ${list.join(', ')}`;
};
const leftBehind = (e: StackEvent): string => (Array.isArray(e.leftovers) && e.leftovers.length > 0 ? `; it left ${pids(e.leftovers)} running` : '');

const sentences: Record<string, Describe> = {
  start: (e) => `started (pid ${str(e.pid)})`,
  launch: (e) => {
    const after = e.after && typeof e.after === 'object' ? Object.entries(e.after as Record<string, unknown>) : [];
    return after.length === 0 ? 'starting' : `starting: ${after.map(([dep, condition]) => `${dep} is ${condition === 'completed' ? 'completed' : condition}`).join(', ')}`;
  },
  listening: (e) => `listening on ${str(e.address)}:${str(e.port)}`,
  'up-start': (e) => chalk.dim(`up of ${Array.isArray(e.services) ? e.services.map(str).join(', ') : ''} began`),
  'up-end': (e) => {
    const took = formatDuration(Number(e.elapsedMs ?? 0));
    if (e.ok === true) return chalk.dim(`up done in ${took} (stack analyze shows where the time went)`);
    const failed = Array.isArray(e.failed) ? e.failed.flatMap((f: unknown) => (f && typeof f === 'object' && !(f as { blocked?: unknown }).blocked ? [str((f as { service?: unknown }).service)] : [])) : [];
    return chalk.red(`up failed after ${took}${failed.length > 0 ? `: ${failed.join(', ')}` : e.error ? `: ${str(e.error)}` : ''}`);
  },
  adopt: (e) => `re-adopted pid ${str(e.pid)} after a daemon restart`,
  build: (e) =>
    e.code === 0
      ? `build finished in ${formatDuration(Number(e.durationMs ?? 0))}`
      : chalk.red(`build failed (${describeExit({ code: (e.code as number | null) ?? null, signal: (e.signal as string | null) ?? null })})`),
  stop: (e) => {
    const also = Array.isArray(e.leftovers) && e.leftovers.length > 0 ? `${e.pid === null ? ' ' : ' and '}what it left running (${pids(e.leftovers)})` : '';
    return `stopped${e.pid === null ? '' : ` pid ${str(e.pid)}`}${also}${e.escalated ? ' (SIGKILL after stop_timeout)' : ''}`;
  },
  exit: (e) =>
    chalk.red(
      withReason(describeExit({ code: (e.code as number | null) ?? null, signal: (e.signal as string | null) ?? null }), e.reason) + leftBehind(e),
    ),
  'leftovers-stopped': (e) => chalk.yellow(`stopped what it left running (${pids(e.pids)})${e.escalated ? ' (SIGKILL after stop_timeout)' : ''}`),
  daemonized: (e) => `daemonized: pid ${str(e.from)} exited 0 and left pid ${str(e.pid)} on the port; tracking pid ${str(e.pid)}`,
  health: (e) => (e.health === 'healthy' ? chalk.green(`healthy (${str(e.detail)})`) : chalk.red(`unhealthy: ${str(e.detail)}`)),
  'port-moved': (e) => chalk.yellow(`port ${str(e.from)} is held by ${str(e.holder)}; moved to ${str(e.to)} (port: auto)`),
  'memory-over-limit': (e) => chalk.red(`${str(e.reason)} (two samples in a row): stopping it`),
  'restart-scheduled': (e) => chalk.yellow(withReason(Number(e.delayMs ?? 0) > 0 ? `restarting in ${formatDuration(Number(e.delayMs))}` : 'restarting now', e.reason)),
  restart: (e) => chalk.yellow(withReason(`restart #${str(e.attempt)}`, e.reason)),
  crashloop: (e) => chalk.red(withReason(`crash loop: gave up after ${str(e.restarts)} restarts`, e.reason)),
  'start-failed': (e) => chalk.red(withReason('could not start', e.reason)),
  lost: (e) => chalk.red(`pid ${str(e.pid)} was gone when a new daemon looked for it${leftBehind(e)}`),
  stale: (e) => chalk.yellow(`stale: ${str(e.files)} changed after it started`),
  'daemon-start': (e) => chalk.dim(`daemon started (pid ${str(e.pid)})`),
  'daemon-stop': (e) => chalk.dim(`daemon stopped (pid ${str(e.pid)})`),
  'config-read': () => chalk.dim('stack.yaml changed; the daemon read it again (stack up applies it)'),
  'config-unreadable': (e) => chalk.red(str(e.problem)),
  'state-corrupt': (e) => chalk.red(`state.json was unreadable (${str(e.error)}); moved to ${str(e.movedTo)}`),
  'log-rotated': (e) => {
    const times = e.rotations ? ` ${str(e.rotations)} times` : '';
    const dropped = Number(e.droppedBytes ?? 0);
    if (dropped === 0) return `log rotated${times}`;
    // A flood: only the newest max_size of each rotation was kept.
    return chalk.yellow(`log rotated${times}; output flooded past max_size, ${(dropped / 1e6).toFixed(1)} MB dropped`);
  },
};

export function formatEvent(event: StackEvent, width: number): string {
  const describe = sentences[event.type];
  const { at: _at, type, service: _service, ...rest } = event;
  const text = describe ? describe(event) : `${type} ${JSON.stringify(rest)}`;
  const who = (event.service ?? 'stack').padEnd(width);
  return `${chalk.dim(formatClock(event.at))}  ${who}  ${text}`;
}
