/**
 * A run's process exited on its own (a crash, a finished task, a kill from outside): how
 * it ended, and why, from the end of that run's log, goes on record; the restart policy
 * decides what follows.
 */
import { readLogTail } from '../../runtime/logs/log-tail.js';
import type { ExitInfo } from '../../runtime/types.js';
import { extractExitReason } from '../../protocol/exit-wording.js';
import type { ServiceRuntime } from './service.js';

/** How many of the run's last log lines are searched for the reason. */
const REASON_LINES = 50;

export async function onRunExit(service: ServiceRuntime, exit: ExitInfo, controller: AbortController): Promise<void> {
  if (!service.claimExit(controller)) return;
  const reason = extractExitReason(await readLogTail(service.logFile, REASON_LINES, service.runLog?.from ?? 0));
  service.lastExit = { code: exit.code, signal: exit.signal, at: new Date(exit.at).toISOString(), reason };
  service.run.exit = exit;
  const ranForMs = service.uptime();
  service.identity = null;
  service.health = 'unknown';
  service.setState('exited');
  service.record('exit', { code: exit.code, signal: exit.signal, reason });
  // `up` reports a crash at start at once; the policy still retries it in the background
  // (the cause may be passing) until it counts as a crash loop.
  service.autoRestart.handle({ kind: 'exit', code: exit.code, signal: exit.signal }, service.exitDescription(), ranForMs);
}
