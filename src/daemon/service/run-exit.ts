/**
 * A run's root process exited on its own (a crash, a finished task, a kill from outside,
 * a command that daemonized): the one line that says why is pulled from the end of that
 * run's log (incident 002), what the service still has running is looked up, and the
 * exit is reported; lifecycle.ts decides what it means and what follows.
 */
import { extractExitReason } from '../../protocol/exit-wording.js';
import { readLogTail } from '../../runtime/logs/log-tail.js';
import type { Survivors } from '../../runtime/process/leftovers.js';
import type { ExitInfo } from '../../runtime/types.js';
import type { LifecycleEvent } from './lifecycle-types.js';

/** How many of the run's last log lines are searched for the reason. */
const REASON_LINES = 50;

export async function reportExit(
  run: { runId: number; logFile: string; logOffset: number },
  exit: ExitInfo,
  survivors: () => Promise<Survivors>,
  report: (event: LifecycleEvent) => void,
): Promise<void> {
  const [lines, left] = await Promise.all([readLogTail(run.logFile, REASON_LINES, run.logOffset), survivors()]);
  report({ type: 'exited', runId: run.runId, exit, reason: extractExitReason(lines), leftovers: left.leftovers, holder: left.holder });
}
